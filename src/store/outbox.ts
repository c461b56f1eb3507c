import type { Db } from './db.ts';
import { perDatabase } from './per-database.ts';

/** The states an outbox row goes through. */
export type OutboxState = 'pending' | 'sending' | 'sent' | 'failed' | 'unknown' | 'cancelled' | 'skipped';

/** A message waiting in (or delivered from) the durable outbox. */
export interface OutboxRow {
  id: number;
  channel: string;
  chat_id: string;
  text: string;
  created_at: number;
  not_before: number;
  state: OutboxState;
  attempts: number;
  last_error: string | null;
  sent_at: number | null;
  /** The announcement this message belongs to, if any. */
  broadcast_id: number | null;
}

/**
 * The durable outbox: messages the bot must deliver even if it is not running when they are queued
 * (status changes from the admin CLI). Each row is claimed before sending, so a crash never sends twice.
 * Owner of the `outbox` table.
 */
export const outboxStore = perDatabase((db: Db) => {
  const s = {
    enqueue: db.prepare('INSERT INTO outbox (channel, chat_id, text, created_at, not_before) VALUES (?, ?, ?, ?, ?)'),
    enqueueBroadcast: db.prepare(
      'INSERT OR IGNORE INTO outbox (channel, chat_id, text, created_at, not_before, broadcast_id) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    countByBroadcast: db.prepare<[number], { state: OutboxState; n: number }>(
      'SELECT state, count(*) AS n FROM outbox WHERE broadcast_id = ? GROUP BY state',
    ),
    cancelBroadcast: db.prepare(
      "UPDATE outbox SET state = 'cancelled', last_error = 'broadcast cancelled' WHERE broadcast_id = ? AND state = 'pending'",
    ),
    due: db.prepare<[string, number, number], OutboxRow>(
      "SELECT * FROM outbox WHERE state = 'pending' AND channel = ? AND not_before <= ? ORDER BY not_before, id LIMIT ?",
    ),
    claim: db.prepare("UPDATE outbox SET state = 'sending', attempts = attempts + 1 WHERE id = ? AND state = 'pending'"),
    sent: db.prepare("UPDATE outbox SET state = 'sent', sent_at = ? WHERE id = ?"),
    retry: db.prepare("UPDATE outbox SET state = 'pending', not_before = ?, last_error = ? WHERE id = ?"),
    failed: db.prepare("UPDATE outbox SET state = 'failed', last_error = ? WHERE id = ?"),
    // A row left 'sending' by a crash may or may not have gone out: never resend it, flag it for a human.
    orphans: db.prepare("UPDATE outbox SET state = 'unknown' WHERE state = 'sending'"),
    byId: db.prepare<[number], OutboxRow>('SELECT * FROM outbox WHERE id = ?'),
    // Messages to one person (status changes, reports) before announcements; oldest first within each.
    next: db.prepare<[string, number, number], OutboxRow>(
      "SELECT * FROM outbox WHERE state = 'pending' AND channel = ? AND not_before <= ? ORDER BY broadcast_id IS NOT NULL, id LIMIT ?",
    ),
    release: db.prepare("UPDATE outbox SET state = 'pending', attempts = attempts - 1, last_error = ? WHERE id = ? AND state = 'sending'"),
    skipped: db.prepare("UPDATE outbox SET state = 'skipped', last_error = ? WHERE id = ? AND state = 'pending'"),
    sentSince: db.prepare<[string, number], { n: number }>(
      // Only announcements count towards the daily cap: replies and status notices go to people who wrote to us.
      "SELECT count(*) AS n FROM outbox WHERE state = 'sent' AND channel = ? AND sent_at >= ? AND broadcast_id IS NOT NULL",
    ),
    lastSent: db.prepare<[string], { at: number | null }>("SELECT max(sent_at) AS at FROM outbox WHERE state = 'sent' AND channel = ?"),
    backlog: db.prepare<[], { channel: string; n: number }>(
      "SELECT channel, count(*) AS n FROM outbox WHERE state IN ('pending', 'sending') GROUP BY channel",
    ),
  };
  return {
    /** Queues a message; returns its id. */
    enqueue: (channel: string, chatId: string, text: string, now: number) =>
      Number(s.enqueue.run(channel, chatId, text, now, now).lastInsertRowid),
    /** Pending messages of a channel that are due. */
    due: (channel: string, now: number, limit = 50) => s.due.all(channel, now, limit),
    /** Claims a row for sending; false when someone else already did. */
    claim: (id: number) => s.claim.run(id).changes === 1,
    /** Marks a claimed row delivered. */
    markSent: (id: number, now: number) => void s.sent.run(now, id),
    /** Puts a claimed row back for a later attempt. */
    retryAt: (id: number, at: number, error: string) => void s.retry.run(at, error, id),
    /** Gives up on a row. */
    markFailed: (id: number, error: string) => void s.failed.run(error, id),
    /** Flags rows a crash left mid-send; returns how many. */
    recoverOrphans: () => s.orphans.run().changes,
    /** Pending messages of a channel that are due: messages to one person first, then announcements, oldest first. */
    next: (channel: string, now: number, limit = 100) => s.next.all(channel, now, limit),
    /** Puts a claimed row back untouched (the platform asked us to wait): the attempt does not count. */
    release: (id: number, error: string) => void s.release.run(error, id),
    /** Leaves out a pending announcement row (the member said berhenti or cannot be reached). */
    markSkipped: (id: number, reason: string) => s.skipped.run(reason, id).changes === 1,
    /** How many messages a channel delivered since a time. */
    sentSince: (channel: string, since: number) => s.sentSince.get(channel, since)?.n ?? 0,
    /** When a channel last delivered a message, if ever. */
    lastSentAt: (channel: string) => s.lastSent.get(channel)?.at ?? undefined,
    /** Messages still to deliver (pending or being sent) per channel, for /healthz; channels without any are absent. */
    backlog: (): Record<string, number> => Object.fromEntries(s.backlog.all().map((r) => [r.channel, r.n])),
    /** One row, for tests and the CLI. */
    byId: (id: number) => s.byId.get(id),
    /** Queues one announcement message; a second row for the same chat and broadcast is ignored (unique index). */
    enqueueForBroadcast: (broadcastId: number, m: { channel: string; chat_id: string; text: string }, now: number) =>
      void s.enqueueBroadcast.run(m.channel, m.chat_id, m.text, now, now, broadcastId),
    /** An announcement's rows per state; states without rows are absent. */
    countByBroadcast: (broadcastId: number) => s.countByBroadcast.all(broadcastId),
    /** Cancels an announcement's waiting rows; a row being sent right now finishes as it goes. */
    cancelBroadcastRows: (broadcastId: number) => s.cancelBroadcast.run(broadcastId).changes,
  };
});

/** The outbox's operations. */
export type OutboxStore = ReturnType<typeof outboxStore>;
