import { normalizeReferralCode } from '../domain/codes.ts';
import { matchOption, yesNo } from '../engine/answers.ts';
import type { CommandHandler, TurnApi } from '../engine/bot.ts';
import type { CommandId } from '../engine/command-table.ts';
import { monthName } from '../jobs/reminder-plan.ts';
import type { Db } from '../store/db.ts';
import { outboxStore } from '../store/outbox.ts';
import { paymentStore } from '../store/payments.ts';
import { reminderJobStore } from '../store/reminder-jobs.ts';
import { type InsuredRow, reminderStore } from '../store/reminders.ts';

/** What the reminders feature needs. */
export interface ReminderFeatureDeps {
  db: Db;
  /** The day of the month reminders go out (REMINDER_DAY), to say so when someone opts in. */
  reminderDay: number;
}

// An offer left unanswered this long is no longer what a "ya" at the menu answers.
const OFFER_ANSWER_WINDOW_MS = 7 * 86_400_000;

/**
 * Monthly payment reminders in chat: the yes/no answer to the bot's offer (stored with its date), `ingatkan saya`,
 * `berhenti pengingat` (honoured at once: queued reminders not yet sent are left out), and `sudah bayar` (self-declared).
 */
export function reminderFeature(deps: ReminderFeatureDeps) {
  const { db } = deps;
  const prefs = reminderStore(db);

  const start = (t: TurnApi): void => {
    const now = t.meta.now;
    if (prefs.insuredOf(t.user.key).length === 0) {
      t.reply('reminders.optin.nothing');
      // Asked before anything was registered: offer again once something is.
      return;
    }
    prefs.answer(t.user.key, true, now);
    t.reply('reminders.optin.yes', { day: deps.reminderDay });
  };

  const stop = (t: TurnApi): void => {
    prefs.answer(t.user.key, false, t.meta.now, true);
    leaveOutUnsent(db, t.user.key);
    t.reply('reminders.stopped');
  };

  /** "sudah bayar [CODE]": this month paid for one or every registered worker of the person, as their own statement. */
  const paid = (t: TurnApi, arg: string | undefined): boolean => {
    const workers = prefs.insuredOf(t.user.key);
    const code = arg === undefined ? undefined : normalizeReferralCode(arg);
    if (arg !== undefined && !code) return false;
    const chosen = code ? workers.filter((w) => w.code === code) : workers;
    if (workers.length === 0) t.reply('reminders.paid.none');
    else if (chosen.length === 0) t.reply('reminders.paid.unknown_code', { code: code ?? arg ?? '' });
    else recordDeclared(db, t, chosen);
    return true;
  };

  const commands: Partial<Record<CommandId, CommandHandler>> = {
    reminders_start: (t) => {
      start(t);
      return true;
    },
    reminders_stop: (t) => {
      stop(t);
      return true;
    },
    paid,
  };

  return {
    commands,
    /** A "ya"/"tidak" at the menu answering the bot's reminder offer; false when there is no open offer or it is no answer. */
    answerOffer(t: TurnApi, text: string): boolean {
      const p = prefs.pref(t.user.key);
      if (!p?.offered_at || p.answered_at !== null || t.meta.now - p.offered_at > OFFER_ANSWER_WINDOW_MS) return false;
      const answer = matchOption(text, yesNo, { strict: true });
      if (answer === 'yes') start(t);
      else if (answer === 'no') {
        prefs.answer(t.user.key, false, t.meta.now);
        t.reply('reminders.optin.no');
      } else return false;
      return true;
    },
    /** `berhenti`: reminders queued for the person but not sent yet are left out (the scheduler queues no new ones). */
    onOptOut(t: TurnApi, optOut: boolean): void {
      if (optOut) leaveOutUnsent(db, t.user.key);
    },
  };
}

/** Marks the person's queued, unsent reminders, warnings and nudges skipped in the outbox. */
function leaveOutUnsent(db: Db, userKey: string): void {
  const outbox = outboxStore(db);
  for (const id of reminderJobStore(db).outboxIdsOf(userKey)) outbox.markSkipped(id, 'reminders stopped');
}

function recordDeclared(db: Db, t: TurnApi, workers: readonly InsuredRow[]): void {
  const month = t.meta.today.slice(0, 7);
  const payments = paymentStore(db);
  for (const w of workers) payments.recordDeclared(w.code, month, t.meta.now);
  t.reply('reminders.paid.done', {
    month: monthName(month, t.meta.locale),
    names: workers.map((w) => w.worker_name).join(', '),
  });
}
