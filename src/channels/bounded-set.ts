/** A set that forgets its oldest entries past `limit`, for ids and per-chat flags kept in memory. */
export class BoundedSet<T> {
  private readonly items = new Set<T>();

  constructor(private readonly limit = 5_000) {}

  /** Adds `item` (as the newest); returns false when it was already there. */
  add(item: T): boolean {
    const had = this.items.delete(item);
    this.items.add(item);
    if (this.items.size > this.limit) {
      const oldest = this.items.values().next();
      if (!oldest.done) this.items.delete(oldest.value);
    }
    return !had;
  }

  /** Whether `item` is remembered. */
  has(item: T): boolean {
    return this.items.has(item);
  }

  /** Forgets `item`. */
  delete(item: T): void {
    this.items.delete(item);
  }

  /** How many items are remembered. */
  get size(): number {
    return this.items.size;
  }
}

/** Runs message handlers without awaiting them in the caller, logging failures and tracking them for `settled()`. */
export class InFlight {
  private readonly tasks = new Set<Promise<void>>();

  constructor(private readonly onError: (err: unknown) => void) {}

  /** Starts `task` now; its rejection is passed to `onError`, never thrown. */
  run(task: () => Promise<void>): void {
    let started: Promise<void>;
    try {
      // Why synchronously: the core queues per chat in call order, so calls must happen in arrival order.
      started = task();
    } catch (err) {
      started = Promise.reject(err);
    }
    const p: Promise<void> = started.catch(this.onError).finally(() => this.tasks.delete(p));
    this.tasks.add(p);
  }

  /** Resolves when every task started so far has finished. */
  async settled(): Promise<void> {
    while (this.tasks.size > 0) await Promise.allSettled([...this.tasks]);
  }
}
