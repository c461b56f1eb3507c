import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskNik } from '../../src/domain/nik.ts';
import { createLogger } from '../../src/log.ts';
import { communityStore } from '../../src/store/communities.ts';
import { openDatabase } from '../../src/store/db.ts';
import { runAdminOn } from '../support/admin.ts';
import { startApp } from '../support/app.ts';
import { tempDir } from '../support/harness.ts';
import { registerThrough } from './storage-register.ts';

/**
 * Issue 12, item 1: nothing that is not an audited reveal may allow rebuilding a NIK. The NIKs below were issued
 * in the district of the village the workers live in (Cibeber, Cianjur: 32.03.03), so the village code gives
 * the district and a birth date next to the serial would give everything.
 */
const NIK_MAN = '3203031708850007';
const NIK_WOMAN = '3203035708850008';
const BIRTH = ['1985-08-17', '17-08-1985', '17/08/1985', '17081985'];

/** The strings that rebuild (or nearly rebuild) a NIK: a 12+ digit prefix, district + birth date, the birth date. */
function giveaways(nik: string): string[] {
  return [nik.slice(0, 12), nik.slice(4, 12), nik.slice(0, 4) + '*'.repeat(8), ...BIRTH];
}

function expectNoWayBack(label: string, content: string | Buffer): void {
  const text = typeof content === 'string' ? content : content.toString('latin1');
  for (const nik of [NIK_MAN, NIK_WOMAN])
    for (const g of giveaways(nik)) expect(text.includes(g), `${label} contains ${JSON.stringify(g)}`).toBe(false);
}

let tmp: ReturnType<typeof tempDir>;
let h: ReturnType<typeof startApp>;
const as = (chatId: string) => (text: string) => h.channel.say(text, { chatId });

async function register(chatId: string, nik: string): Promise<void> {
  const say = as(chatId);
  await say('/start WARGA-SKM');
  await say('ya');
  await registerThrough(say, nik);
}

beforeAll(async () => {
  tmp = tempDir();
  h = startApp(tmp.dir);
  const c = communityStore(h.db);
  const id = c.create('WARGA-SKM', 'Warga Sukamaju', 'test', 1).id;
  c.addAdmin(id, 'test:ketua', 'test', 1);
  await register('r1', NIK_MAN);
  await register('r2', NIK_WOMAN);
  // An unfinished registration, past the NIK confirmation, stays in the flow snapshot.
  await as('r3')('halo');
  for (const line of ['daftar', 'ya', '3', 'Ahmad Yani', NIK_MAN.replace(/7$/, '9'), 'ya']) await as('r3')(line);
});
afterAll(async () => {
  await h.close();
  tmp.cleanup();
});

