import type { Config } from '../config.ts';
import { computeIuran, type Payer, type Sector } from '../domain/rates.ts';
import { asLocale, type Locale, type MessageKey, type Param, type Params, t } from '../i18n.ts';
import type { Db } from '../store/db.ts';
import type { ReminderKind } from '../store/reminder-jobs.ts';
import { reminderJobStore } from '../store/reminder-jobs.ts';
import { type InsuredRow, type Recipient, reminderStore } from '../store/reminders.ts';
import { todayIn } from '../util/time.ts';
import { DUE_DAY, MAX_UNPAID, paidThrough, unpaidMonths } from './protection.ts';

/** The reminder settings (from REMINDER_* and NUDGE_* in the config). */
export interface ReminderSettings {
  timeZone: string;
  /** Day of the month the monthly reminder goes out (before the 15th). */
  reminderDay: number;
  /** Proactive messages only from this hour… */
  startHour: number;
  /** …until before this hour, in `timeZone`. */
  endHour: number;
  nudgeAfterHours: number;
  /** Paused flows older than this are dropped by the engine: no nudge for them. */
  expiryDays: number;
  /** Proactive WhatsApp messages per day (their own cap, apart from announcements). */
  whatsappDailyCap: number;
}

/** One message the scheduler would queue: its (kind, person, period) slot and its rendered text. */
export interface PlannedMessage {
  kind: ReminderKind;
  person: string;
  period: string;
  channel: string;
  chatId: string;
  text: string;
}

// WhatsApp lets a business-like sender write only within 24 hours of the person's last message.
const WHATSAPP_WINDOW_MS = 24 * 3_600_000;
const NUDGE_FLOW = 'registration';

/** The hour (0–23) of an instant in a time zone. */
export function hourIn(timeZone: string, now: number): number {
  const h = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', hourCycle: 'h23' }).format(now);
  return Number(h) % 24;
}

/** Whether `now` is inside the daytime hours proactive messages may go out in. */
export function isDaytime(s: ReminderSettings, now: number): boolean {
  const h = hourIn(s.timeZone, now);
  return h >= s.startHour && h < s.endHour;
}

/**
 * Everything due at `now` that was not queued before: the reminder offer, the monthly reminder, lapse warnings,
 * and (unless `nudges` is false) nudges for paused registrations. Empty outside daytime hours. Pure reads: the
 * scheduler queues the result and `reminders preview` prints it.
 */
export function planReminders(db: Db, s: ReminderSettings, now: number, opts: { nudges?: boolean } = {}): PlannedMessage[] {
  if (!isDaytime(s, now)) return [];
  const today = todayIn(s.timeZone, now);
  const store = reminderStore(db);
  const jobs = reminderJobStore(db);
  const fresh = (m: PlannedMessage | undefined): m is PlannedMessage => m !== undefined && !jobs.exists(m.kind, m.person, m.period);
  const optedIn = store.optedIn();
  return [
    ...optedIn.map((r) => monthlyReminder(db, s, r, today)),
    ...optedIn.map((r) => lapseWarning(db, s, r, today)),
    ...store.neverOffered().map((r) => message(r, 'offer', '', 'reminders.offer', {})),
    ...(opts.nudges === false ? [] : nudges(db, s, now)),
  ].filter(fresh);
}

function message(r: Recipient, kind: ReminderKind, period: string, key: MessageKey, params: Params): PlannedMessage {
  return { kind, person: r.key, period, channel: r.channel, chatId: r.chat_id, text: t(asLocale(r.locale), key, params) };
}

