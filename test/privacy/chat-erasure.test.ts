import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { retentionJob } from '../../src/jobs/retention.ts';
import { runDueJobs } from '../../src/jobs/scheduler.ts';
import { referralCsvLines } from '../../src/reports/referral-csv.ts';
import { communityStore } from '../../src/store/communities.ts';
import { runAdminOn } from '../support/admin.ts';
import { FakeChannel } from '../support/fake-channel.ts';
import { appPerTest } from './chat-app.ts';
import { insertReferral } from './chat-rows.ts';

const NIK = '3201011708850001';
const NAME = 'Zulkarnaen Wicaksono';
const PHONE = '+6281377778888';
const DAY = 86_400_000;

const app = appPerTest();

const one = <T>(sql: string, ...params: unknown[]) =>
  app()
    .db.prepare(sql)
    .get(...params) as T;
const exported = () => [...referralCsvLines(app().db, {})].join('\n');

/** The database file and its WAL as bytes, after a TRUNCATE checkpoint (what is left on disk). */
function onDisk(): Buffer {
  app().db.pragma('wal_checkpoint(TRUNCATE)');
  const path = app().config.DATABASE_PATH;
  return Buffer.concat([readFileSync(path), existsSync(`${path}-wal`) ? readFileSync(`${path}-wal`) : Buffer.alloc(0)]);
}

/** Everything a referral row held that could point to the worker. */
function traces(code: string) {
  const r = one<{ nik_sealed: string; nik_hash: string }>('SELECT nik_sealed, nik_hash FROM referrals WHERE code = ?', code);
  return [NAME, PHONE.slice(1), r.nik_sealed, r.nik_hash];
}

describe('a referrer erases a referral they made: hapus KODE', () => {
  it('asks first; then name, NIK and phone are gone from the row, the file, exports and the status list', async () => {
    const code = insertReferral(app().db, app().vault, { referrer: 'test:u1', nik: NIK, name: NAME, phone: PHONE });
    // A notice naming the worker waits in the outbox.
    app()
      .db.prepare("INSERT INTO outbox (channel, chat_id, text, created_at, not_before) VALUES ('test', 'u1', ?, 1, 1)")
      .run(`${NAME} (${code}) sudah terdaftar`);
    const secrets = traces(code);
    expect(exported()).toContain(NAME);
    await app().channel.say('halo');
    const ask = await app().channel.say(`hapus ${code.toLowerCase()}`);
    expect(ask[0]).toContain(`Hapus data pendaftaran *${code}* (${NAME})?`);
    expect(one('SELECT worker_name FROM referrals WHERE code = ?', code)).toEqual({ worker_name: NAME });
    expect((await app().channel.say('ya'))[0]).toContain(`Data pribadi pendaftaran *${code}* sudah dihapus`);

    const row = one<Record<string, unknown>>('SELECT * FROM referrals WHERE code = ?', code);
    expect(row).toMatchObject({ worker_name: '', nik_sealed: '', nik_masked: '', phone: '', status: 'dibatalkan' });
    expect(row.erased_at).toBe(app().clock.ms);
    expect(exported()).not.toContain(code);
    expect((await app().channel.say('status'))[0]).not.toContain(code);
    expect(one('SELECT count(*) AS n FROM outbox')).toEqual({ n: 0 });
    expect(one("SELECT actor, action, detail FROM audit WHERE action = 'erase.referral'")).toEqual({
      actor: 'test:u1',
      action: 'erase.referral',
      detail: code,
    });
    const disk = onDisk();
    for (const s of secrets) expect(disk.includes(s), s).toBe(false);
  });

  it('keeps everything on "tidak", and nobody else can erase it', async () => {
    const code = insertReferral(app().db, app().vault, { referrer: 'test:u1', nik: NIK, name: NAME });
    await app().channel.say('halo');
    await app().channel.say(`hapus ${code}`);
    expect((await app().channel.say('tidak'))[0]).toContain('tidak ada yang dihapus');
    await app().channel.say('halo', { chatId: 'u2' });
    expect((await app().channel.say(`hapus ${code}`, { chatId: 'u2' }))[0]).toContain(
      `Kode ${code} tidak ada di antara pendaftaran yang Kakak buat`,
    );
    expect(one('SELECT worker_name, status FROM referrals WHERE code = ?', code)).toEqual({ worker_name: NAME, status: 'diajukan' });
  });
});

