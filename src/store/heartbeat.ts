import { hostname } from 'node:os';
import type { Db } from './db.ts';
import { metaStore } from './meta.ts';

/** A running bot's sign of life in the database: which process, on which host, last seen when (ms since the epoch). */
export interface Heartbeat {
  pid: number;
  host: string;
  at: number;
}

/** How often the running bot refreshes its heartbeat. */
export const HEARTBEAT_INTERVAL_MS = 30_000;

/** The heartbeat the database holds, if any (a malformed one counts as none: it cannot say who wrote it). */
export function readHeartbeat(db: Db): Heartbeat | undefined {
  const raw = metaStore(db).get('heartbeat');
  if (!raw) return undefined;
  try {
    const hb = JSON.parse(raw) as Partial<Heartbeat>;
    if (typeof hb.pid === 'number' && typeof hb.host === 'string' && typeof hb.at === 'number') return hb as Heartbeat;
  } catch {
    // Falls through: not a heartbeat this code wrote.
  }
  return undefined;
}

/**
 * Writes this process's heartbeat now and every HEARTBEAT_INTERVAL_MS; stop() removes it (only if it is still ours),
 * so offline tools such as `rotate-key` can tell a running bot from a stopped one, and a crash from a clean stop.
 */
export function startHeartbeat(db: Db, clock: () => number = Date.now): { stop(): void } {
  const meta = metaStore(db);
  const me = { pid: process.pid, host: hostname() };
  let last = '';
  const beat = () => {
    const value = JSON.stringify({ ...me, at: clock() });
    try {
      meta.set('heartbeat', value);
      last = value;
    } catch {
      // Busy or closing: the next beat catches up, and 90 s of silence is what readers treat as stopped.
    }
  };
  beat();
  const timer = setInterval(beat, HEARTBEAT_INTERVAL_MS);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      meta.removeIf('heartbeat', last);
    },
  };
}
