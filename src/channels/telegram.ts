import { setTimeout as delay } from 'node:timers/promises';
import { Input, Telegraf, TelegramError } from 'telegraf';
import type { Message, ReplyKeyboardMarkup, ReplyKeyboardRemove, Update } from 'telegraf/types';
import type { Logger } from '../log.ts';
import { BoundedSet, InFlight } from './bounded-set.ts';
import { type Channel, ChannelError, type ChannelLink, ChannelRejectedError, type Incoming, type Outgoing } from './channel.ts';

/** How updates reach the bot: long polling, or a webhook Telegram calls on `url`. */
export type TelegramMode = { kind: 'polling' } | { kind: 'webhook'; url: string; port: number; secretToken: string };

/** What the Telegram channel is built from; `sleep` and `maxRetries` are for 429 handling. */
export interface TelegramChannelOptions {
  bot: Telegraf;
  logger: Logger;
  mode: TelegramMode;
  sleep?: (ms: number) => Promise<void>;
  /** How many times one send is retried after a 429 before giving up (default 3). */
  maxRetries?: number;
  /** How long one getUpdates long poll is held open, in seconds (default 50, as telegraf). */
  pollTimeoutSeconds?: number;
}

/** The Telegram channel; `username` (without @) is known once started, for t.me links. */
export interface TelegramChannel extends Channel {
  readonly username: string | undefined;
}

/** Telegram's limit on one message's text. */
export const TELEGRAM_TEXT_LIMIT = 4096;

type Markup = ReplyKeyboardMarkup | ReplyKeyboardRemove;

const MEDIA_FIELDS = [
  'sticker',
  'photo',
  'voice',
  'video_note',
  'video',
  'audio',
  'document',
  'animation',
  'dice',
  'poll',
  'story',
  'game',
] as const;

/** Builds the real Telegraf client; `apiRoot` points it at another Bot API server (tests, a local server). */
export function openTelegramBot(opts: { token: string; apiRoot?: string }): Telegraf {
  return new Telegraf(opts.token, opts.apiRoot ? { telegram: { apiRoot: opts.apiRoot } } : {});
}

/** Splits text into chunks of at most `limit` characters, at line breaks where possible. */
export function splitText(text: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  if (text.length <= limit) return [text];
  const chunks: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const candidate = current ? `${current}\n${line}` : line;
    if (candidate.length <= limit) {
      current = candidate;
      continue;
    }
    if (current) chunks.push(current);
    // A single line longer than the limit has no better place to break.
    let rest = line;
    while (rest.length > limit) {
      chunks.push(rest.slice(0, limit));
      rest = rest.slice(limit);
    }
    current = rest;
  }
  if (current) chunks.push(current);
  return chunks;
}

/** Maps a Telegram API failure to the channel error the core understands. */
export function toChannelError(err: unknown): ChannelError {
  if (err instanceof ChannelError) return err;
  if (err instanceof TelegramError) {
    const { error_code: code, description = '' } = err.response;
    if (code === 429) return new ChannelError('rate_limited', description, err.response.parameters?.retry_after);
    if (code === 403) return new ChannelError('unreachable', description);
    if (code === 400 && /chat not found|user not found|PEER_ID_INVALID/i.test(description))
      return new ChannelError('unreachable', description);
    if (code === 400) return new ChannelError('invalid', description);
    return new ChannelError('transient', description || `telegram error ${code}`);
  }
  return new ChannelError('transient', err instanceof Error ? err.message : String(err));
}

/** A document message's file, fetched through the Bot API (getFile, then the file URL under apiRoot) only when read. */
function documentOf(bot: Telegraf, message: Message): Pick<Incoming, 'document'> {
  if (!('document' in message)) return {};
  const d = message.document;
  return {
    document: {
      name: d.file_name ?? 'file',
      ...(d.mime_type ? { mime: d.mime_type } : {}),
      size: d.file_size ?? 0,
      read: async () => {
        const url = await bot.telegram.getFileLink(d.file_id);
        const res = await fetch(url);
        if (!res.ok) throw new Error(`telegram: file download failed (${res.status})`);
        return Buffer.from(await res.arrayBuffer());
      },
    },
  };
}

