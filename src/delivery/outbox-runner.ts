import { type Channel, ChannelError } from '../channels/channel.ts';
import type { Logger } from '../log.ts';
import { broadcastStore } from '../store/broadcasts.ts';
import { conversationStore } from '../store/conversations.ts';
import type { Db } from '../store/db.ts';
import { type OutboxRow, outboxStore } from '../store/outbox.ts';
import { startOfDayIn, todayIn } from '../util/time.ts';
import { broadcastRowFinished, finishBroadcasts } from './broadcast-progress.ts';
import { type ChannelLimit, type ChannelLimits, ChannelPacer, DEFAULT_LIMITS } from './pacing.ts';

export { cancelBroadcast } from './broadcast-progress.ts';

const MAX_ATTEMPTS = 5;
const BATCH = 100;

/** What drives delivery: limits per channel, and the clock, sleep and randomness (injected by tests, so no test sleeps). */
export interface OutboxOptions {
  /** Per-channel limits (default: `DEFAULT_LIMITS`; see `outboxLimits(config)`). */
  limits?: ChannelLimits;
  /** The zone whose calendar day a daily cap counts (default: Asia/Jakarta). */
  timeZone?: string;
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** The runner's options: delivery options plus how long to wait before looking at an idle outbox again. */
export interface OutboxRunnerOptions extends OutboxOptions {
  intervalMs?: number;
}

type Outcome = 'sent' | 'failed' | 'paused' | 'stopped';

/** A supervised channel that is not connected: its messages wait instead of spending their attempts. */
function isDown(channel: Channel): boolean {
  return channel.isUp?.() === false;
}

/** A sleep that `wakeAll()` cuts short, so stopping never waits out a pause. */
function wakeableSleep() {
  const wakers = new Set<() => void>();
  return {
    sleep: (ms: number) =>
      new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          wakers.delete(done);
          resolve();
        };
        const timer = setTimeout(done, Math.max(0, ms));
        timer.unref();
        wakers.add(done);
      }),
    wakeAll: () => {
      for (const wake of [...wakers]) wake();
    },
  };
}

/** One pacer per channel (resumed from the outbox's last send) and the daily cap, shared by the runner's passes. */
function channelPacing(db: Db, opts: OutboxOptions) {
  const outbox = outboxStore(db);
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const timeZone = opts.timeZone ?? 'Asia/Jakarta';
  const pacers = new Map<string, ChannelPacer>();
  return {
    /** The channel's pacer, created on first use. */
    pacerOf: (name: string): ChannelPacer => {
      let pacer = pacers.get(name);
      if (!pacer) {
        pacer = new ChannelPacer(limits[name] ?? {}, opts.random);
        const last = outbox.lastSentAt(name);
        if (last !== undefined) pacer.resumeAfter(last);
        pacers.set(name, pacer);
      }
      return pacer;
    },
    /** When the channel's daily cap is used up: the start of the next day; otherwise undefined. */
    capReachedUntil: (name: string, limit: ChannelLimit, now: number): number | undefined => {
      if (limit.dailyCap === undefined) return undefined;
      const start = startOfDayIn(timeZone, todayIn(timeZone, now));
      if (outbox.sentSince(name, start) < limit.dailyCap) return undefined;
      return startOfDayIn(timeZone, todayIn(timeZone, start + 36 * 3_600_000));
    },
  };
}

// Consent is checked when the message's turn comes, not only when it was queued: berhenti wins at once.
function skipReason(db: Db, row: OutboxRow): string | undefined {
  if (row.broadcast_id === null) return undefined;
  const r = broadcastStore(db).recipientState(row.broadcast_id, `${row.channel}:${row.chat_id}`);
  if (!r) return undefined;
  if (r.opted_out_at !== null) return 'opted out (berhenti)';
  if (r.unreachable_at !== null) return 'unreachable';
  if (r.member && r.opted_in !== 1) return 'no longer wants announcements';
  return undefined;
}

