import { type Channel, ChannelError } from './channels/channel.ts';
import type { Logger } from './log.ts';
import type { Db } from './store/db.ts';
import { outboxStore } from './store/outbox.ts';

const MAX_ATTEMPTS = 5;

/** Delivers due outbox messages through the running channels; returns how many went out. */
export async function drainOutbox(db: Db, channels: readonly Channel[], logger: Logger, now = Date.now()): Promise<number> {
  const outbox = outboxStore(db);
  let sent = 0;
  for (const channel of channels) {
    for (const row of outbox.due(channel.name, now)) {
      if (!outbox.claim(row.id)) continue;
      try {
        await channel.send(row.chat_id, { text: row.text });
        outbox.markSent(row.id, Date.now());
        sent++;
      } catch (err) {
        const e = err instanceof ChannelError ? err : new ChannelError('transient', String(err));
        if (e.code === 'unreachable' || e.code === 'invalid' || row.attempts >= MAX_ATTEMPTS) {
          outbox.markFailed(row.id, `${e.code}: ${e.message}`);
          logger.warn({ id: row.id, code: e.code }, 'outbox message given up');
        } else {
          const waitMs = e.code === 'rate_limited' ? (e.retryAfterSeconds ?? 1) * 1000 : 30_000 * row.attempts;
          outbox.retryAt(row.id, now + waitMs, `${e.code}: ${e.message}`);
        }
        // Why stop this channel's batch: a rate limit or an outage applies to the next message too.
        if (e.code === 'rate_limited' || e.code === 'transient') break;
      }
    }
  }
  return sent;
}

/** Polls the outbox every `intervalMs` until stopped; rows a crash left mid-send are flagged, never resent. */
export function startOutboxRunner(db: Db, channels: readonly Channel[], logger: Logger, intervalMs = 2000): { stop(): Promise<void> } {
  const orphans = outboxStore(db).recoverOrphans();
  if (orphans > 0) logger.warn({ orphans }, 'outbox messages interrupted by a crash were not resent; see state=unknown');
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const timer = setInterval(() => {
    running = running
      .then(() => (stopped ? 0 : drainOutbox(db, channels, logger)))
      .catch((err) => logger.error({ err }, 'outbox drain failed'));
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