/** `Juni 2026` / `June 2026` for `2026-06`. */
export function monthName(month: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'id-ID', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${month}-01T00:00:00Z`),
  );
}

/** The month's iuran for one worker, computed from the rates data for that month's due date (discount-aware). */
function amountDue(w: InsuredRow, month: string): { amount: number; percent?: number } {
  try {
    const b = computeIuran({
      date: `${month}-${String(DUE_DAY).padStart(2, '0')}`,
      sector: w.sector as Sector,
      incomeBase: w.income_base,
      jht: w.jht === 1,
      payer: w.payer as Payer,
      periodMonths: 1,
    });
    return b.discount > 0 && b.discountRule ? { amount: b.monthly, percent: b.discountRule.percent } : { amount: b.monthly };
  } catch {
    // A base the rates data no longer has: the amount stored at registration is the best figure there is.
    return { amount: w.monthly_iuran };
  }
}

/** On REMINDER_DAY up to the due date: one message per person listing every worker whose month is not paid. */
function monthlyReminder(db: Db, s: ReminderSettings, r: Recipient, today: string): PlannedMessage | undefined {
  const day = Number(today.slice(8, 10));
  if (day < s.reminderDay || day > DUE_DAY) return undefined;
  const month = today.slice(0, 7);
  const locale = asLocale(r.locale);
  const due = reminderStore(db)
    .insuredOf(r.key)
    .filter((w) => (paidThrough(w) ?? '') < month && (unpaidMonths(w, today, s.timeZone) ?? 0) <= MAX_UNPAID);
  if (due.length === 0) return undefined;
  const lines = due.map((w) => {
    const { amount, percent } = amountDue(w, month);
    const who: Param = w.kpj ? { key: 'reminders.kpj', params: { kpj: w.kpj } } : { key: 'reminders.nik_hint' };
    const note: Param = percent ? { key: 'reminders.discount_note', params: { percent } } : '';
    return { key: 'reminders.monthly.line' as const, params: { name: w.worker_name, who, amount: { money: amount }, note } };
  });
  return message(r, 'reminder', month, 'reminders.monthly', {
    month: monthName(month, locale),
    due: { date: `${month}-${DUE_DAY}` },
    lines: { lines },
  });
}

const LAPSE_LINES: Record<number, MessageKey> = {
  1: 'reminders.lapse.unpaid1',
  2: 'reminders.lapse.unpaid2',
  3: 'reminders.lapse.unpaid3',
  4: 'reminders.lapse.inactive',
};

/** After the due date: one message per person and month for workers whose unpaid run just grew (1, 2, 3, then inactive once). */
function lapseWarning(db: Db, s: ReminderSettings, r: Recipient, today: string): PlannedMessage | undefined {
  if (Number(today.slice(8, 10)) <= DUE_DAY) return undefined;
  const month = today.slice(0, 7);
  const locale = asLocale(r.locale);
  const lines: { key: MessageKey; params: Params }[] = [];
  let inactive = false;
  for (const w of reminderStore(db).insuredOf(r.key)) {
    // Only where payment data exists: no data is not proof of non-payment.
    const unpaid = unpaidMonths(w, today, s.timeZone);
    const key = unpaid === undefined ? undefined : LAPSE_LINES[unpaid];
    if (!key || unpaid === undefined) continue;
    inactive ||= unpaid > MAX_UNPAID;
    lines.push({ key, params: { name: w.worker_name, month: monthName(month, locale), count: unpaid } });
  }
  if (lines.length === 0) return undefined;
  if (inactive) lines.push({ key: 'reminders.lapse.inactive_help', params: {} });
  return message(r, 'lapse', month, 'reminders.lapse', { date: { date: today }, lines: { lines } });
}

/** One nudge per person and flow, NUDGE_AFTER_HOURS after a paused registration's last message; on WhatsApp only within 24 h. */
function nudges(db: Db, s: ReminderSettings, now: number): PlannedMessage[] {
  const before = now - s.nudgeAfterHours * 3_600_000;
  const after = now - s.expiryDays * 86_400_000;
  return reminderStore(db)
    .pausedFlows(NUDGE_FLOW, before, after)
    .filter((r) => r.channel !== 'whatsapp' || now - r.last_seen_at < WHATSAPP_WINDOW_MS)
    .map((r) => message(r, 'nudge', r.flow_id, 'reminders.nudge', {}));
}

/** The reminder settings from the loaded configuration. */
export function reminderSettings(
  c: Pick<
    Config,
    | 'TIMEZONE'
    | 'REMINDER_DAY'
    | 'REMINDER_START_HOUR'
    | 'REMINDER_END_HOUR'
    | 'NUDGE_AFTER_HOURS'
    | 'CONVERSATION_EXPIRY_DAYS'
    | 'REMINDER_WHATSAPP_DAILY_CAP'
  >,
): ReminderSettings {
  return {
    timeZone: c.TIMEZONE,
    reminderDay: c.REMINDER_DAY,
    startHour: c.REMINDER_START_HOUR,
    endHour: c.REMINDER_END_HOUR,
    nudgeAfterHours: c.NUDGE_AFTER_HOURS,
    expiryDays: c.CONVERSATION_EXPIRY_DAYS,
    whatsappDailyCap: c.REMINDER_WHATSAPP_DAILY_CAP,
  };
}
