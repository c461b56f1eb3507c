import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAdmin } from '../../src/admin/cli.ts';
import { vaultFromKey } from '../../src/domain/vault.ts';
import { batchStore } from '../../src/store/batches.ts';
import { communityStore } from '../../src/store/communities.ts';
import { conversationStore } from '../../src/store/conversations.ts';
import { openDataVault } from '../../src/store/data-key.ts';
import { openDatabase } from '../../src/store/db.ts';
import { referralStore } from '../../src/store/referrals.ts';
import { registrationAnswers } from '../faults/scripts.ts';
import { startApp } from '../support/app.ts';
import { tempDir } from '../support/harness.ts';

/** Issue 12, item 2: a lost or changed data key is caught at the start; `rotate-key` moves every NIK to a new key. */
const NIK = '3201011708850001';
const DRAFT_NIK = '3201011708850003';
const BATCH_NIK = '3201011708850004';
const OTHER_KEY = 'b2'.repeat(32);

let tmp: ReturnType<typeof tempDir>;
let dbPath: string;
let keyFile: string;

/** `npm run admin -- …` in-process, with the key file beside the database unless DATA_KEY is given. */
function admin(argv: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const status = runAdmin(argv, { out: (s) => out.push(s), err: (s) => err.push(s), env: { DATABASE_PATH: dbPath, ...env } });
  return { status, out: out.join('\n'), err: err.join('\n') };
}

/** One submitted registration, sealed under the key file's key (the app runs with that key). */
async function registerOne(): Promise<void> {
  const key = readFileSync(keyFile, 'utf8').trim();
  const h = startApp(tmp.dir, { env: { DATA_KEY: key } });
  // startApp opens its vault with the test key; this registration must be sealed with the key file's.
  Object.assign(h.vault, vaultFromKey(Buffer.from(key, 'hex')));
  await h.script('halo', ...registrationAnswers(NIK));
  const done = await h.channel.say('1');
  expect(done[0]).toContain('Kode rujukan');
  await h.close();
}

beforeEach(() => {
  tmp = tempDir();
  dbPath = join(tmp.dir, 'daftarin.db');
  keyFile = join(tmp.dir, 'secret.key');
});
afterEach(() => tmp.cleanup());

