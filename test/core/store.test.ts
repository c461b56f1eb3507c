import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { latestVersion, migrate, openDatabase } from '../../src/store/db.ts';
import { migrations } from '../../src/store/migrations.ts';
import { tempDir } from '../support/harness.ts';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

describe('the store', () => {
  it('creates its folder and file, in WAL mode with a busy timeout', () => {
    const db = openDatabase(join(tmp.dir, 'nested', 'folder', 'd.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion);
    db.close();
  });

  for (let from = 0; from < migrations.length; from++) {
    it(`migrates a database at version ${from} to the newest, keeping its rows`, () => {
      const path = join(tmp.dir, `v${from}.db`);
      const old = openDatabase(path, { upTo: from });
      expect(old.pragma('user_version', { simple: true })).toBe(from);
      if (from >= 1)
        old.prepare("INSERT INTO users (key, channel, chat_id, created_at, last_seen_at) VALUES ('test:1', 'test', '1', 1, 1)").run();
      old.close();
      const db = openDatabase(path);
      expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
      if (from >= 1) expect(db.prepare('SELECT key FROM users').all()).toEqual([{ key: 'test:1' }]);
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
      expect(tables).toEqual(
        expect.arrayContaining([{ name: 'referrals' }, { name: 'outbox' }, { name: 'audit' }, { name: 'flow_states' }]),
      );
      db.close();
    });
  }

  it('refuses a database from a newer daftarin instead of corrupting it', () => {
    const path = join(tmp.dir, 'future.db');
    const raw = new Database(path);
    raw.pragma(`user_version = ${migrations.length + 1}`);
    raw.close();
    expect(() => openDatabase(path)).toThrow(/newer than this daftarin/);
  });

  it('a failing migration leaves the database at the last good version', () => {
    const db = new Database(join(tmp.dir, 'half.db'));
    db.exec('CREATE TABLE users (key TEXT PRIMARY KEY)'); // collides with migration 1
    expect(() => migrate(db)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    db.close();
  });
});
