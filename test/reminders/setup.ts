import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { paymentsCommand } from '../../src/admin/payment-commands.ts';
import type { AdminContext } from '../../src/admin/referral-commands.ts';
import { markReferral } from '../../src/admin/referral-commands.ts';
import { remindersCommand } from '../../src/admin/reminder-commands.ts';
import type { Channel } from '../../src/channels/channel.ts';
import { drainOutbox } from '../../src/delivery/outbox-runner.ts';
import { newReferralCode } from '../../src/domain/codes.ts';
import { reminderSettings } from '../../src/jobs/reminder-plan.ts';
import { type ReminderRunHooks, runReminders } from '../../src/jobs/reminder-scheduler.ts';
import { silentLogger } from '../../src/log.ts';
import { referralStore } from '../../src/store/referrals.ts';
import { startOfDayIn } from '../../src/util/time.ts';
import { startApp } from '../support/app.ts';
import { TestClock, tempDir } from '../support/harness.ts';

const TZ = 'Asia/Jakarta';

/** The instant of `HH:00` on a calendar day in Jakarta. */
export function jakarta(date: string, hour = 10): number {
  return startOfDayIn(TZ, date) + hour * 3_600_000;
}

/** Calendar days from `from` to `to` inclusive (`YYYY-MM-DD`). */
export function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = Date.parse(`${from}T00:00:00Z`); d <= Date.parse(`${to}T00:00:00Z`); d += 86_400_000)
    out.push(new Date(d).toISOString().slice(0, 10));
  return out;
}

/** The production app on an injected clock, with what reminder tests do: register workers, run reminders, deliver, admin commands. */
export function reminderApp(dir: string, env: Record<string, string> = {}) {
  const clock = new TestClock(jakarta('2026-08-03'));
  const app = startApp(dir, { clock, env });
  const settings = reminderSettings(app.config);
  const admin = (now = clock.ms) => {
    const out: string[] = [];
    const err: string[] = [];
    const ctx: AdminContext = {
      db: app.db,
      vault: app.vault,
      out: (s) => out.push(s),
      err: (s) => err.push(s),
      now,
      timeZone: TZ,
      actor: 'test',
      config: app.config,
    };
    return { ctx, out, err };
  };
  return {
    ...app,
    settings,
    /** Writes a submitted referral for `referrer` and marks it registered with a KPJ through the admin command. */
    registerWorker(referrer: string, name: string, kpj: string, opts: { sector?: string; village?: string; communityId?: number } = {}) {
      const code = newReferralCode();
      referralStore(app.db).insert({
        code,
        created_at: clock.ms,
        referrer_key: referrer,
        for_whom: 'other',
        worker_name: name,
        nik_sealed: app.vault.encrypt('3201011708850001'),
        nik_hash: `hash-${code}`,
        nik_masked: '************0001',
        gender: 'L',
        phone: '+6281234567890',
        phone_owner: 'worker',
        occupation: opts.sector === 'other' ? 'pedagang' : 'ojek',
        occupation_text: null,
        sector: opts.sector ?? 'transport',
        village_code: opts.village ?? '32.01.01.2001',
        income_base: 1_000_000,
        jht: 0,
        period_months: 1,
        payer: 'referrer',
        monthly_iuran: 8400,
        period_iuran: 8400,
        estimate: 0,
        community_id: opts.communityId ?? null,
        attributed_to: null,
      });
      const a = admin();
      markReferral(a.ctx, [code, 'registered', '--kpj', kpj]);
      return code;
    },
    /** Runs the scheduler at the clock's time, then delivers the outbox to the fake channel. */
    async tick(hooks: ReminderRunHooks = {}, channels: readonly Channel[] = [app.channel]) {
      const r = runReminders(app.db, settings, clock.ms, hooks);
      await drainOutbox(app.db, channels, silentLogger, { clock: clock.now, sleep: async () => {} });
      return r;
    },
    /** `payments import` of CSV lines written to a file in `dir`. */
    importPayments(lines: string[]) {
      const file = join(dir, `payments-${clock.ms}.csv`);
      writeFileSync(file, ['kpj,paid_until', ...lines].join('\n'));
      const a = admin();
      paymentsCommand(a.ctx, ['import', file]);
      return a;
    },
    /** `reminders preview --date` output lines. */
    preview(date: string) {
      const a = admin();
      remindersCommand(a.ctx, ['preview', '--date', date]);
      return a.out;
    },
    admin,
  };
}

/** A fresh reminder app for each test of the enclosing describe, in its own temp folder, closed after; `ready` prepares it. */
export function reminderAppPerTest(
  env: Record<string, string> = {},
  ready: (app: ReturnType<typeof reminderApp>) => Promise<void> = async () => {},
): () => ReturnType<typeof reminderApp> {
  let current: { app: ReturnType<typeof reminderApp>; cleanup: () => void } | undefined;
  beforeEach(async () => {
    const t = tempDir();
    current = { app: reminderApp(t.dir, env), cleanup: t.cleanup };
    await ready(current.app);
  });
  afterEach(async () => {
    await current?.app.close();
    current?.cleanup();
  });
  return () => {
    if (!current) throw new Error('reminderAppPerTest: only inside a test');
    return current.app;
  };
}
