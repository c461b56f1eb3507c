import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runAdmin } from '../../src/admin/cli.ts';
import { communityStore } from '../../src/store/communities.ts';
import { runAdminOn } from '../support/admin.ts';
import { startApp } from '../support/app.ts';
import { tempDir } from '../support/harness.ts';
import { registerThrough } from './storage-register.ts';

/** Issue 12, items 4, 5, 7 and 14: the operator's files, the audited reveal, the community CSV, one-line errors. */
let tmp: ReturnType<typeof tempDir>;
let h: ReturnType<typeof startApp>;
const LINKS = { TELEGRAM_BOT_USERNAME: 'daftarin_bot' };

function admin(...argv: string[]) {
  return runAdminOn(h.config.DATABASE_PATH, argv, LINKS);
}
const auditActions = () => (h.db.prepare('SELECT action FROM audit ORDER BY id').all() as { action: string }[]).map((a) => a.action);

beforeEach(async () => {
  tmp = tempDir();
  h = startApp(tmp.dir);
  communityStore(h.db).create('BAKSO-CKK', 'Paguyuban Bakso Cikokol', 'test', 1);
  for (const [chatId, nik] of [
    ['u1', '3201011708850001'],
    ['u2', '3201015708850002'],
  ] as const) {
    await h.channel.say('halo', { chatId });
    await registerThrough((text) => h.channel.say(text, { chatId }), nik);
  }
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await h.close();
  tmp.cleanup();
});

describe('qr --out (item 4)', () => {
  it('refuses an existing file, such as the data key', () => {
    const key = join(tmp.dir, 'secret.key');
    writeFileSync(key, `${'c3'.repeat(32)}\n`, { mode: 0o600 });
    const r = admin('qr', 'BAKSO-CKK', '--out', key);
    expect(r.status).toBe(1);
    expect(r.err).toContain('already exists');
    expect(readFileSync(key, 'utf8')).toBe(`${'c3'.repeat(32)}\n`);
    expect(auditActions()).not.toContain('community.qr');
  });

  it("resolves a relative path against the caller's folder (INIT_CWD under npm)", () => {
    const caller = join(tmp.dir, 'operator');
    mkdirSync(caller);
    vi.stubEnv('INIT_CWD', caller);
    const r = admin('qr', 'BAKSO-CKK', '--out', 'poster.png');
    expect(r.status, r.err).toBe(0);
    expect(statSync(join(caller, 'poster.png')).size).toBeGreaterThan(1000);
    expect(r.out).toContain(join(caller, 'poster.png'));
  });
});

describe('export --reveal-nik (item 5)', () => {
  it('records the reveal before printing, and reports an unreadable row instead of crashing', () => {
    h.db.prepare("UPDATE referrals SET nik_sealed = 'v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' WHERE id = 2").run();
    const lines: string[] = [];
    let auditedBeforeFirstRow = false;
    const out = (s: string) => {
      if (lines.length === 1) auditedBeforeFirstRow = auditActions().includes('export.reveal_nik');
      lines.push(s);
    };
    const errs: string[] = [];
    const status = runAdmin(['export', '--reveal-nik'], {
      out,
      err: (s) => errs.push(s),
      env: { DATABASE_PATH: h.config.DATABASE_PATH, DATA_KEY: 'a1'.repeat(32) },
    });
    expect(auditedBeforeFirstRow).toBe(true);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/,3201011708850001,1985-08-17,L$/);
    expect(lines[2]).toMatch(/,UNREADABLE,,$/);
    expect(status).toBe(1);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(/^daftarin admin: 1 NIK\(s\) could not be decrypted \(marked UNREADABLE\): DFT-/);
  });
});

describe('CLI rough edges (item 14)', () => {
  it('community remove-admin removes an admin and audits it', () => {
    expect(admin('community', 'add-admin', 'BAKSO-CKK', 'telegram:777').status).toBe(0);
    const r = admin('community', 'remove-admin', 'BAKSO-CKK', 'telegram:777');
    expect(r).toMatchObject({ status: 0, out: expect.stringContaining('telegram:777 is no longer an admin') });
    expect(communityStore(h.db).admins(communityStore(h.db).byCode('BAKSO-CKK')?.id ?? 0)).toEqual([]);
    expect(auditActions()).toContain('community.remove_admin');
    expect(admin('community', 'remove-admin', 'BAKSO-CKK', 'telegram:777')).toMatchObject({
      status: 1,
      err: 'daftarin admin: telegram:777 is not an admin of "Paguyuban Bakso Cikokol" (BAKSO-CKK).',
    });
  });

  it('an unwritable backup path, a bad key and a bad flag are one line each, exit 1', () => {
    // A path under a plain file cannot be written, even by root (permissions would not stop root).
    const plain = join(tmp.dir, 'plain');
    writeFileSync(plain, '');
    const cases = [
      runAdminOn(h.config.DATABASE_PATH, ['backup', join(plain, 'b.db')]),
      runAdminOn(h.config.DATABASE_PATH, ['export'], { DATA_KEY: 'zz' }),
      runAdminOn(h.config.DATABASE_PATH, ['export', '--frobnicate']),
      runAdminOn(join(plain, 'x.db'), ['audit']),
    ];
    for (const r of cases) {
      expect(r.status).toBe(1);
      expect(r.err.split('\n'), r.err).toHaveLength(1);
      expect(r.err).not.toMatch(/\s+at /);
    }
  });
});

describe("a community admin's CSV (item 7)", () => {
  it('carries code, status, date, desa, occupation, first name and the referrer display name only', async () => {
    const c = communityStore(h.db);
    const id = c.byCode('BAKSO-CKK')?.id as number;
    c.addAdmin(id, 'test:ketua', 'test', 1);
    h.db.prepare("UPDATE referrals SET community_id = ?, referrer_key = 'test:u1'").run(id);
    h.db.prepare("UPDATE users SET name = 'Pak Joko' WHERE key = 'test:u1'").run();
    await h.channel.say('halo', { chatId: 'ketua' });
    await h.channel.say('unduh', { chatId: 'ketua' });
    const csv = h.channel.sent.at(-1)?.reply.document?.content.toString() ?? '';
    const [header, first] = csv.split('\n');
    expect(header).toBe('code,status,created_at,village,occupation,worker_first_name,referrer_name');
    expect(first).toMatch(/^DFT-\w{5},diajukan,\d{4}-\d{2}-\d{2}T[\d:.]+Z,Sukamaju,ojek,Budi,Pak Joko$/);
    for (const secret of ['+62', '0812', 'test:', '@c.us', '1985', 'Santoso', '0001', ',L,', ',P,']) expect(csv).not.toContain(secret);
  });
});
