import { type BroadcastWithCommunity, broadcastStore } from '../store/broadcasts.ts';
import type { Db } from '../store/db.ts';
import { outboxStore } from '../store/outbox.ts';
import { clipWithEllipsis } from '../util/clip.ts';
import { queueNotice } from './notices.ts';

/** Where an announcement stands, from its outbox rows. */
export interface BroadcastSummary {
  id: number;
  state: 'sending' | 'done' | 'cancelled';
  /** Members it was queued for (its outbox rows): sent + failed + skipped + cancelled + pending. */
  recipients: number;
  sent: number;
  /** Refused by the platform, given up after retries, or cut short by a crash (may or may not have arrived). */
  failed: number;
  /** Left out when their turn came: said berhenti, became unreachable or withdrew the opt-in after it was queued. */
  skipped: number;
  /** Members left out already when it was queued (shown in the preview, not part of `recipients`). */
  leftOut: number;
  cancelled: number;
  /** Still waiting or being sent. */
  pending: number;
}

// A progress note on a handful of messages is noise: the final report comes moments later.
const PROGRESS_MIN_ROWS = 20;
const PREVIEW_CHARS = 80;

const load = (db: Db, id: number) => broadcastStore(db).withCommunity(id);

function summarize(db: Db, b: BroadcastWithCommunity): BroadcastSummary {
  const n: Record<string, number> = {};
  for (const r of outboxStore(db).countByBroadcast(b.id)) n[r.state] = r.n;
  const get = (s: string) => n[s] ?? 0;
  return {
    id: b.id,
    state: b.state,
    recipients: Object.values(n).reduce((a, x) => a + x, 0),
    sent: get('sent'),
    failed: get('failed') + get('unknown'),
    skipped: get('skipped'),
    leftOut: b.skipped,
    cancelled: get('cancelled'),
    pending: get('pending') + get('sending'),
  };
}

/** The figures of one announcement, or undefined for an unknown id. */
export function broadcastSummary(db: Db, id: number): BroadcastSummary | undefined {
  const b = load(db, id);
  return b ? summarize(db, b) : undefined;
}

function reportParams(b: BroadcastWithCommunity, s: BroadcastSummary) {
  const oneLine = b.text.replace(/\s+/g, ' ').trim();
  const preview = clipWithEllipsis(oneLine, PREVIEW_CHARS);
  return {
    community: b.community_name,
    preview,
    recipients: s.recipients,
    sent: s.sent,
    failed: s.failed,
    skipped: s.skipped,
    cancelled: s.cancelled,
  };
}

/** After a row's final state (same transaction): one progress note at half way, the report when none is left. */
export function broadcastRowFinished(db: Db, broadcastId: number, now: number): void {
  const b = load(db, broadcastId);
  if (b?.state !== 'sending') return;
  const s = summarize(db, b);
  if (s.pending === 0) {
    finish(db, b, s, now);
    return;
  }
  // Rows finish one at a time, so "exactly half" is met once: one progress note, never two.
  const through = s.recipients - s.pending;
  if (s.recipients >= PROGRESS_MIN_ROWS && through === Math.ceil(s.recipients / 2))
    queueNotice(db, b.created_by, 'community.broadcast.progress', { ...reportParams(b, s), done: through }, now);
}

/** Closes every announcement with nothing left to send (none queued at all, or the rest cut off by a crash); returns how many. */
export function finishBroadcasts(db: Db, now: number): number {
  let n = 0;
  for (const id of broadcastStore(db).sendingWithNothingLeft())
    db.transaction(() => {
      const b = load(db, id);
      if (b?.state === 'sending') n += finish(db, b, summarize(db, b), now) ? 1 : 0;
    })();
  return n;
}

function finish(db: Db, b: BroadcastWithCommunity, s: BroadcastSummary, now: number): boolean {
  const closed = broadcastStore(db).markDone(b.id, now);
  if (closed) queueNotice(db, b.created_by, 'community.broadcast.report', reportParams(b, { ...s, state: 'done' }), now);
  return closed;
}

/** Stops a running announcement (waiting rows → 'cancelled') and reports to its creator; undefined when not running. */
export function cancelBroadcast(db: Db, id: number, now: number, opts: { report?: boolean } = {}): BroadcastSummary | undefined {
  return db.transaction(() => {
    const b = load(db, id);
    if (b?.state !== 'sending') return undefined;
    // Only waiting rows: a row being sent right now may already be on the wire, so it finishes as it goes.
    outboxStore(db).cancelBroadcastRows(id);
    broadcastStore(db).markCancelled(id, now);
    const s = { ...summarize(db, b), state: 'cancelled' as const };
    if (opts.report !== false) queueNotice(db, b.created_by, 'community.broadcast.report_cancelled', reportParams(b, s), now);
    return s;
  })();
}