/** Sends one claimed row and records how it went (sent, retry later, given up, or the channel paused). */
function createSender(db: Db, logger: Logger, clock: () => number) {
  const outbox = outboxStore(db);
  const users = conversationStore(db);

  /** A row's final state and the announcement's bookkeeping, in one transaction. */
  const finalize = (row: OutboxRow, write: () => void) =>
    db.transaction(() => {
      write();
      if (row.broadcast_id !== null) broadcastRowFinished(db, row.broadcast_id, clock());
    })();

  const deliver = async (channel: Channel, row: OutboxRow, pacer: ChannelPacer): Promise<Outcome> => {
    try {
      await channel.send(row.chat_id, { text: row.text });
    } catch (err) {
      const e = err instanceof ChannelError ? err : new ChannelError('transient', String(err));
      const error = `${e.code}: ${e.message}`;
      const now = clock();
      if (e.code === 'rate_limited') {
        // The platform's answer, not the message's fault: put it back as it was and hold the whole channel.
        outbox.release(row.id, error);
        pacer.pausedUntil = Math.max(pacer.pausedUntil, now + Math.max(1, e.retryAfterSeconds ?? 1) * 1000);
        logger.warn({ channel: channel.name, id: row.id, until: pacer.pausedUntil }, 'outbox rate limited; channel paused');
        return 'paused';
      }
      if (e.code === 'unreachable' || e.code === 'invalid' || row.attempts + 1 >= MAX_ATTEMPTS) {
        finalize(row, () => {
          outbox.markFailed(row.id, error);
          if (e.code === 'unreachable') users.setUnreachable(`${row.channel}:${row.chat_id}`, now);
        });
        logger.warn({ id: row.id, code: e.code }, 'outbox message given up');
        return e.code === 'transient' ? 'stopped' : 'failed';
      }
      if (isDown(channel)) {
        // The channel went down under this send: not the message's fault, so the attempt does not count.
        outbox.release(row.id, error);
        return 'stopped';
      }
      outbox.retryAt(row.id, now + 30_000 * (row.attempts + 1), error);
      // An outage applies to the next message too: end this pass, the runner comes back later.
      return 'stopped';
    }
    finalize(row, () => outbox.markSent(row.id, clock()));
    return 'sent';
  };

  return { finalize, deliver };
}