/** What kind of message this is (and its text); undefined for a service message the bot does not answer. */
function classify(message: Message): Pick<Incoming, 'kind' | 'text'> | undefined {
  if ('text' in message) return { kind: 'text', text: message.text.trim() };
  // A venue carries a location too; either way it is a place, not something typed.
  if ('location' in message) return { kind: 'location', text: '' };
  if ('contact' in message) return { kind: 'contact', text: '' };
  if (MEDIA_FIELDS.some((f) => f in message)) return { kind: 'media', text: '' };
  return undefined;
}

/** The Telegram channel's collaborators and mutable state, shared by its module-level handlers. */
interface TelegramState {
  bot: Telegraf;
  logger: Logger;
  mode: TelegramMode;
  pollTimeoutSeconds: number | undefined;
  sleep: (ms: number) => Promise<void>;
  maxRetries: number;
  seenUpdates: BoundedSet<number>;
  chatsWithKeyboard: BoundedSet<string>;
  inFlight: InFlight;
  registered: boolean;
  poller: { abort: AbortController; loop: Promise<void> } | undefined;
  /** Counts start attempts: one the supervisor gave up on (timed out) must not start polling when it finally returns. */
  attempts: number;
  webhookRunning: boolean;
  offset: number;
  stopped: Promise<void> | undefined;
}

/** Telegram through telegraf: private chats only, choices as a one-time reply keyboard. */
export function createTelegramChannel(opts: TelegramChannelOptions): TelegramChannel {
  const { bot, logger } = opts;
  const state: TelegramState = {
    bot,
    logger,
    mode: opts.mode,
    pollTimeoutSeconds: opts.pollTimeoutSeconds,
    sleep: opts.sleep ?? ((ms: number) => delay(ms)),
    maxRetries: opts.maxRetries ?? 3,
    seenUpdates: new BoundedSet<number>(10_000),
    chatsWithKeyboard: new BoundedSet<string>(50_000),
    inFlight: new InFlight((err) => logger.error({ err }, 'telegram: message handler failed')),
    registered: false,
    poller: undefined,
    attempts: 0,
    webhookRunning: false,
    offset: 0,
    stopped: undefined,
  };
  return {
    name: 'telegram',
    get username() {
      return bot.botInfo?.username;
    },
    start: (onMessage, link) => startChannel(state, onMessage, link),
    send: (chatId, reply) => sendReply(state, chatId, reply),
    stop(): Promise<void> {
      state.stopped ??= stopBot(state);
      return state.stopped;
    },
  };
}

/** Runs one Bot API call, waiting out a 429 up to `maxRetries` times; any other failure becomes a ChannelError. */
async function call<T>(state: TelegramState, what: string, chatId: string, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const mapped = toChannelError(err);
      if (mapped.code === 'rate_limited' && attempt < state.maxRetries) {
        const seconds = mapped.retryAfterSeconds ?? 1;
        state.logger.warn({ chatId, what, retryAfter: seconds, attempt: attempt + 1 }, 'telegram: rate limited, retrying');
        await state.sleep(seconds * 1000);
        continue;
      }
      throw mapped;
    }
  }
}

/** The reply keyboard for `choices`, or one removing a keyboard the chat still shows; undefined when neither applies. */
function keyboardFor(state: TelegramState, chatId: string, choices: readonly string[] | undefined): Markup | undefined {
  if (choices?.length) {
    state.chatsWithKeyboard.add(chatId);
    return {
      keyboard: choices.map((text) => [{ text }]),
      one_time_keyboard: true,
      resize_keyboard: true,
    };
  }
  if (state.chatsWithKeyboard.has(chatId)) {
    state.chatsWithKeyboard.delete(chatId);
    return { remove_keyboard: true };
  }
  return undefined;
}

