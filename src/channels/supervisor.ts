import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from '../log.ts';
import { type Backoff, backoffDelay, CHANNEL_BACKOFF, SEND_BACKOFF } from './backoff.ts';
import { type Channel, ChannelError, ChannelRejectedError, type Incoming, type Outgoing } from './channel.ts';

/** Where a supervised channel is: connecting for the first time, serving, waiting to retry, or given up / shut down. */
export type ChannelState = 'starting' | 'up' | 'retrying' | 'stopped';

/** One channel's health, as `/healthz` and `npm run admin -- status` show it. */
export interface ChannelStatus {
  channel: string;
  state: ChannelState;
  /** When the channel entered this state (ms since the epoch). */
  since: number;
  /** The last failure, token-free; kept after the channel is back up, so an operator sees what happened. */
  lastError?: string;
  /** Failed connection attempts since the channel was last up. */
  failures: number;
}

/** Clock, timer and backoff of the supervisor; tests inject a manual timer so nothing waits on a real clock. */
export interface SupervisorOptions {
  logger: Logger;
  clock?: () => number;
  /** Waits `ms`; must reject when `signal` aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
  backoff?: Backoff;
  /** How long a reply waits for its channel to come back before it fails (default 60 s). */
  holdMs?: number;
  /** How often a send failing with a transient error is tried again (default 3). */
  sendRetries?: number;
  /**
   * How long one `start()` may take before the attempt is abandoned and retried (default: no limit). The clock stops
   * when the adapter reports it is waiting for a person (a WhatsApp login QR code): only a silent hang times out.
   */
  startTimeoutMs?: number | ((channel: string) => number | undefined);
}

/** Removes a Telegram bot token from an error text: telegraf puts it in request URLs. */
function redactToken(text: string): string {
  return text.replace(/bot\d+:[\w-]+/g, 'bot<token>');
}

/** A `start()` that neither connected nor failed in time: retried like any other failed connection. */
class StartTimeoutError extends Error {
  constructor(ms: number) {
    super(`start timed out after ${Math.round(ms / 1000)} s`);
    this.name = 'StartTimeoutError';
  }
}

/** A promise that never settles: what the start timer becomes once it is called off. */
const never = new Promise<never>(() => undefined);

function errorText(err: unknown): string {
  return redactToken(err instanceof Error ? err.message : String(err)).slice(0, 300);
}

/**
 * A channel under supervision: `start()` returns at once and connects in the background, retrying with capped
 * exponential backoff and jitter; a lost connection is retried the same way; a rejected token stops only this
 * channel. Replies wait (up to `holdMs`) while it is down instead of failing, and the outbox asks `isUp()`.
 */
export class SupervisedChannel implements Channel {
  readonly name: string;
  private current: ChannelStatus;
  private readonly stopping = new AbortController();
  private readonly listeners = new Set<(s: ChannelStatus) => void>();
  private readonly clock: () => number;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private running: Promise<void> | undefined;

  constructor(
    private readonly inner: Channel,
    private readonly opts: SupervisorOptions,
  ) {
    this.name = inner.name;
    this.clock = opts.clock ?? Date.now;
    // Node's own abortable timer: rejects on abort, so stopping never waits out a pause.
    this.sleep = opts.sleep ?? ((ms, signal) => delay(ms, undefined, { signal }));
    this.current = { channel: inner.name, state: 'starting', since: this.clock(), failures: 0 };
  }

  /** The Telegram channel's username once known (for t.me links); undefined for other channels. */
  get username(): string | undefined {
    return (this.inner as { username?: string }).username;
  }

  /** A copy of the current status. */
  status(): ChannelStatus {
    return { ...this.current };
  }

  /** Whether the channel is connected now. */
  isUp(): boolean {
    return this.current.state === 'up';
  }

