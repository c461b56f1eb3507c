import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditStore } from '../../src/store/audit.ts';
import { broadcastStore } from '../../src/store/broadcasts.ts';
import { communityStore } from '../../src/store/communities.ts';
import { conversationStore } from '../../src/store/conversations.ts';
import { latestVersion, migrate, openDatabase } from '../../src/store/db.ts';
import { migrations } from '../../src/store/migrations.ts';
import { outboxStore } from '../../src/store/outbox.ts';
import { referralStore } from '../../src/store/referrals.ts';
import { unansweredStore } from '../../src/store/unanswered.ts';
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

describe('store modules', () => {
  const stores = [auditStore, broadcastStore, communityStore, conversationStore, outboxStore, referralStore, unansweredStore];

  it('prepare their statements once per database, however often they are asked for', () => {
    const db = openDatabase(':memory:');
    let prepared = 0;
    const prepare = db.prepare.bind(db);
    db.prepare = ((sql: string) => {
      prepared++;
      return prepare(sql);
    }) as typeof db.prepare;
    const first = stores.map((store) => store(db));
    const once = prepared;
    expect(once).toBeGreaterThan(20);
    for (const [i, store] of stores.entries()) expect(store(db)).toBe(first[i]);
    outboxStore(db).enqueue('test', '1', 'hi', 1);
    expect(prepared).toBe(once);
    db.close();
  });

  it('keep each database its own statements', () => {
    const a = openDatabase(':memory:');
    const b = openDatabase(':memory:');
    expect(auditStore(a)).not.toBe(auditStore(b));
    auditStore(a).record('test', 'one', '', 1);
    expect(auditStore(a).recent()).toHaveLength(1);
    expect(auditStore(b).recent()).toEqual([]);
    a.close();
    b.close();
  });

  it('count open flows of everyone or of one community (registrations being filled in)', () => {
    const db = openDatabase(':memory:');
    const users = conversationStore(db);
    const communities = communityStore(db);
    for (const id of ['1', '2', '3'])
      users.createUser({ key: `test:${id}`, channel: 'test', chat_id: id, name: null, locale: null, now: 1 });
    const c = communities.create('OJEK-PSR', 'Pangkalan Ojek Pasar', 'test', 1);
    communities.join(c.id, 'test:1', 'OJEK-PSR', 1);
    const flow = { version: 1, snapshot: '{}', input: '{}', updated_at: 1 };
    users.saveFlowState({ key: 'test:1', flow_id: 'registration', ...flow });
    users.saveFlowState({ key: 'test:2', flow_id: 'registration', ...flow });
    users.saveFlowState({ key: 'test:3', flow_id: 'calculator', ...flow });
    expect(users.countOpenFlows('registration')).toBe(2);
    expect(users.countOpenFlows('registration', c.id)).toBe(1);
    expect(users.countOpenFlows('calculator', c.id)).toBe(0);
    // Several communities (an admin's panel scope): a member of both counts once.
    const d = communities.create('BAKSO-CKK', 'Paguyuban Bakso Cikokol', 'test', 1);
    communities.join(d.id, 'test:1', 'BAKSO-CKK', 1);
    communities.join(d.id, 'test:2', 'BAKSO-CKK', 1);
    expect(users.countOpenFlows('registration', [c.id, d.id])).toBe(2);
    expect(users.countOpenFlows('registration', [])).toBe(0);
    users.deleteFlowState('test:1', 'registration');
    expect(users.countOpenFlows('registration', c.id)).toBe(0);
    db.close();
  });
});