describe('no way back to a NIK outside an audited reveal (issue 12, item 1)', () => {
  it('masks a NIK as its last four digits, in the confirmation and the stored row', async () => {
    expect(maskNik(NIK_MAN)).toBe('************0007');
    const row = h.db.prepare('SELECT * FROM referrals ORDER BY id LIMIT 1').get() as Record<string, unknown>;
    expect(row.nik_masked).toBe('************0007');
    expect(Object.keys(row)).not.toContain('birth_date');
  });

  it('keeps no birth date or district of the NIK in an unfinished registration', () => {
    const { snapshot } = h.db.prepare("SELECT snapshot FROM flow_states WHERE key = 'test:r3'").get() as { snapshot: string };
    const context = JSON.parse(snapshot).context as Record<string, unknown>;
    expect(context.nikMasked).toBe('************0009');
    expect(context).not.toHaveProperty('birthDate');
    expect(context).not.toHaveProperty('nikDistrict');
    expectNoWayBack('the flow snapshot', snapshot);
  });

  it('leaves none in the database file, its WAL, a backup, the export or the community CSV', async () => {
    const exported = runAdminOn(h.config.DATABASE_PATH, ['export']);
    expect(exported.status).toBe(0);
    expect(exported.out).toContain('************0008');
    expectNoWayBack('the export', exported.out);

    const backup = join(tmp.dir, 'backup.db');
    expect(runAdminOn(h.config.DATABASE_PATH, ['backup', backup]).status).toBe(0);
    expectNoWayBack('the backup', readFileSync(backup));

    await as('ketua')('halo');
    await as('ketua')('unduh');
    const csv = h.channel.sent.at(-1)?.reply.document?.content.toString() ?? '';
    expect(csv.split('\n')).toHaveLength(4);
    expectNoWayBack('the community CSV', csv);

    for (const f of readdirSync(tmp.dir).filter((f) => f.startsWith('daftarin.db'))) expectNoWayBack(f, readFileSync(join(tmp.dir, f)));
  });

  it('never logs more than the last four digits of a NIK, whatever the caller passes', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger('info', sink as never);
    logger.info({ text: `nik saya ${NIK_MAN}` }, `got ${NIK_WOMAN}`);
    logger.error({ err: new Error(`bad ${NIK_MAN}`) }, 'failed');
    const log = lines.join('');
    expect(log).toContain('************0007');
    expectNoWayBack('the log', log);
  });

  it('overwrites deleted rows (secure_delete), so erased data is not left in the file', () => {
    expect(h.db.pragma('secure_delete', { simple: true })).toBe(1);
    const marker = 'ERASED-MARKER-7Q3K';
    h.db.prepare('INSERT INTO audit (at, actor, action, detail) VALUES (1, ?, ?, ?)').run('test', 'x', marker.repeat(50));
    h.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(h.config.DATABASE_PATH).includes(marker)).toBe(true);
    h.db.prepare('DELETE FROM audit WHERE detail LIKE ?').run(`${marker}%`);
    h.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(h.config.DATABASE_PATH).includes(marker)).toBe(false);
  });
});

describe('a database written by an older daftarin (migration 5)', () => {
  it('re-masks NIKs, drops the birth date from referrals and snapshots, and leaves no trace in the file', () => {
    const dir = tempDir();
    const path = join(dir.dir, 'old.db');
    const old = openDatabase(path, { upTo: 4 });
    old.prepare("INSERT INTO users (key, channel, chat_id, created_at, last_seen_at) VALUES ('test:a', 'test', 'a', 1, 1)").run();
    old
      .prepare(
        `INSERT INTO referrals (code, status, created_at, updated_at, referrer_key, for_whom, worker_name, nik_sealed, nik_hash, nik_masked,
          birth_date, gender, phone, phone_owner, occupation, sector, village_code, income_base, jht, period_months, payer,
          monthly_iuran, period_iuran, estimate)
         VALUES ('DFT-AAAAA', 'diajukan', 1, 1, 'test:a', 'other', 'Siti', 'v1:x', 'h', '3203********0007', '1985-08-17', 'L', '+62812', 'worker',
          'ojek', 'transport', '32.03.03.2013', 1000000, 0, 1, 'referrer', 16800, 16800, 0)`,
      )
      .run();
    const snapshot = JSON.stringify({
      value: 'phone',
      context: { nikMasked: '3203********0007', birthDate: '1985-08-17', gender: 'L', nikDistrict: '32.03.03' },
    });
    old
      .prepare("INSERT INTO flow_states (key, flow_id, version, snapshot, updated_at) VALUES ('test:a', 'registration', 1, ?, 1)")
      .run(snapshot);
    old.close();

    const db = openDatabase(path);
    expect(db.prepare('SELECT nik_masked FROM referrals').get()).toEqual({ nik_masked: '************0007' });
    const context = JSON.parse((db.prepare('SELECT snapshot FROM flow_states').get() as { snapshot: string }).snapshot).context;
    expect(context).toEqual({ nikMasked: '************0007', gender: 'L' });
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const file = readFileSync(path).toString('latin1');
    expect(file).not.toContain('1985-08-17');
    expect(file).not.toContain('3203********');
    dir.cleanup();
  });
});
