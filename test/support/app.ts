import { join } from 'node:path';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { warmAreas } from '../../src/domain/areas.ts';
import { openVault } from '../../src/domain/vault.ts';
import { silentLogger } from '../../src/log.ts';
import { openDatabase } from '../../src/store/db.ts';
import { FakeChannel } from './fake-channel.ts';
import { TestClock } from './harness.ts';

// As in main.ts: the area data is loaded before the app's first turn, never inside one.
await warmAreas();

/** A fixed data key for tests (never used outside them). */
export const TEST_DATA_KEY = 'a1'.repeat(32);

/** The production app on a database file in `dir`, with a fake channel and a settable clock. */
export function startApp(dir: string, opts: { clock?: TestClock; env?: Record<string, string> } = {}) {
  const clock = opts.clock ?? new TestClock();
  const config = loadConfig({ DATABASE_PATH: join(dir, 'daftarin.db'), DATA_KEY: TEST_DATA_KEY, LOG_LEVEL: 'silent', ...opts.env });
  const db = openDatabase(config.DATABASE_PATH);
  const vault = openVault({ dataKeyHex: TEST_DATA_KEY, keyFile: join(dir, 'secret.key'), warn: () => {} });
  const channel = new FakeChannel();
  const app = buildApp({ db, config, logger: silentLogger, vault, channels: [channel], clock: clock.now });
  void channel.start((m) => app.bot.handle(channel, m));
  return {
    db,
    vault,
    config,
    channel,
    clock,
    app,
    /** Sends each message in turn; returns the replies to the last one. */
    async script(...lines: string[]) {
      let last: string[] = [];
      for (const l of lines) last = await channel.say(l);
      return last;
    },
    close: async () => {
      await app.stop();
      db.close();
    },
  };
}
