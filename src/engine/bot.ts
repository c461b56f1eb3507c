import type { Channel, Incoming, Outgoing } from '../channels/channel.ts';
import { ChannelError } from '../channels/channel.ts';
import { asLocale, t } from '../i18n.ts';
import { conversationStore } from '../store/conversations.ts';
import type { AfterCommitTask, BotDeps, PreparedDocument } from './bot-types.ts';
import { FloodGuard } from './flood-guard.ts';
import { KeyedQueue } from './keyed-queue.ts';
import { Turn, type TurnContext } from './turn.ts';

export type { AfterCommitTask, BotDeps, CommandHandler, DocumentArrival, MenuEntry, PreparedDocument, TurnApi } from './bot-types.ts';

/** The bot: one inbound message = one turn, queued per conversation. */
export interface Bot {
  /** Handles one message of a channel; resolves when its replies went out. */
  handle(channel: Channel, message: Incoming): Promise<void>;
  /** Resolves when every queued turn has finished. */
  idle(): Promise<void>;
}

/** Creates the bot: per-chat queueing, duplicate and flood control, one transaction per turn, delivery after commit. */
export function createBot(deps: BotDeps): Bot {
  const store = conversationStore(deps.db);
  const queue = new KeyedQueue();
  const clock = deps.clock ?? Date.now;
  const flood = deps.flood ?? new FloodGuard();
  const ctx: TurnContext = {
    deps,
    store,
    flows: new Map(deps.flows.map((f) => [f.id, f])),
    admins: new Set(['terminal:local', ...(deps.adminKeys ?? [])]),
  };
  const sink: Sink = { store, logger: deps.logger, clock };
  const localeOf = (key: string) => asLocale(store.user(key)?.locale ?? deps.defaultLocale);

  async function handle(channel: Channel, m: Incoming): Promise<void> {
    const key = `${channel.name}:${m.chatId}`;
    // A replayed backlog must not count against the flood limit: drop known ids before counting.
    if (store.isProcessed(channel.name, m.chatId, m.messageId)) return;
    const verdict = flood.take(key, clock());
    if (verdict === 'ok') return queue.run(key, () => turn(channel, key, m));
    deps.logger.warn({ key, verdict }, 'flood: message refused');
    if (verdict === 'warn') {
      // Queued behind the chat's pending turns so the notice arrives after their answers.
      return queue.run(key, () => channel.send(m.chatId, { text: t(localeOf(key), 'flood.slow_down') }).catch(() => undefined));
    }
  }

  async function turn(channel: Channel, key: string, m: Incoming): Promise<void> {
    // Checked again here: a redelivery queued behind its original is dropped without taking the write lock.
    if (store.isProcessed(channel.name, m.chatId, m.messageId)) {
      deps.logger.debug({ key, messageId: m.messageId }, 'duplicate message dropped');
      return;
    }
    const document = await readDocument(deps, store, key, m, clock());
    const now = clock();
    let replies: Outgoing[];
    let after: AfterCommitTask[] = [];
    try {
      // Why one transaction: the snapshot, the domain writes and the processed id commit together or not at all.
      // IMMEDIATE: take the write lock first, so a busy database makes the turn wait (busy_timeout) instead of failing.
      replies = deps.db
        .transaction(() => {
          if (store.isProcessed(channel.name, m.chatId, m.messageId)) return [];
          const current = new Turn(ctx, channel.name, key, m, now, document);
          const out = current.dispatch();
          store.markProcessed(channel.name, m.chatId, m.messageId, now);
          after = current.afterTasks;
          return out;
        })
        .immediate();
    } catch (err) {
      deps.logger.error({ err, key }, 'turn failed; nothing was saved');
      replies = [{ text: t(localeOf(key), 'error.generic') }];
      after = [];
    }
    const send = (out: Outgoing[]) => deliver(sink, channel, key, m.chatId, out);
    await send(replies);
    for (const task of after) await send(await runTask(task, sink, key));
  }

  return { handle, idle: () => queue.idle() };
}

/** A document read for the flow waiting for it, before the turn's transaction; a failure is logged and reads as none. */
async function readDocument(
  deps: BotDeps,
  store: TurnContext['store'],
  key: string,
  m: Incoming,
  now: number,
): Promise<PreparedDocument | undefined> {
  if (!m.document || !deps.prepareDocument) return undefined;
  try {
    return await deps.prepareDocument({
      userKey: key,
      activeFlow: store.conversation(key)?.active_flow ?? null,
      document: m.document,
      now,
    });
  } catch (err) {
    deps.logger.error({ err, key }, 'document could not be prepared');
    return undefined;
  }
}

/** What delivery needs: where to mark an unreachable chat, and where to log. */
interface Sink {
  store: TurnContext['store'];
  logger: BotDeps['logger'];
  clock: () => number;
}

/** Sends replies in order; a chat found unreachable is marked and gets nothing more this turn. */
async function deliver(sink: Sink, channel: Channel, key: string, chatId: string, replies: Outgoing[]): Promise<void> {
  for (const reply of replies) {
    try {
      await channel.send(chatId, reply);
    } catch (err) {
      const code = err instanceof ChannelError ? err.code : 'transient';
      sink.logger.warn({ err, code, key }, 'reply not delivered');
      if (code === 'unreachable') {
        sink.store.setUnreachable(key, sink.clock());
        break;
      }
    }
  }
}

/** Runs one after-commit task; a failure is logged and sends nothing (the turn itself is already saved). */
async function runTask(task: AfterCommitTask, sink: Sink, key: string): Promise<Outgoing[]> {
  try {
    return await task();
  } catch (err) {
    sink.logger.error({ err, key }, 'after-commit task failed');
    return [];
  }
}