/** Delivery state that outlives one pass (windows, gaps, pauses), shared by the runner's passes. */
function createDelivery(db: Db, logger: Logger, opts: OutboxOptions, sleep: (ms: number) => Promise<void>, stopped: () => boolean) {
  const outbox = outboxStore(db);
  const clock = opts.clock ?? Date.now;
  const { pacerOf, capReachedUntil } = channelPacing(db, opts);
  const { finalize, deliver } = createSender(db, logger, clock);

  /** Delivers a channel's due rows at its pace, sleeping between them as the limits ask; returns how many went out. */
  const pass = async (channel: Channel): Promise<number> => {
    const pacer = pacerOf(channel.name);
    let sent = 0;
    while (!stopped() && !isDown(channel)) {
      let now = clock();
      // The daily cap holds announcements only; a status notice due first still goes out.
      const firstDue = outbox.next(channel.name, now, 1)[0];
      const capUntil = firstDue?.broadcast_id === null ? 0 : (capReachedUntil(channel.name, pacer.limit, now) ?? 0);
      const pauseEnd = Math.max(pacer.pausedUntil, capUntil);
      if (pauseEnd > now) {
        // Nothing waiting: return now rather than sleep until the cap resets (the runner polls again later).
        if (outbox.next(channel.name, now, 1).length === 0) break;
        if (pauseEnd > pacer.pausedUntil) logger.info({ channel: channel.name, until: pauseEnd }, 'outbox daily cap reached');
        pacer.pausedUntil = pauseEnd;
        await sleep(pauseEnd - now);
        continue;
      }
      const rows = outbox.next(channel.name, now, BATCH);
      if (rows.length === 0) break;
      let progressed = false;
      let halt: Outcome | undefined;
      let chatWaitUntil = Number.POSITIVE_INFINITY;
      for (const row of rows) {
        if (stopped()) return sent;
        now = clock();
        const skip = skipReason(db, row);
        if (skip) {
          finalize(row, () => outbox.markSkipped(row.id, skip));
          progressed = true;
          continue;
        }
        if (row.broadcast_id !== null && capReachedUntil(channel.name, pacer.limit, now) !== undefined) {
          halt = 'paused';
          break;
        }
        const channelAt = pacer.channelReadyAt();
        const chatAt = pacer.chatReadyAt(row.chat_id);
        if (chatAt > Math.max(now, channelAt)) {
          // This chat had a message a moment ago: let other chats go first.
          chatWaitUntil = Math.min(chatWaitUntil, chatAt);
          continue;
        }
        if (channelAt > now) {
          await sleep(channelAt - now);
          if (stopped()) return sent;
          // Timers may fire a millisecond early: never record a send before the moment it was allowed.
          now = Math.max(clock(), channelAt);
        }
        // Claimed before sending: a crash between here and markSent leaves 'sending', which is never resent.
        if (!outbox.claim(row.id)) continue;
        pacer.record(row.chat_id, now);
        progressed = true;
        const outcome = await deliver(channel, row, pacer);
        if (outcome === 'sent') sent++;
        if (outcome === 'paused' || outcome === 'stopped') {
          halt = outcome;
          break;
        }
      }
      if (halt === 'stopped') break;
      if (halt === 'paused' || progressed) continue;
      if (chatWaitUntil === Number.POSITIVE_INFINITY) break;
      await sleep(Math.max(1, chatWaitUntil - clock()));
    }
    return sent;
  };

  return { pass, clock };
}

/** Delivers due outbox messages, each channel at its own pace, and closes finished announcements; returns how many went out. */
export async function drainOutbox(db: Db, channels: readonly Channel[], logger: Logger, opts: OutboxOptions = {}): Promise<number> {
  const delivery = createDelivery(db, logger, opts, opts.sleep ?? wakeableSleep().sleep, () => false);
  finishBroadcasts(db, delivery.clock());
  const counts = await Promise.all(channels.map((c) => delivery.pass(c)));
  finishBroadcasts(db, delivery.clock());
  return counts.reduce((a, n) => a + n, 0);
}

/** Runs delivery until stopped, one loop per channel; rows a crash left mid-send are flagged 'unknown', never resent. */
export function startOutboxRunner(
  db: Db,
  channels: readonly Channel[],
  logger: Logger,
  o: OutboxRunnerOptions = {},
): { stop(): Promise<void> } {
  const orphans = outboxStore(db).recoverOrphans();
  if (orphans > 0) logger.warn({ orphans }, 'outbox messages interrupted by a crash were not resent; see state=unknown');
  let stopped = false;
  // Polling always waits on real timers; the pacing waits use the injected sleep when there is one.
  const idle = wakeableSleep();
  const delivery = createDelivery(db, logger, o, o.sleep ?? idle.sleep, () => stopped);
  const loops = channels.map(async (channel) => {
    await idle.sleep(0);
    let paused = false;
    while (!stopped) {
      try {
        finishBroadcasts(db, delivery.clock());
        if (isDown(channel) !== paused) {
          paused = !paused;
          logger.info({ channel: channel.name }, paused ? 'outbox paused: channel is down' : 'outbox resumed: channel is up');
        }
        if (!paused) await delivery.pass(channel);
      } catch (err) {
        logger.error({ err, channel: channel.name }, 'outbox drain failed');
      }
      if (!stopped) await idle.sleep(o.intervalMs ?? 2000);
    }
  });
  return {
    async stop() {
      stopped = true;
      idle.wakeAll();
      await Promise.all(loops);
    },
  };
}