/** Hooks the message handler into telegraf once: each new private-chat message becomes one Incoming. */
function register(state: TelegramState, onMessage: (m: Incoming) => Promise<void>): void {
  const { bot, logger } = state;
  bot.catch((err, ctx) => {
    logger.error({ err, updateId: ctx.update.update_id }, 'telegram: update handling failed');
  });
  bot.on('message', (ctx) => {
    const incoming = incomingOf(state, ctx.update.update_id, ctx.message);
    // Why not awaited: a slow turn (a reply waiting out a 429) must not stall polling for every other chat;
    // the core queues per chat in call order, so order within a chat is kept.
    if (incoming) state.inFlight.run(() => onMessage(incoming));
  });
}

/** The message as the core sees it, or undefined (logged) for a redelivered update, a group chat or a service message. */
function incomingOf(state: TelegramState, updateId: number, message: Message): Incoming | undefined {
  const { logger } = state;
  if (!state.seenUpdates.add(updateId)) {
    logger.debug({ updateId }, 'telegram: redelivered update ignored');
    return undefined;
  }
  if (message.chat.type !== 'private') {
    logger.debug({ updateId, chatType: message.chat.type }, 'telegram: non-private chat ignored');
    return undefined;
  }
  const content = classify(message);
  if (!content) {
    logger.debug({ updateId }, 'telegram: service message ignored');
    return undefined;
  }
  return {
    chatId: String(message.chat.id),
    messageId: String(message.message_id),
    ...content,
    ...(message.from?.first_name ? { name: message.from.first_name } : {}),
    ...documentOf(state.bot, message),
  };
}

/** Checks the token and starts receiving updates (webhook or polling); a refused token is final for the supervisor. */
async function startChannel(state: TelegramState, onMessage: (m: Incoming) => Promise<void>, link?: ChannelLink): Promise<void> {
  const { bot, mode } = state;
  if (state.stopped) throw new Error('telegram channel stopped');
  if (!state.registered) register(state, onMessage);
  state.registered = true;
  const attempt = ++state.attempts;
  const stillCurrent = () => {
    if (state.stopped) throw new Error('telegram channel stopped');
    if (attempt !== state.attempts) throw new Error('telegram start superseded by a newer attempt');
  };
  try {
    // Every (re)connection checks the token again: a 401 here stops the channel instead of retrying.
    const me = await bot.telegram.getMe();
    stillCurrent();
    bot.botInfo = me;
    if (mode.kind === 'webhook') await startWebhook(state, mode);
    else await startPolling(state, link, stillCurrent);
  } catch (err) {
    throw connectionError(err);
  }
}

/** Sends the text in chunks, then the image and the document; the keyboard goes on the last message sent. */
async function sendReply(state: TelegramState, chatId: string, reply: Outgoing): Promise<void> {
  const { bot } = state;
  const chunks = reply.text ? splitText(reply.text) : [];
  const attachments = Number(Boolean(reply.image)) + Number(Boolean(reply.document));
  const total = chunks.length + attachments;
  let index = 0;
  // The keyboard belongs on the last message sent, so it stays under what the user reads last.
  const markupIfLast = () => (++index === total ? keyboardFor(state, chatId, reply.choices) : undefined);

  for (const chunk of chunks) {
    const reply_markup = markupIfLast();
    await call(state, 'sendMessage', chatId, () => bot.telegram.sendMessage(chatId, chunk, reply_markup ? { reply_markup } : {}));
  }
  if (reply.image) {
    const { png, caption } = reply.image;
    const reply_markup = markupIfLast();
    await call(state, 'sendPhoto', chatId, () =>
      bot.telegram.sendPhoto(chatId, Input.fromBuffer(png, 'image.png'), {
        ...(caption ? { caption } : {}),
        ...(reply_markup ? { reply_markup } : {}),
      }),
    );
  }
  if (reply.document) {
    const { content, filename, caption } = reply.document;
    const reply_markup = markupIfLast();
    await call(state, 'sendDocument', chatId, () =>
      bot.telegram.sendDocument(chatId, Input.fromBuffer(content, filename), {
        ...(caption ? { caption } : {}),
        ...(reply_markup ? { reply_markup } : {}),
      }),
    );
  }
}

