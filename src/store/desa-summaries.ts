import type { Db } from './db.ts';
import { perDatabase } from './per-database.ts';

/** Owner of the `desa_summary_jobs` table: one row per desa community and day a summary went out. */
export const desaSummaryStore = perDatabase((db: Db) => {
  const s = {
    claim: db.prepare('INSERT OR IGNORE INTO desa_summary_jobs (community_id, day, created_at) VALUES (?, ?, ?)'),
    setOutbox: db.prepare('UPDATE desa_summary_jobs SET outbox_id = ? WHERE community_id = ? AND day = ?'),
    last: db.prepare<[number], { day: string; created_at: number }>(
      'SELECT day, created_at FROM desa_summary_jobs WHERE community_id = ? ORDER BY day DESC LIMIT 1',
    ),
  };
  return {
    /** Claims the day's summary of a community; false when it was already claimed (a restart or a second run). */
    claim: (communityId: number, day: string, now: number) => s.claim.run(communityId, day, now).changes > 0,
    /** Notes the outbox row that carries a claimed summary. */
    setOutbox: (communityId: number, day: string, outboxId: number) => void s.setOutbox.run(outboxId, communityId, day),
    /** The last summary of a community, if any. */
    last: (communityId: number) => s.last.get(communityId),
  };
});
