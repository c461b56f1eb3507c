import type { Db } from './db.ts';

/**
 * Copies the WAL back into the database on a timer, between turns. Why: SQLite's automatic checkpoint
 * (every 1,000 pages) otherwise runs inside whichever turn crosses the line, and its fsync is that turn's
 * whole latency. PASSIVE never waits for readers or writers; the automatic one stays as a safety net.
 */
export function startCheckpointer(db: Db, intervalMs = 250): { stop(): void } {
  const timer = setInterval(() => {
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Busy or closing: the next tick (or the automatic checkpoint) catches up.
    }
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/**
 * Copies the whole WAL into the database and empties it, so erased rows leave the WAL file too; false when
 * the database is busy (the regular checkpoint or the next retention run catches up).
 */
export function truncateWal(db: Db): boolean {
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    return true;
  } catch {
    return false;
  }
}
