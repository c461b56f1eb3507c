/**
 * Runs tasks one at a time per key, in arrival order, and different keys concurrently.
 * Why: two messages of one chat must never race on the same conversation state.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  /** Queues `task` behind every earlier task of `key`; resolves or rejects with it. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Resolves when every task queued so far has settled. */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }
}
