/** How long retries wait: `baseMs` doubling per attempt, never more than `maxMs`. */
export interface Backoff {
  baseMs: number;
  maxMs: number;
}

/** The default for reconnecting a channel: 1 s doubling up to 5 min. */
export const CHANNEL_BACKOFF: Backoff = { baseMs: 1_000, maxMs: 300_000 };

/** Between retries of one send: 1 s doubling up to 30 s (a reply should not wait as long as a reconnect). */
export const SEND_BACKOFF: Backoff = { baseMs: 1_000, maxMs: 30_000 };

/**
 * The pause before retry number `attempt` (0-based): capped exponential with equal jitter — never less than half
 * the capped value, so a flapping link still slows down, and spread so many bots do not reconnect in step.
 */
export function backoffDelay(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
  const capped = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(capped / 2 + (random() * capped) / 2);
}
