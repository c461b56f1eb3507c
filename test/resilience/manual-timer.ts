/** One pause someone is waiting out on the manual timer. */
interface Pending {
  ms: number;
  at: number;
  resolve: () => void;
}

/**
 * A clock and a sleep that only move when the test says so: the supervisor's backoff and the reply hold wait on it,
 * so a test decides when "five seconds later" is, and never waits on a real clock.
 */
export class ManualTimer {
  private nowMs = Date.parse('2026-12-01T08:00:00Z');
  private readonly pending: Pending[] = [];
  private readonly waiters = new Set<() => void>();

  /** The current time. */
  readonly clock = (): number => this.nowMs;

  /** Waits until the test moves time past `ms` from now; rejects when `signal` aborts. */
  readonly sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const entry: Pending = { ms, at: this.nowMs + ms, resolve };
      this.pending.push(entry);
      signal?.addEventListener(
        'abort',
        () => {
          const i = this.pending.indexOf(entry);
          if (i >= 0) this.pending.splice(i, 1);
          reject(signal.reason);
        },
        { once: true },
      );
      for (const waiter of [...this.waiters]) waiter();
    });

  /** The pauses being waited out right now, in ms, in the order they began. */
  get waiting(): number[] {
    return this.pending.map((p) => p.ms);
  }

  /** Resolves once at least one pause is pending (an event, not a poll); rejects after `timeoutMs`. */
  async untilWaiting(timeoutMs = 5_000): Promise<void> {
    if (this.pending.length > 0) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error('nobody started a pause on the manual timer'));
      }, timeoutMs);
      const waiter = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve();
      };
      this.waiters.add(waiter);
    });
  }

  /** Moves time to the end of the earliest pause and ends every pause due by then; returns that pause's length. */
  async fireNext(): Promise<number> {
    await this.untilWaiting();
    const first = this.pending.reduce((a, b) => (b.at < a.at ? b : a));
    this.nowMs = Math.max(this.nowMs, first.at);
    for (const p of this.pending.filter((x) => x.at <= this.nowMs)) {
      this.pending.splice(this.pending.indexOf(p), 1);
      p.resolve();
    }
    return first.ms;
  }
}