/** Webhook: telegraf's server plus setWebhook; a failed setWebhook closes the server so a retry can listen again. */
async function startWebhook(state: TelegramState, webhook: Extract<TelegramMode, { kind: 'webhook' }>): Promise<void> {
  const { bot } = state;
  const url = new URL(webhook.url);
  try {
    await bot.launch({
      dropPendingUpdates: false,
      webhook: {
        domain: url.host,
        path: url.pathname === '/' ? undefined : url.pathname,
        port: webhook.port,
        secretToken: webhook.secretToken,
      },
    });
    state.webhookRunning = true;
  } catch (err) {
    stopTelegraf(state, 'setWebhook failed');
    throw err;
  }
  state.logger.info({ username: bot.botInfo?.username, url: webhook.url, port: webhook.port }, 'telegram: webhook set');
}

/** Long polling by our own loop (not telegraf's): a failed poll is reported to the supervisor instead of retried blindly. */
async function startPolling(state: TelegramState, link: ChannelLink | undefined, stillCurrent: () => void): Promise<void> {
  await state.bot.telegram.deleteWebhook({ drop_pending_updates: false });
  stillCurrent();
  // One loop at a time: a loop left by an earlier attempt would take the same updates (Telegram answers 409 to two).
  state.poller?.abort.abort();
  const abort = new AbortController();
  state.poller = { abort, loop: pollLoop(state, abort.signal, link) };
  state.logger.info({ username: state.bot.botInfo?.username }, 'telegram: polling');
}

/**
 * Polls until aborted or the network fails. The offset lives in the channel, so after an outage polling resumes
 * right after the last update handled; updates sent meanwhile wait at Telegram and come in order, each once.
 */
async function pollLoop(state: TelegramState, signal: AbortSignal, link: ChannelLink | undefined): Promise<void> {
  const { bot } = state;
  while (!signal.aborted) {
    let updates: Update[];
    try {
      updates = await bot.telegram.callApi(
        'getUpdates',
        { timeout: state.pollTimeoutSeconds ?? 50, offset: state.offset, allowed_updates: [] },
        { signal: signal as never },
      );
    } catch (err) {
      if (signal.aborted) return;
      link?.lost(connectionError(err));
      return;
    }
    for (const update of updates) {
      state.offset = update.update_id + 1;
      await bot.handleUpdate(update);
    }
  }
}

/** Stops telegraf's own server; telegraf throws when it was not running, which is fine here. */
function stopTelegraf(state: TelegramState, reason: string): void {
  try {
    state.bot.stop(reason);
  } catch (err) {
    state.logger.debug({ err }, 'telegram: stop while not running');
  }
}

/** Stops receiving, lets handlers in flight finish, and confirms the handled updates to Telegram. */
async function stopBot(state: TelegramState): Promise<void> {
  if (state.poller) {
    state.poller.abort.abort();
    await state.poller.loop;
  }
  if (state.webhookRunning) stopTelegraf(state, 'stop');
  await state.inFlight.settled();
  // Confirms the handled updates to Telegram, so the next start does not receive them again (telegraf does the same).
  if (state.offset > 0)
    await state.bot.telegram
      .callApi('getUpdates', { offset: state.offset, limit: 1, timeout: 0 }, { signal: AbortSignal.timeout(2_000) as never })
      .catch(() => undefined);
}

/** A connection failure as the supervisor needs it: a token Telegram refuses (401, or 404 for a malformed one) is final. */
function connectionError(err: unknown): unknown {
  if (err instanceof TelegramError && (err.code === 401 || (err.code === 404 && /not found/i.test(err.description))))
    return new ChannelRejectedError(
      `Telegram rejected TELEGRAM_BOT_TOKEN (${err.code} ${err.description}); get a valid token from @BotFather`,
    );
  return err;
}