  /** Calls `listener` on every change of state; returns the unsubscribe function. */
  onChange(listener: (s: ChannelStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once the channel is in `state` (at once when it already is). */
  reached(state: ChannelState): Promise<ChannelStatus> {
    if (this.current.state === state) return Promise.resolve(this.status());
    return new Promise((resolve) => {
      const off = this.onChange((s) => {
        if (s.state !== state) return;
        off();
        resolve(s);
      });
    });
  }

  /** Starts connecting in the background and returns at once; the other channels never wait for this one. */
  async start(onMessage: (m: Incoming) => Promise<void>): Promise<void> {
    if (this.running) throw new Error(`${this.name}: already started`);
    this.running = this.run(onMessage);
  }

  /** Sends once the channel is up (waiting up to `holdMs`), retrying transient failures with backoff. */
  async send(chatId: string, reply: Outgoing): Promise<void> {
    const retries = this.opts.sendRetries ?? 3;
    for (let attempt = 0; ; attempt++) {
      await this.untilUp();
      try {
        return await this.inner.send(chatId, reply);
      } catch (err) {
        const transient = !(err instanceof ChannelError) || err.code === 'transient';
        if (!transient || attempt >= retries || this.stopping.signal.aborted) throw err;
        this.opts.logger.debug({ channel: this.name, attempt, err: errorText(err) }, 'send failed; retrying');
        await this.sleep(backoffDelay(attempt, SEND_BACKOFF, this.opts.random), this.stopping.signal).catch(() => {
          throw err;
        });
      }
    }
  }

  /**
   * Stops retrying and stops the channel, which finishes the turns it started. A channel that is up stays `up`
   * until then, so those turns can still answer; one that is down is `stopped` at once, so nothing waits for it.
   */
  async stop(): Promise<void> {
    if (this.stopping.signal.aborted) return;
    this.stopping.abort(new Error('stopping'));
    if (this.current.state !== 'up') this.set('stopped');
    await this.inner.stop();
    if (this.current.state !== 'stopped') this.set('stopped');
  }

  private async run(onMessage: (m: Incoming) => Promise<void>): Promise<void> {
    const signal = this.stopping.signal;
    let attempt = 0;
    while (!signal.aborted) {
      let failure: unknown;
      try {
        failure = await this.connectAndServe(onMessage);
        attempt = 0;
      } catch (err) {
        failure = err;
      }
      if (signal.aborted) return;
      if (failure instanceof ChannelRejectedError) {
        this.set('stopped', failure);
        // Released here, not by stop(): the rest of the bot runs on and never sends through this channel again.
        await this.inner.stop().catch(() => undefined);
        return;
      }
      const wait = backoffDelay(attempt++, this.opts.backoff ?? CHANNEL_BACKOFF, this.opts.random);
      this.set('retrying', failure, wait);
      try {
        await this.sleep(wait, signal);
      } catch {
        return;
      }
    }
  }

  /** One connection: starts the adapter, reports `up`, and resolves with the error once the link is lost. */
  private async connectAndServe(onMessage: (m: Incoming) => Promise<void>): Promise<unknown> {
    let reportLost: (err: unknown) => void = () => undefined;
    const lost = new Promise<unknown>((resolve) => {
      reportLost = resolve;
    });
    // Ends this attempt's start timer: when the start settles, the adapter waits for a person, or the bot stops.
    const timer = new AbortController();
    let current = true;
    const link = {
      lost: (err: unknown) => reportLost(err),
      waiting: (reason: string) => {
        // An abandoned attempt may still report from its adapter; only the current one speaks for the channel.
        if (!current) return;
        timer.abort();
        this.note(reason);
      },
    };
    try {
      await this.withinStartTimeout(this.inner.start(onMessage, link), timer);
    } catch (err) {
      current = false;
      throw err;
    } finally {
      timer.abort();
    }
    if (this.stopping.signal.aborted) return undefined;
    this.set('up');
    const stopped = new Promise<undefined>((resolve) => this.stopping.signal.addEventListener('abort', () => resolve(undefined)));
    return Promise.race([lost, stopped]);
  }

  /**
   * The start, or a StartTimeoutError once `startTimeoutMs` passed without it settling. The adapter's own `stop()`
   * is not called: it is final in every adapter (a stopped channel refuses to start again); the next attempt's
   * `start()` is the reconnect the Channel contract provides, and WhatsApp's closes the stuck browser first.
   */
  private withinStartTimeout(started: Promise<void>, timer: AbortController): Promise<void> {
    const { startTimeoutMs } = this.opts;
    const ms = typeof startTimeoutMs === 'function' ? startTimeoutMs(this.name) : startTimeoutMs;
    if (ms === undefined) return started;
    // An abandoned attempt that fails later must not surface as an unhandled rejection.
    started.catch(() => undefined);
    const signal = AbortSignal.any([timer.signal, this.stopping.signal]);
    const timedOut = this.sleep(ms, signal).then(
      () => Promise.reject(new StartTimeoutError(ms)),
      () => never,
    );
    return Promise.race([started, timedOut]);
  }

  /** Records why a start is taking long (no change of state, so no listener fires); logged once per reason. */
  private note(reason: string): void {
    if (this.current.lastError === reason) return;
    this.current = { ...this.current, lastError: reason };
    this.opts.logger.warn({ channel: this.name, state: this.current.state, reason }, `${this.name}: ${reason}`);
  }

  /** Resolves once the channel is up; rejects when it stops or stays down for `holdMs`. */
  private untilUp(): Promise<void> {
    if (this.current.state === 'up') return Promise.resolve();
    if (this.current.state === 'stopped') return Promise.reject(new ChannelError('transient', `${this.name} is stopped`));
    return new Promise((resolve, reject) => {
      const hold = new AbortController();
      let done = false;
      const finish = (up: boolean) => {
        if (done) return;
        done = true;
        off();
        hold.abort();
        if (up) resolve();
        else reject(new ChannelError('transient', `${this.name} is down: ${this.current.lastError ?? this.current.state}`));
      };
      const off = this.onChange((s) => {
        if (s.state === 'up') finish(true);
        else if (s.state === 'stopped') finish(false);
      });
      this.sleep(this.opts.holdMs ?? 60_000, hold.signal).then(
        () => finish(false),
        () => undefined,
      );
    });
  }

  /** Records a state; logs one line when the state changes (repeated failures while retrying log at debug). */
  private set(state: ChannelState, err?: unknown, retryInMs?: number): void {
    const changed = state !== this.current.state;
    const lastError = err === undefined ? this.current.lastError : errorText(err);
    const failures = state === 'up' ? 0 : state === 'retrying' ? this.current.failures + 1 : this.current.failures;
    this.current = {
      channel: this.name,
      state,
      since: changed ? this.clock() : this.current.since,
      failures,
      ...(lastError ? { lastError } : {}),
    };
    this.log(state, changed, err === undefined ? undefined : errorText(err), retryInMs);
    if (changed) for (const listener of [...this.listeners]) listener(this.status());
  }

  private log(state: ChannelState, changed: boolean, error: string | undefined, retryInMs: number | undefined): void {
    const { logger } = this.opts;
    const fields = { channel: this.name, state, ...(error ? { error } : {}), ...(retryInMs !== undefined ? { retryInMs } : {}) };
    if (!changed) logger.debug({ ...fields, failures: this.current.failures }, `${this.name}: still ${state}`);
    else if (state === 'up') logger.info(fields, `${this.name}: up`);
    else if (state === 'retrying')
      logger.warn(fields, `${this.name}: cannot connect, retrying in ${Math.round((retryInMs ?? 0) / 100) / 10} s`);
    else if (state === 'stopped' && error) logger.error(fields, `${this.name}: stopped — ${error}`);
    else logger.info(fields, `${this.name}: ${state}`);
  }
}

/** Every configured channel under its own supervisor. */
export interface ChannelSupervisor {
  readonly channels: readonly SupervisedChannel[];
  /** Starts every channel at once; returns without waiting for any of them to connect. */
  start(onMessage: (channel: SupervisedChannel, m: Incoming) => Promise<void>): void;
  /** Each channel's status, in configuration order. */
  statuses(): ChannelStatus[];
  /** Stops every channel (each finishes the turns it started). */
  stop(): Promise<void>;
}

/** Puts each channel under its own supervisor, so one that cannot connect never holds up the others. */
export function superviseChannels(channels: readonly Channel[], opts: SupervisorOptions): ChannelSupervisor {
  const supervised = channels.map((c) => new SupervisedChannel(c, opts));
  return {
    channels: supervised,
    start(onMessage) {
      for (const channel of supervised) void channel.start((m) => onMessage(channel, m));
    },
    statuses: () => supervised.map((c) => c.status()),
    async stop() {
      await Promise.allSettled(supervised.map((c) => c.stop()));
    },
  };
}