describe('a person erases their own data: hapus data saya', () => {
  it('on WhatsApp: drafts, language, memberships and every referral where they are the worker (found by the chat number)', async () => {
    const wa = new FakeChannel('whatsapp');
    void wa.start((m) => app().app.bot.handle(wa, m));
    const me = { chatId: '6281377778888@c.us' };
    const key = 'whatsapp:6281377778888@c.us';
    const c = communityStore(app().db).create('BAKSO-CKK', 'Paguyuban Bakso Cikokol', 'test', 1);
    await wa.say('/start BAKSO-CKK', me);
    await wa.say('ya', me);
    await wa.say('bahasa', me);
    await wa.say('bahasa', me); // Back to Indonesian; the choice is stored either way.
    await wa.say('daftar', me); // A draft.
    await wa.say('menu', me);
    // Registered by a neighbour with this number as the worker's own; and one this person made for someone else.
    const asWorker = insertReferral(app().db, app().vault, { referrer: 'test:neighbour', nik: NIK, name: NAME, phone: PHONE });
    const forOther = insertReferral(app().db, app().vault, {
      referrer: key,
      nik: '3201015708850002',
      name: 'Siti Aminah',
      phone: '+6281299990000',
    });
    // The chat's own number stays while the chat talks to the bot (it is the reply's address; see the retention test).
    const secrets = traces(asWorker).filter((t) => t !== PHONE.slice(1));

    const ask = await wa.say('hapus data saya', me);
    expect(ask[0]).toContain('Hapus data Kakak di daftarin?');
    expect(ask[0]).toContain('atas nama Kakak sendiri (1)');
    expect((await wa.say('ya', me))[0]).toContain('Data Kakak sudah dihapus (1 pendaftaran atas nama Kakak ikut dihapus)');

    expect(one('SELECT worker_name, erased_at FROM referrals WHERE code = ?', asWorker)).toEqual({
      worker_name: '',
      erased_at: app().clock.ms,
    });
    expect(one('SELECT worker_name FROM referrals WHERE code = ?', forOther)).toEqual({ worker_name: 'Siti Aminah' });
    expect(one('SELECT count(*) AS n FROM flow_states WHERE key = ?', key)).toEqual({ n: 0 });
    expect(one('SELECT count(*) AS n FROM memberships WHERE user_key = ?', key)).toEqual({ n: 0 });
    expect(communityStore(app().db).memberCount(c.id)).toBe(0);
    expect(one('SELECT name, locale, arrived_via, opted_out_at FROM users WHERE key = ?', key)).toEqual({
      name: null,
      locale: null,
      arrived_via: null,
      opted_out_at: null,
    });
    // Logged with counts only (drafts: the registration and this confirmation), never as an unanswered FAQ question.
    expect(one("SELECT actor, detail FROM audit WHERE action = 'erase.person'")).toEqual({
      actor: 'chat',
      detail: 'channel=whatsapp referrals=1 drafts=2',
    });
    expect(one('SELECT count(*) AS n FROM faq_unanswered')).toEqual({ n: 0 });
    expect(exported()).not.toContain(asWorker);
    const disk = onDisk();
    for (const s of secrets) expect(disk.includes(s), s).toBe(false);
    // The chat goes on as for a newcomer.
    expect((await wa.say('halo', me)).join('\n')).toContain('menu');
  });

  it('in English: delete my data, and a self-registration counts as theirs', async () => {
    const code = insertReferral(app().db, app().vault, { referrer: 'test:u1', nik: NIK, name: NAME, forWhom: 'self' });
    await app().channel.say('halo');
    await app().channel.say('language');
    expect((await app().channel.say('delete my data'))[0]).toContain('registrations in your own name (1)');
    await app().channel.say('1');
    expect(one('SELECT worker_name FROM referrals WHERE code = ?', code)).toEqual({ worker_name: '' });
  });
});

describe('after an erasure, the chat itself', () => {
  it('is forgotten by the retention job once silent for RETENTION_DAYS: its number leaves the file', async () => {
    const wa = new FakeChannel('whatsapp');
    void wa.start((m) => app().app.bot.handle(wa, m));
    const me = { chatId: '6281377778888@c.us' };
    const code = insertReferral(app().db, app().vault, { referrer: 'test:neighbour', nik: NIK, name: NAME, phone: PHONE });
    await wa.say('halo', me);
    await wa.say('hapus data saya', me);
    await wa.say('ya', me);
    expect(one('SELECT worker_name FROM referrals WHERE code = ?', code)).toEqual({ worker_name: '' });
    const later = app().clock.ms + 91 * DAY;
    expect(runDueJobs(app().db, [retentionJob(app().db, { draftDays: 7, retentionDays: 90 })], later)).toEqual([
      'retention: drafts=0 referrals=0 users=1',
    ]);
    expect(one('SELECT count(*) AS n FROM users WHERE key LIKE ?', 'whatsapp:%')).toEqual({ n: 0 });
    expect(onDisk().includes(PHONE.slice(1))).toBe(false);
  });
});

