/**
 * Per-chat token buckets: a burst of `capacity` messages (platforms deliver a backlog at once after an outage), then `perSecond`. Why: one chat flooding
 * the bot must get a polite slow-down instead of a queue of hundreds of turns.
 */
export class FloodGuard {
  private readonly buckets = new Map<string, { tokens: number; at: number; warned: boolean }>();

  constructor(
    private readonly capacity = 60,
    private readonly perSecond = 2,
    private readonly maxChats = 100_000,
  ) {}

  /** `ok` to handle the message, `warn` to refuse it with a notice (once per flood), `drop` to refuse silently. */
  take(key: string, now: number): 'ok' | 'warn' | 'drop' {
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= this.maxChats) this.evictFull(now);
      b = { tokens: this.capacity, at: now, warned: false };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(this.capacity, b.tokens + ((now - b.at) / 1000) * this.perSecond);
    b.at = now;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      if (b.tokens >= this.capacity / 2) b.warned = false;
      return 'ok';
    }
    if (b.warned) return 'drop';
    b.warned = true;
    return 'warn';
  }

  private evictFull(now: number): void {
    for (const [k, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / 1000) * this.perSecond >= this.capacity) this.buckets.delete(k);
    }
  }
}
