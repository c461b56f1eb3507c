import type { Db } from './db.ts';

/**
 * Writes a consistent, compacted copy of the live database to `target` (which must not exist).
 * Why `VACUUM INTO` rather than the async backup API: it copies inside one read transaction, so the copy is
 * one point in time even while the bot writes (WAL readers and writers do not block each other), whereas the
 * page-by-page backup API restarts whenever another process writes, and may never finish on a busy bot. It is
 * also synchronous. Prepared per call on purpose: a backup runs once per process, so there is nothing to reuse.
 */
export function copyDatabaseTo(db: Db, target: string): void {
  db.prepare('VACUUM INTO ?').run(target);
}