describe('operators: npm run admin -- erase CODE', () => {
  it('erases, audits, and refuses an unknown or already erased code with one line and exit 1', () => {
    const code = insertReferral(app().db, app().vault, { referrer: 'test:u1', nik: NIK, name: NAME, status: 'terdaftar' });
    const r = runAdminOn(app().config.DATABASE_PATH, ['erase', code]);
    expect(r.status).toBe(0);
    expect(r.out).toContain(`${code} erased`);
    expect(one('SELECT worker_name, status FROM referrals WHERE code = ?', code)).toEqual({ worker_name: '', status: 'terdaftar' });
    expect(one<{ action: string; detail: string }>("SELECT action, detail FROM audit WHERE action = 'erase.referral'").detail).toBe(code);
    expect(runAdminOn(app().config.DATABASE_PATH, ['export']).out).not.toContain(code);
    expect(runAdminOn(app().config.DATABASE_PATH, ['erase', code])).toMatchObject({
      status: 1,
      err: expect.stringContaining('already erased'),
    });
    expect(runAdminOn(app().config.DATABASE_PATH, ['erase', 'DFT-ZZZZZ'])).toMatchObject({
      status: 1,
      err: expect.stringContaining('No referral'),
    });
  });
});

describe('the retention job (rows, not timers; an injected clock)', () => {
  const job = () => retentionJob(app().db, { draftDays: 7, retentionDays: 90 });

  it('purges old drafts and strips withdrawn/rejected referrals after RETENTION_DAYS, keeping the counts', () => {
    const now = app().clock.ms;
    const old = now - 91 * DAY;
    const withdrawn = insertReferral(app().db, app().vault, { referrer: 'test:u1', nik: NIK, status: 'dibatalkan', at: old });
    const rejected = insertReferral(app().db, app().vault, { referrer: 'test:u1', nik: '3201015708850002', status: 'ditolak', at: old });
    const recent = insertReferral(app().db, app().vault, {
      referrer: 'test:u1',
      nik: '3201011708850003',
      status: 'ditolak',
      at: now - 10 * DAY,
    });
    const open = insertReferral(app().db, app().vault, { referrer: 'test:u1', nik: '3201011708850004', status: 'diajukan', at: old });
    const draft = (key: string, at: number) =>
      app()
        .db.prepare(
          "INSERT INTO flow_states (key, flow_id, version, snapshot, input, updated_at) VALUES (?, 'registration', 1, '{}', '{}', ?)",
        )
        .run(key, at);
    draft('test:old', now - 8 * DAY);
    draft('test:fresh', now - 1 * DAY);
    const before = app().db.prepare('SELECT status, count(*) AS n FROM referrals GROUP BY status ORDER BY status').all();

    expect(runDueJobs(app().db, [job()], now)).toEqual(['retention: drafts=1 referrals=2 users=0']);
    const erased = (code: string) => one<{ e: number | null }>('SELECT erased_at AS e FROM referrals WHERE code = ?', code).e !== null;
    expect([withdrawn, rejected, recent, open].map(erased)).toEqual([true, true, false, false]);
    expect(app().db.prepare('SELECT key FROM flow_states').all()).toEqual([{ key: 'test:fresh' }]);
    expect(app().db.prepare('SELECT status, count(*) AS n FROM referrals GROUP BY status ORDER BY status').all()).toEqual(before);
  });

  it('runs when its row says it is due: not again within the hour, again after it, and at once after an erasure in chat', async () => {
    const t0 = app().clock.ms;
    expect(runDueJobs(app().db, [job()], t0)).toHaveLength(1);
    expect(one('SELECT next_run_at, last_run_at FROM jobs WHERE name = ?', 'retention')).toEqual({
      next_run_at: t0 + 3_600_000,
      last_run_at: t0,
    });
    expect(runDueJobs(app().db, [job()], t0 + 30 * 60_000)).toEqual([]);
    expect(runDueJobs(app().db, [job()], t0 + 61 * 60_000)).toHaveLength(1);
    const code = insertReferral(app().db, app().vault, { referrer: 'test:u1', nik: NIK });
    expect(runAdminOn(app().config.DATABASE_PATH, ['erase', code]).status).toBe(0);
    // The CLI is another process in production; in the bot, an erasure in chat asks for the early run.
    expect(runDueJobs(app().db, [job()], t0 + 62 * 60_000)).toEqual([]);
    const mine = insertReferral(app().db, app().vault, { referrer: 'test:u1', nik: '3201015708850002' });
    await app().script('halo', `hapus ${mine}`, 'ya');
    expect(runDueJobs(app().db, [job()], t0 + 63 * 60_000)).toHaveLength(1);
  });
});
