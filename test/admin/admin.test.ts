import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { drainOutbox } from '../../src/delivery/outbox-runner.ts';
import { silentLogger } from '../../src/log.ts';
import { csvCell, EXPORT_COLUMNS } from '../../src/reports/referral-csv.ts';
import { registrationAnswers } from '../faults/scripts.ts';
import { runAdminOn } from '../support/admin.ts';
import { startApp, TEST_DATA_KEY } from '../support/app.ts';
import { tempDir } from '../support/harness.ts';
import { ROOT } from '../support/process.ts';

let tmp: ReturnType<typeof tempDir>;
let h: ReturnType<typeof startApp>;
let code: string;

beforeEach(async () => {
  tmp = tempDir();
  h = startApp(tmp.dir);
  await h.script('halo', ...registrationAnswers());
  const done = await h.channel.say('1');
  code = /(DFT-\w{5})/.exec(done[0] ?? '')?.[1] as string;
  expect(code).toBeDefined();
});
afterEach(async () => {
  await h.close();
  tmp.cleanup();
});

function admin(...argv: string[]) {
  return runAdminOn(h.config.DATABASE_PATH, argv);
}

describe('npm run admin', () => {
  it('exports referrals as CSV with the agreed columns and masked NIKs (last four digits, no birth date or sex)', () => {
    const r = admin('export');
    expect(r.status).toBe(0);
    const [header, row] = r.out.split('\n');
    expect(header).toBe(EXPORT_COLUMNS.join(','));
    expect(header).toBe(
      'code,status,created_at,referrer,community,worker_name,nik_masked,phone,occupation,village_code,village,district,regency,province,programs,income_base,monthly_iuran,period_months,payer,kpj',
    );
    const cells = row?.split(',') ?? [];
    expect(cells[0]).toBe(code);
    expect(cells[1]).toBe('diajukan');
    expect(cells[6]).toBe('************0001');
    expect(cells[7]).toBe('+6281234567890');
    expect(cells[11]).toBe('Cibeber');
    expect(r.out).not.toContain('3201011708850001');
    expect(admin('export', '--status', 'registered').out.split('\n')).toHaveLength(1);
    expect(admin('export', '--since', '2026-11-24').out.split('\n')).toHaveLength(1);
    expect(admin('export', '--since', '2026-11-23').out.split('\n')).toHaveLength(2);
  });

  it('reveals NIKs only on request, and records that in the audit trail', () => {
    const r = admin('export', '--reveal-nik');
    expect(r.out.split('\n')[0]?.endsWith(',nik,birth_date,gender')).toBe(true);
    expect(r.out.split('\n')[1]?.endsWith(',3201011708850001,1985-08-17,L')).toBe(true);
    const audit = admin('audit');
    expect(audit.out).toContain('export.reveal_nik');
  });

  it('refuses bad input with clear errors and exit code 1', () => {
    expect(admin('export', '--status', 'done')).toMatchObject({ status: 1, err: expect.stringContaining('Unknown status "done"') });
    expect(admin('export', '--since', '23-11-2026')).toMatchObject({ status: 1, err: expect.stringContaining('YYYY-MM-DD') });
    expect(admin('mark', 'DFT-ZZZZZ', 'registered', '--kpj', '12345678901')).toMatchObject({
      status: 1,
      err: expect.stringContaining('No referral'),
    });
    expect(admin('mark', code, 'registered', '--kpj', '1234')).toMatchObject({ status: 1, err: expect.stringContaining('11-digit KPJ') });
    expect(admin('mark', code, 'rejected')).toMatchObject({ status: 1, err: expect.stringContaining('--reason is required') });
    expect(admin('mark', code, 'paid')).toMatchObject({ status: 1, err: expect.stringContaining('"registered" or "rejected"') });
    expect(admin('frobnicate')).toMatchObject({ status: 1, err: expect.stringContaining('Unknown command') });
    // Nothing changed and nothing was queued by the refused commands.
    expect(h.db.prepare('SELECT status FROM referrals').get()).toEqual({ status: 'diajukan' });
    expect(h.db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 0 });
  });

  it('marks a referral registered and the running bot tells the referrer once', async () => {
    const r = admin('mark', code.toLowerCase(), 'registered', '--kpj', '123 4567 8901');
    expect(r.status).toBe(0);
    expect(h.db.prepare('SELECT status, kpj FROM referrals').get()).toEqual({ status: 'terdaftar', kpj: '12345678901' });
    expect(await drainOutbox(h.db, [h.channel], silentLogger)).toBe(1);
    expect(await drainOutbox(h.db, [h.channel], silentLogger)).toBe(0);
    const notice = h.channel.transcript().at(-1);
    expect(notice).toContain('Budi Santoso sudah terdaftar di BPJS Ketenagakerjaan');
    expect(notice).toContain('Nomor peserta (KPJ): *12345678901*');
    expect(admin('mark', code, 'rejected', '--reason', 'x y z')).toMatchObject({
      status: 1,
      err: expect.stringContaining('already "terdaftar"'),
    });
    expect((await h.channel.say('status'))[0]).toContain('terdaftar · KPJ 12345678901');
  });

  it('marks a referral rejected with a reason the referrer reads in their language', async () => {
    await h.channel.say('language');
    expect(admin('mark', code, 'rejected', '--reason', 'NIK tidak cocok dengan Dukcapil').status).toBe(0);
    await drainOutbox(h.db, [h.channel], silentLogger);
    const notice = h.channel.transcript().at(-1);
    expect(notice).toContain("Sorry, Budi Santoso's registration");
    expect(notice).toContain('Reason: NIK tidak cocok dengan Dukcapil');
  });

  it('neutralises spreadsheet formulas in free text', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('-1+2')).toBe("'-1+2");
    expect(csvCell('+6281234567890')).toBe('+6281234567890');
    expect(csvCell('Budi, S.')).toBe('"Budi, S."');
  });

  it('runs as `npm run admin -- export` from the shell', () => {
    const r = spawnSync('npm', ['run', '--silent', 'admin', '--', 'export', '--status', 'diajukan'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_PATH: h.config.DATABASE_PATH, DATA_KEY: TEST_DATA_KEY },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(code);
  });
});
