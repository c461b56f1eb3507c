// The app's dependencies on a fresh file database, as every bench run that drives daftarin's own code builds them.

import { join } from 'node:path';
import type { Channel } from '../src/channels/channel.ts';
import { loadConfig } from '../src/config.ts';
import { openVault } from '../src/domain/vault.ts';
import { silentLogger } from '../src/log.ts';
import { openDatabase } from '../src/store/db.ts';

/** Config, database, vault and a fixed clock in `dir`, keyed by `dataKey`: what buildApp/buildFeatures take. */
export function benchDeps(dir: string, dataKey: string, now: number, channels: Channel[] = []) {
  const config = loadConfig({ DATABASE_PATH: join(dir, 'daftarin.db'), DATA_KEY: dataKey, LOG_LEVEL: 'silent' });
  const db = openDatabase(config.DATABASE_PATH);
  const vault = openVault({ dataKeyHex: dataKey, keyFile: join(dir, 'secret.key'), warn: () => {} });
  return { db, config, logger: silentLogger, vault, channels, clock: () => now };
}
