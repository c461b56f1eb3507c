import type { Logger } from '../log.ts';
import type { Db } from '../store/db.ts';
import { jobStore } from '../store/jobs.ts';

/** Durable scheduled work: what it is called, how often it runs, and the work (in one transaction). */
export interface Job {
  name: string;
  everyMs: number;
  /** Does the work; returns a one-line summary for the jobs table and the log. */
  run(now: number): string;
  /** Work after the run committed (e.g. a WAL checkpoint that cannot run inside a transaction). */
  afterCommit?(): void;
  /** True when the job should run at this tick although it is not due yet (e.g. right after an erasure). */
  wanted?(): boolean;
}

/**
 * Runs every job that is due (its row says so, or it never ran; `force` runs them all) and records the next run.
 * Returns the summaries of the jobs that ran. A failing job is logged and retried at the next tick.
 */
export function runDueJobs(db: Db, jobs: readonly Job[], now: number, logger?: Logger, opts: { force?: boolean } = {}): string[] {
  const rows = jobStore(db);
  const done: string[] = [];
  for (const job of jobs) {
    const row = rows.get(job.name);
    if (!opts.force && row && row.next_run_at > now && !job.wanted?.()) continue;
    try {
      const result = db.transaction(() => {
        const r = job.run(now);
        rows.ran(job.name, now, now + job.everyMs, r);
        return r;
      })();
      job.afterCommit?.();
      logger?.info({ job: job.name, result }, 'job ran');
      done.push(`${job.name}: ${result}`);
    } catch (err) {
      logger?.error({ err, job: job.name }, 'job failed; retried at the next tick');
    }
  }
  return done;
}

/**
 * Runs the jobs at start (all of them), then checks the table every `tickMs` for due ones. Why a short tick and
 * not one timer per job: the schedule lives in rows, so a restart picks it up and nothing runs twice.
 */
export function startJobs(
  db: Db,
  jobs: readonly Job[],
  opts: { logger?: Logger; clock?: () => number; tickMs?: number } = {},
): { stop(): void } {
  const clock = opts.clock ?? Date.now;
  runDueJobs(db, jobs, clock(), opts.logger, { force: true });
  const timer = setInterval(() => runDueJobs(db, jobs, clock(), opts.logger), opts.tickMs ?? 60_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
