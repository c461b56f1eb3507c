import { truncateWal } from '../store/checkpoint.ts';
import type { Db } from '../store/db.ts';
import { erasureStore } from '../store/erasure.ts';
import type { Job } from './scheduler.ts';

const DAY = 86_400_000;

/**
 * The retention purge (UU 27/2022: keep personal data no longer than needed), hourly: unfinished flows older
 * than the conversation expiry are dropped, and withdrawn or rejected referrals older than `retentionDays` lose
 * their personal fields (anonymous counts stay for statistics), and chats silent as long that hold nothing else
 * are forgotten. Then the WAL is truncated, so the old pages
 * are gone from disk too; it also runs at the next tick after any erasure, for that truncation.
 */
export function retentionJob(db: Db, opts: { draftDays: number; retentionDays: number }): Job {
  const erasure = erasureStore(db);
  return {
    name: 'retention',
    everyMs: 3_600_000,
    run: (now) => {
      const r = erasure.purge(now - opts.draftDays * DAY, now - opts.retentionDays * DAY, now);
      erasure.takeCheckpointRequest(); // This run's own erasures are checkpointed in afterCommit below.
      return `drafts=${r.drafts} referrals=${r.referrals} users=${r.users}`;
    },
    wanted: () => erasure.takeCheckpointRequest(),
    afterCommit: () => {
      truncateWal(db);
    },
  };
}
