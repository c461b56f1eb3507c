import type { Db } from '../store/db.ts';
import { outboxStore } from '../store/outbox.ts';
import { reminderJobStore } from '../store/reminder-jobs.ts';
import { reminderStore } from '../store/reminders.ts';
import { startOfDayIn, todayIn } from '../util/time.ts';
import { type PlannedMessage, planReminders, type ReminderSettings } from './reminder-plan.ts';
import type { Job } from './scheduler.ts';

/** What one run did: the messages it queued, and how many waited for tomorrow's WhatsApp cap. */
export interface ReminderRunResult {
  queued: PlannedMessage[];
  deferred: number;
}

/** Test hooks: called after each message is committed (a test throws here to simulate a crash mid-run). */
export interface ReminderRunHooks {
  afterQueue?: (m: PlannedMessage) => void;
}

/**
 * Queues everything due at `now` through the outbox. Each message takes its (kind, person, period) row and its
 * outbox row in ONE transaction, and a taken row is skipped: a restart, a crash half-way or two runs at once
 * never queue the same reminder twice. WhatsApp messages beyond the reminders' own daily cap wait for the next day.
 */
export function runReminders(db: Db, s: ReminderSettings, now: number, hooks: ReminderRunHooks = {}): ReminderRunResult {
  const jobs = reminderJobStore(db);
  const outbox = outboxStore(db);
  const dayStart = startOfDayIn(s.timeZone, todayIn(s.timeZone, now));
  const result: ReminderRunResult = { queued: [], deferred: 0 };
  for (const m of planReminders(db, s, now)) {
    if (m.channel === 'whatsapp' && jobs.countSince('whatsapp', dayStart) >= s.whatsappDailyCap) {
      result.deferred++;
      continue;
    }
    const queued = db.transaction(() => {
      const id = jobs.claim(m.kind, m.person, m.period, m.channel, now);
      if (id === undefined) return false;
      jobs.attachOutbox(id, outbox.enqueue(m.channel, m.chatId, m.text, now));
      if (m.kind === 'offer') reminderStore(db).markOffered(m.person, now);
      return true;
    })();
    if (!queued) continue;
    result.queued.push(m);
    hooks.afterQueue?.(m);
  }
  return result;
}

/** The reminder run as a scheduled job (every `everyMs`, default 5 minutes); the claimed rows, not the timer, stop repeats. */
export function reminderJob(db: Db, s: ReminderSettings, everyMs = 5 * 60_000): Job {
  return {
    name: 'reminders',
    everyMs,
    run: (now) => {
      const r = runReminders(db, s, now);
      return `queued=${r.queued.length} deferred=${r.deferred}`;
    },
  };
}
