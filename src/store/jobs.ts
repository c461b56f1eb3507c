import type { Db } from './db.ts';
import { perDatabase } from './per-database.ts';

/** A scheduled job's row: when it runs next, when it last ran and what it did. */
export interface JobRow {
  name: string;
  next_run_at: number;
  last_run_at: number | null;
  last_result: string | null;
}

/** Owner of the `jobs` table: durable schedules, so a restart neither skips nor repeats work. */
export const jobStore = perDatabase((db: Db) => {
  const s = {
    get: db.prepare<[string], JobRow>('SELECT * FROM jobs WHERE name = ?'),
    ran: db.prepare(
      `INSERT INTO jobs (name, next_run_at, last_run_at, last_result) VALUES (@name, @next, @now, @result)
       ON CONFLICT(name) DO UPDATE SET next_run_at = excluded.next_run_at, last_run_at = excluded.last_run_at, last_result = excluded.last_result`,
    ),
  };
  return {
    /** A job's row, or undefined before its first run. */
    get: (name: string) => s.get.get(name),
    /** Records a run and when the next one is due. */
    ran: (name: string, now: number, next: number, result: string) => void s.ran.run({ name, now, next, result }),
  };
});
