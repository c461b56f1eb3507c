import { describe, expect, it } from 'vitest';
import { communityStats, formatStats } from '../../src/reports/stats.ts';
import { erasureStore } from '../../src/store/erasure.ts';
import { paymentStore } from '../../src/store/payments.ts';
import { reminderJobStore } from '../../src/store/reminder-jobs.ts';
import { reminderStore } from '../../src/store/reminders.ts';
import { runAdminOn } from '../support/admin.ts';
import { jakarta, reminderAppPerTest } from './setup.ts';

const SUKAMAJU_JONGGOL = '32.01.06.2001';
const PONDOK_RAJEG = '32.01.01.1001';

describe('protection statistics, the reminder CLI and erasure', () => {
  const appOf = reminderAppPerTest({}, async (app) => {
    await app.channel.say('halo');
  });

  it('counts active, at risk, lapsed and no-data workers per community and per desa, self-declared shown as such', () => {
    const app = appOf();
    const community = (code: string) =>
      Number(
        app.db.prepare('INSERT INTO communities (code, name, created_at, created_by) VALUES (?, ?, ?, ?)').run(code, code, 0, 'test')
          .lastInsertRowid,
      );
    const a = community('OJEK-A');
    const b = community('OJEK-B');
    const w = (name: string, kpj: string, village: string, communityId = a) =>
      app.registerWorker('test:u1', name, kpj, { village, communityId });
    w('Paid', '10000000001', SUKAMAJU_JONGGOL);
    const declared = w('Declared', '10000000002', SUKAMAJU_JONGGOL);
    w('Two behind', '10000000003', SUKAMAJU_JONGGOL);
    w('Lapsed', '10000000004', PONDOK_RAJEG);
    w('No data', '10000000005', PONDOK_RAJEG);
    w('Elsewhere', '10000000006', PONDOK_RAJEG, b);
    // No payment data yet: every worker would be "no data", so the section is left out.
    expect(formatStats(communityStats(app.db, { communityId: a, targetPerDesa: 100 }), 'id')).not.toContain('Perlindungan');
    app.importPayments(['10000000001,2026-12', '10000000003,2026-10', '10000000004,2026-07', '10000000006,2026-12']);
    paymentStore(app.db).recordDeclared(declared, '2026-12', app.clock.ms);

    const now = jakarta('2026-12-20');
    const st = communityStats(app.db, { communityId: a, targetPerDesa: 100, now });
    expect(st.protection.counts).toEqual({ active: 2, at_risk: 1, lapsed: 1, unknown: 1 });
    expect(st.protection.selfDeclared).toBe(1);
    const text = formatStats(st, 'id');
    expect(text).toContain(
      'Perlindungan pekerja terdaftar: aktif 2 (pernyataan sendiri 1) · berisiko 1 · tidak aktif 1 · belum ada data bayar 1',
    );
    expect(text).toContain('Sukamaju: aktif 2, berisiko 1, tidak aktif 0');
    expect(text).toContain('Pondok Rajeg: aktif 0, berisiko 0, tidak aktif 1');
    expect(communityStats(app.db, { communityId: b, targetPerDesa: 100, now }).protection.counts).toEqual({
      active: 1,
      at_risk: 0,
      lapsed: 0,
      unknown: 0,
    });
    // A month later, December's payment is due and missed: "Paid" is now at risk too.
    const later = communityStats(app.db, { communityId: a, targetPerDesa: 100, now: jakarta('2027-01-16') });
    expect(later.protection.counts).toEqual({ active: 0, at_risk: 3, lapsed: 1, unknown: 1 });
  });

  it('the CLI refuses a bad date, an unknown subcommand and an unreadable file with one line and exit 1', () => {
    const app = appOf();
    const path = app.config.DATABASE_PATH;
    const bad = runAdminOn(path, ['reminders', 'preview', '--date', '2026-13']);
    expect(bad.status).toBe(1);
    expect(bad.err).toContain('--date wants a date as YYYY-MM-DD, got "2026-13"');
    expect(runAdminOn(path, ['reminders']).err).toContain('Usage: reminders preview --date YYYY-MM-DD | reminders run');
    const missing = runAdminOn(path, ['payments', 'import', 'no-such.csv']);
    expect(missing.status).toBe(1);
    expect(missing.err).toMatch(/Cannot read .*no-such\.csv\./);
    const run = runAdminOn(path, ['reminders', 'run']);
    expect(run.status).toBe(0);
    expect(run.out).toMatch(/message\(s\) queued; the running bot delivers them\./);
  });

  it('hapus data saya removes the reminder answer and the record of reminders sent to the chat', async () => {
    const app = appOf();
    const code = app.registerWorker('test:u1', 'Budi', '12345678901');
    await app.channel.say('ingatkan saya');
    app.importPayments(['12345678901,2026-07']);
    app.clock.ms = jakarta('2026-08-10');
    expect((await app.tick()).queued.map((m) => m.kind)).toEqual(['reminder']);
    erasureStore(app.db).erasePerson({ key: 'test:u1', channel: 'test', chatId: 'u1' }, app.clock.ms);
    expect(reminderStore(app.db).pref('test:u1')).toBeUndefined();
    expect(reminderJobStore(app.db).all()).toEqual([]);
    erasureStore(app.db).eraseReferral(code, app.clock.ms);
    expect(paymentStore(app.db).of(code)).toBeUndefined();
  });
});
