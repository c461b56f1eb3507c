import type { Db } from './db.ts';
import { perDatabase } from './per-database.ts';

/** What a proactive message is: the reminder offer, a monthly reminder, a lapse warning or a nudge. */
export type ReminderKind = 'offer' | 'reminder' | 'lapse' | 'nudge';

/** One proactive message that was queued, unique per (kind, person, period). */
export interface ReminderJobRow {
  id: number;
  kind: ReminderKind;
  person: string;
  period: string;
  channel: string;
  created_at: number;
  outbox_id: number | null;
}

/**
 * Owner of the `reminder_jobs` table: one row per (kind, person, period). The row and its outbox message are
 * written in one transaction by the scheduler; the unique key is what makes a second run a no-op.
 */
export const reminderJobStore = perDatabase((db: Db) => {
  const s = {
    claim: db.prepare('INSERT OR IGNORE INTO reminder_jobs (kind, person, period, channel, created_at) VALUES (?, ?, ?, ?, ?)'),
    attach: db.prepare('UPDATE reminder_jobs SET outbox_id = ? WHERE id = ?'),
    exists: db.prepare<[string, string, string], { id: number }>(
      'SELECT id FROM reminder_jobs WHERE kind = ? AND person = ? AND period = ?',
    ),
    countSince: db.prepare<[string, number], { n: number }>(
      'SELECT count(*) AS n FROM reminder_jobs WHERE channel = ? AND created_at >= ?',
    ),
    pendingOf: db.prepare<[string], { outbox_id: number }>(
      "SELECT outbox_id FROM reminder_jobs WHERE person = ? AND outbox_id IS NOT NULL AND kind IN ('reminder', 'lapse', 'nudge')",
    ),
    all: db.prepare<[], ReminderJobRow>('SELECT * FROM reminder_jobs ORDER BY id'),
    forget: db.prepare('DELETE FROM reminder_jobs WHERE person = ?'),
  };
  return {
    /** Takes the (kind, person, period) slot; returns its row id, or undefined when it was taken already. */
    claim: (kind: ReminderKind, person: string, period: string, channel: string, now: number): number | undefined => {
      const r = s.claim.run(kind, person, period, channel, now);
      return r.changes === 1 ? Number(r.lastInsertRowid) : undefined;
    },
    /** Records which outbox message carries the job. */
    attachOutbox: (id: number, outboxId: number) => void s.attach.run(outboxId, id),
    /** Whether the slot was taken already. */
    exists: (kind: ReminderKind, person: string, period: string) => s.exists.get(kind, person, period) !== undefined,
    /** Jobs queued on a channel since a time, for the reminders' own daily cap. */
    countSince: (channel: string, since: number) => s.countSince.get(channel, since)?.n ?? 0,
    /** Outbox ids of a person's reminders, lapse warnings and nudges, to leave out the unsent ones when they opt out. */
    outboxIdsOf: (person: string) => s.pendingOf.all(person).map((r) => r.outbox_id),
    /** Every job, oldest first (tests and the CLI). */
    all: () => s.all.all(),
    /** Removes a person's job rows (erasure of their data). */
    forget: (person: string) => void s.forget.run(person),
  };
});
