import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { vaultFromKey } from '../../src/domain/vault.ts';
import { openDataVault } from '../../src/store/data-key.ts';
import { openDatabase } from '../../src/store/db.ts';
import { TEST_DATA_KEY } from '../support/app.ts';
import { tempDir } from '../support/harness.ts';
import { BotProcess } from '../support/process.ts';

/** Issue 12, items 2 and 10, as an operator meets them: `npm start` with a wrong key, files the terminal receives. */
let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

describe('npm start', () => {
  it('refuses a data key that is not the database key: one line, exit 1', async () => {
    const path = join(tmp.dir, 'daftarin.db');
    const db = openDatabase(path);
    const vault = openDataVault(db, { dataKeyHex: TEST_DATA_KEY, keyFile: join(tmp.dir, 'secret.key'), warn: () => {} });
    expect(vault.checkValue()).toBe(vaultFromKey(Buffer.from(TEST_DATA_KEY, 'hex')).checkValue());
    db.close();
    const bot = new BotProcess({ DATABASE_PATH: path, DATA_KEY: 'b2'.repeat(32), LOG_LEVEL: 'warn' });
    bot.child.stdin.end();
    const { code } = await bot.exited;
    expect(code).toBe(1);
    expect(bot.stdout).toBe('');
    const lines = bot.stderr.trim().split('\n');
    expect(lines, bot.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^daftarin failed to start: The data key \(DATA_KEY\) is not the key of this database/);
  });

  it('writes a CSV sent to the terminal beside the database, readable by its owner only', async () => {
    const folder = join(tmp.dir, 'data');
    const bot = new BotProcess({ DATABASE_PATH: join(folder, 'daftarin.db'), DATA_KEY: TEST_DATA_KEY, LOG_LEVEL: 'warn' });
    await bot.say('halo', 'daftarin');
    await bot.say('komunitas baru Paguyuban Uji Privasi', 'kode');
    await bot.say('unduh', '.csv');
    bot.child.stdin.end();
    expect((await bot.exited).code).toBe(0);
    const csv = readdirSync(folder).filter((f) => f.endsWith('.csv'));
    expect(csv).toHaveLength(1);
    expect(statSync(join(folder, csv[0] as string)).mode & 0o777).toBe(0o600);
    expect(statSync(folder).mode & 0o777).toBe(0o700);
  });
});