describe('the data key check (issue 12, item 2)', () => {
  it('creates a key on a fresh database and records its check value', () => {
    const db = openDatabase(dbPath);
    const vault = openDataVault(db, { keyFile, warn: () => {} });
    expect(existsSync(keyFile)).toBe(true);
    expect(db.prepare("SELECT value FROM meta WHERE key = 'key_check'").get()).toEqual({ value: vault.checkValue() });
    db.close();
  });

  it('refuses to start (CLI: one line, exit 1) when the key file beside sealed data is gone, and makes no new key', async () => {
    expect(admin(['audit']).status).toBe(0);
    await registerOne();
    rmSync(keyFile);
    const r = admin(['export']);
    expect(r.status).toBe(1);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).toContain('The data key is missing');
    expect(existsSync(keyFile)).toBe(false);
  });

  it('refuses another valid DATA_KEY, also on a database from before the check value', async () => {
    expect(admin(['audit']).status).toBe(0);
    await registerOne();
    const wrong = admin(['export', '--reveal-nik'], { DATA_KEY: OTHER_KEY });
    expect(wrong).toMatchObject({ status: 1, out: '' });
    expect(wrong.err).toMatch(/^daftarin admin: The data key \(DATA_KEY\) is not the key of this database/);
    expect(wrong.err.split('\n')).toHaveLength(1);
    // An older database has no check value: the key must open its sealed data before one is recorded.
    const db = openDatabase(dbPath);
    db.prepare('DELETE FROM meta').run();
    expect(() => openDataVault(db, { dataKeyHex: OTHER_KEY, keyFile, warn: () => {} })).toThrow(/not the key of this database/);
    expect(db.prepare('SELECT count(*) AS n FROM meta').get()).toEqual({ n: 0 });
    openDataVault(db, { keyFile, warn: () => {} });
    expect(db.prepare('SELECT count(*) AS n FROM meta').get()).toEqual({ n: 1 });
    db.close();
  });

  it('rotate-key re-encrypts and re-hashes every NIK under a new key file, keeping the old key aside', async () => {
    expect(admin(['audit']).status).toBe(0);
    await registerOne();
    const oldKey = readFileSync(keyFile, 'utf8').trim();
    const oldVault = vaultFromKey(Buffer.from(oldKey, 'hex'));
    // An unfinished registration and an uploaded (not yet submitted) row hold sealed NIKs too.
    const before = openDatabase(dbPath);
    before.prepare("INSERT INTO users (key, channel, chat_id, created_at, last_seen_at) VALUES ('test:d', 'test', 'd', 1, 1)").run();
    const draft = JSON.stringify({
      value: 'phone',
      context: { nikSealed: oldVault.encrypt(DRAFT_NIK), nikHash: oldVault.hmac(DRAFT_NIK) },
    });
    before
      .prepare("INSERT INTO flow_states (key, flow_id, version, snapshot, updated_at) VALUES ('test:d', 'registration', 1, ?, 1)")
      .run(draft);
    const community = communityStore(before).create('DESA-X', 'Desa X', 'test', 1).id;
    batchStore(before).createDraft(
      { community_id: community, admin_key: 'test:d', file_name: 'x.csv', file_hash: 'h', total: 1, ready: 1, invalid: 0, created_at: 1 },
      [{ rowNo: 1, nikHash: oldVault.hmac(BATCH_NIK), data: JSON.stringify({ name: 'X', nikSealed: oldVault.encrypt(BATCH_NIK) }) }],
    );
    before.close();
    const r = admin(['rotate-key']);
    expect(r.status, r.err).toBe(0);
    expect(r.out).toContain('Re-encrypted 1 referral(s), 1 unfinished registration(s) and 1 uploaded row(s)');
    const newKey = readFileSync(keyFile, 'utf8').trim();
    expect(newKey).not.toBe(oldKey);
    const kept = readdirSync(tmp.dir).find((f) => f.startsWith('secret.key.old-'));
    expect(kept && readFileSync(join(tmp.dir, kept), 'utf8').trim()).toBe(oldKey);
    // The new key reveals the NIK, and the duplicate check finds it by the new hash.
    const revealed = admin(['export', '--reveal-nik']);
    expect(revealed.status, revealed.err).toBe(0);
    expect(revealed.out).toContain(NIK);
    const db = openDatabase(dbPath);
    const newVault = vaultFromKey(Buffer.from(newKey, 'hex'));
    expect(referralStore(db).openByNikHash(newVault.hmac(NIK))).toBeDefined();
    const [d] = conversationStore(db).sealedDrafts();
    expect(newVault.decrypt(d?.sealed ?? '')).toBe(DRAFT_NIK);
    const [b] = batchStore(db).sealedRows();
    expect(newVault.decrypt(b?.sealed ?? '')).toBe(BATCH_NIK);
    expect(db.prepare('SELECT nik_hash FROM batch_rows').get()).toEqual({ nik_hash: newVault.hmac(BATCH_NIK) });
    expect(db.prepare("SELECT action FROM audit WHERE action = 'rotate-key'").all()).toHaveLength(1);
    db.close();
    // The old key no longer opens the database.
    expect(admin(['export'], { DATA_KEY: oldKey }).status).toBe(1);
  });

  it('rotate-key changes nothing when a sealed NIK cannot be opened', async () => {
    expect(admin(['audit']).status).toBe(0);
    await registerOne();
    const db = openDatabase(dbPath);
    db.prepare("UPDATE referrals SET nik_sealed = 'v1:AAAA'").run();
    db.close();
    const before = readFileSync(keyFile, 'utf8');
    const r = admin(['rotate-key']);
    expect(r.status).toBe(1);
    expect(r.err).toContain('nothing changed');
    expect(readFileSync(keyFile, 'utf8')).toBe(before);
    expect(existsSync(`${keyFile}.new`)).toBe(false);
  });

  it('names a malformed key in one line', () => {
    writeFileSync(keyFile, 'not a key\n', { mode: 0o600 });
    const r = admin(['audit']);
    expect(r.status).toBe(1);
    expect(r.err).toBe(`daftarin admin: ${keyFile}: the data key must be 64 hex characters (32 bytes)`);
  });
});
