import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import QRCode from 'qrcode';
import qrcodeTerminal from 'qrcode-terminal';
import type { MessageMedia, MessageSendOptions, Client as WhatsAppClient } from 'whatsapp-web.js';
import wwebjs from 'whatsapp-web.js';
import type { Logger } from '../log.ts';
import { BoundedSet, InFlight } from './bounded-set.ts';
import { type Channel, ChannelError, type ChannelLink, type Incoming, type Outgoing, renderWithNumberedChoices } from './channel.ts';

const { Client, LocalAuth, MessageMedia: Media } = wwebjs;

/** The fields of a whatsapp-web.js `Message` the channel reads. */
export interface WhatsAppMessageLike {
  from: string;
  fromMe: boolean;
  type: string;
  body: string;
  id: { _serialized: string };
  /** Raw WhatsApp Web data; `notifyName` is the sender's profile name; a document's name, type and size. */
  _data?: { notifyName?: string; filename?: string; mimetype?: string; size?: number };
  /** A media message's file (whatsapp-web.js `downloadMedia`: base64 data). */
  downloadMedia?(): Promise<{ mimetype: string; data: string; filename?: string | null } | undefined>;
}

/** The part of whatsapp-web.js's `Client` the channel uses; the real Client and test fakes both satisfy it. */
export interface WhatsAppClientLike {
  on(event: 'qr', listener: (qr: string) => void): unknown;
  on(event: 'ready' | 'authenticated', listener: () => void): unknown;
  on(event: 'auth_failure', listener: (message: string) => void): unknown;
  on(event: 'disconnected', listener: (reason: string) => void): unknown;
  on(event: 'message', listener: (message: WhatsAppMessageLike) => void): unknown;
  // biome-ignore lint/suspicious/noExplicitAny: EventEmitter's own listener type, so the real Client fits.
  off(event: string, listener: (...args: any[]) => void): unknown;
  initialize(): Promise<void>;
  sendMessage(chatId: string, content: string | MessageMedia, options?: MessageSendOptions): Promise<unknown>;
  destroy(): Promise<void>;
  info?: { pushname?: string; wid?: { _serialized: string } };
}

/** What the WhatsApp channel is built from; `random`, `sleep` make pacing testable. */
export interface WhatsAppChannelOptions {
  client: WhatsAppClientLike;
  logger: Logger;
  /** Where the login QR code is written as a PNG (for a headless server, open it elsewhere). */
  qrPngPath?: string;
  /** Shows the login QR code; default: drawn with qrcode-terminal on stderr (stdout is the terminal chat). */
  printQr?: (qr: string) => void;
  /** Average pause before each send; each pause is 0.5×–1.5× this. */
  replyDelayMs: number;
  /** Most sends a minute across all chats (default: no limit); sends beyond it wait for their turn. */
  maxPerMinute?: number;
  random?: () => number;
  now?: () => number;
  /** Waits `ms`; must reject or return early when `signal` aborts so stop() is not held up. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const MEDIA_TYPES = new Set(['image', 'video', 'audio', 'ptt', 'sticker', 'document', 'gif', 'ptv', 'poll_creation']);

const MIME_BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  txt: 'text/plain',
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  html: 'text/html',
};

/** Builds the real whatsapp-web.js Client: session kept under `sessionDir`, Debian's Chromium, no sandbox. */
export function openWhatsAppClient(opts: { sessionDir: string; chromiumPath: string }): WhatsAppClient {
  return new Client({
    authStrategy: new LocalAuth({ dataPath: opts.sessionDir }),
    // Why here: the default cache folder is the working directory; keep all run-time data under the session dir.
    webVersionCache: {
      type: 'local',
      path: join(opts.sessionDir, 'web-cache'),
    },
    puppeteer: {
      executablePath: opts.chromiumPath,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  });
}

/** What kind of message this is (and its text); undefined for a type the bot does not answer. */
function classify(message: WhatsAppMessageLike): Pick<Incoming, 'kind' | 'text'> | undefined {
  if (message.type === 'chat') return { kind: 'text', text: message.body.trim() };
  if (message.type === 'location') return { kind: 'location', text: '' };
  if (message.type === 'vcard' || message.type === 'multi_vcard') return { kind: 'contact', text: '' };
  if (MEDIA_TYPES.has(message.type)) return { kind: 'media', text: '' };
  return undefined;
}

/** A document message's file, downloaded (`downloadMedia`) only when the core reads it. */
function documentOf(message: WhatsAppMessageLike): Pick<Incoming, 'document'> {
  if (message.type !== 'document' || !message.downloadMedia) return {};
  const data = message._data ?? {};
  const download = message.downloadMedia.bind(message);
  return {
    document: {
      name: data.filename ?? message.body ?? 'file',
      ...(data.mimetype ? { mime: data.mimetype } : {}),
      size: data.size ?? 0,
      read: async () => {
        const media = await download();
        if (!media) throw new Error('whatsapp: the document could not be downloaded');
        return Buffer.from(media.data, 'base64');
      },
    },
  };
}

/** A one-to-one chat (a phone number or a linked id), not a group, channel or broadcast. */
function isPersonalChat(from: string): boolean {
  return from.endsWith('@c.us') || from.endsWith('@lid');
}

/** The default QR display: drawn on stderr, since stdout is the terminal chat. */
function printQrToStderr(qr: string): void {
  qrcodeTerminal.generate(qr, { small: true }, (drawing) => process.stderr.write(`${drawing}\n`));
}

/** The WhatsApp channel's collaborators and mutable state, shared by its module-level handlers. */
interface WhatsAppState {
  opts: WhatsAppChannelOptions;
  client: WhatsAppClientLike;
  logger: Logger;
  random: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  printQr: (qr: string) => void;
  now: () => number;
  seen: BoundedSet<string>;
  inFlight: InFlight;
  stopping: AbortController;
  onMessage: ((m: Incoming) => Promise<void>) | undefined;
  readyWaiter: { resolve: () => void; reject: (err: unknown) => void } | undefined;
  link: ChannelLink | undefined;
  initialized: boolean;
  stopped: Promise<void> | undefined;
  /** The login QR PNG's writes and deletion, chained so a deletion never races a write in flight. */
  qrPngWrite: Promise<void>;
  minGapMs: number;
  nextSlot: number;
}

/** The client event listeners, keyed by event name, kept so stop() can detach exactly these. */
interface ClientListeners {
  qr: (qr: string) => void;
  authenticated: () => void;
  auth_failure: (message: string) => void;
  ready: () => void;
  disconnected: (reason: string) => void;
  message: (message: WhatsAppMessageLike) => void;
}

/** WhatsApp through whatsapp-web.js: personal chats only, choices as a numbered list, replies at a humane pace. */
export function createWhatsAppChannel(opts: WhatsAppChannelOptions): Channel {
  const { client, logger } = opts;
  const state: WhatsAppState = {
    opts,
    client,
    logger,
    random: opts.random ?? Math.random,
    sleep: opts.sleep ?? ((ms: number, signal?: AbortSignal) => delay(ms, undefined, { signal })),
    printQr: opts.printQr ?? printQrToStderr,
    now: opts.now ?? Date.now,
    seen: new BoundedSet<string>(10_000),
    inFlight: new InFlight((err) => logger.error({ err }, 'whatsapp: message handler failed')),
    stopping: new AbortController(),
    onMessage: undefined,
    readyWaiter: undefined,
    link: undefined,
    initialized: false,
    stopped: undefined,
    qrPngWrite: Promise.resolve(),
    minGapMs: opts.maxPerMinute ? 60_000 / opts.maxPerMinute : 0,
    nextSlot: 0,
  };
  const listeners = listenersFor(state);
  attach(client, listeners);
  return {
    name: 'whatsapp',
    start: (handler, supervisor) => startClient(state, handler, supervisor),
    send: (chatId, reply) => sendReply(state, chatId, reply),
    stop(): Promise<void> {
      state.stopped ??= stopClient(state, listeners);
      return state.stopped;
    },
  };
}

/** The client event listeners, bound to this channel's state. */
function listenersFor(state: WhatsAppState): ClientListeners {
  const { client, logger } = state;
  return {
    qr: (qr) => onQr(state, qr),
    authenticated: () => {
      logger.info('whatsapp: authenticated');
      removeQrPng(state);
    },
    auth_failure: (message) => logger.error({ reason: message }, 'whatsapp: authentication failed'),
    ready: () => {
      logger.info({ number: client.info?.wid?._serialized }, 'whatsapp: ready');
      state.readyWaiter?.resolve();
      state.readyWaiter = undefined;
    },
    disconnected: (reason) => {
      logger.warn({ reason }, 'whatsapp: disconnected');
      // The supervisor re-initialises after a pause (start() again); a logout shows a new QR code then.
      if (!state.stopping.signal.aborted) state.link?.lost(new Error(`whatsapp disconnected: ${reason}`));
    },
    message: (message) => handleMessage(state, message),
  };
}

/** Subscribes the listeners to the client's events. */
function attach(client: WhatsAppClientLike, l: ClientListeners): void {
  client.on('qr', l.qr);
  client.on('authenticated', l.authenticated);
  client.on('auth_failure', l.auth_failure);
  client.on('ready', l.ready);
  client.on('disconnected', l.disconnected);
  client.on('message', l.message);
}

/** Unsubscribes the listeners, so a stopped channel no longer reacts to the client. */
function detach(client: WhatsAppClientLike, l: ClientListeners): void {
  // The keys are the event names, so this removes whatever attach() added, and a new listener cannot be missed here.
  for (const [event, listener] of Object.entries(l)) client.off(event, listener);
}

/** Shows a login QR code (printed, and written as a PNG when configured) and tells the supervisor it waits for a scan. */
function onQr(state: WhatsAppState, qr: string): void {
  const { logger } = state;
  logger.info('whatsapp: scan the QR code with the WhatsApp account of the bot (Linked devices)');
  // Not a failure to retry (the library shows fresh codes itself), but /healthz should say why it is not up.
  state.link?.waiting?.('waiting for the login QR code to be scanned (Linked devices)');
  try {
    state.printQr(qr);
  } catch (err) {
    logger.warn({ err }, 'whatsapp: could not print the QR code');
  }
  const path = state.opts.qrPngPath;
  if (path) state.qrPngWrite = state.qrPngWrite.then(() => writeQrPng(state.logger, qr, path));
}

/** The login QR links a device to the bot's WhatsApp account: it is deleted once logged in (after any write in flight). */
function removeQrPng(state: WhatsAppState): void {
  const path = state.opts.qrPngPath;
  if (path)
    state.qrPngWrite = state.qrPngWrite
      .then(() => rmSync(path, { force: true }))
      .catch((err: unknown) => state.logger.warn({ err, path }, 'whatsapp: could not delete the login QR code PNG'));
}

/** Writes the login QR code as a PNG; a failure is only logged, the printed code still works. */
async function writeQrPng(logger: Logger, qr: string, path: string): Promise<void> {
  try {
    mkdirSync(dirname(path), { recursive: true });
    await QRCode.toFile(path, qr, { type: 'png', margin: 2, width: 400 });
    logger.info({ path }, 'whatsapp: login QR code written');
  } catch (err) {
    logger.warn({ err, path }, 'whatsapp: could not write the QR code PNG');
  }
}

/** Passes a new personal-chat message to the core; others, duplicates and unsupported types are logged and dropped. */
function handleMessage(state: WhatsAppState, message: WhatsAppMessageLike): void {
  const { logger } = state;
  if (message.fromMe || message.from === 'status@broadcast' || !isPersonalChat(message.from)) {
    logger.debug({ type: message.type, group: message.from.endsWith('@g.us') }, 'whatsapp: message outside a personal chat ignored');
    return;
  }
  const messageId = message.id._serialized;
  if (!state.seen.add(messageId)) {
    logger.debug({ messageId }, 'whatsapp: duplicate message ignored');
    return;
  }
  const content = classify(message);
  if (!content) {
    logger.debug({ type: message.type }, 'whatsapp: unsupported message type ignored');
    return;
  }
  const name = message._data?.notifyName;
  const incoming: Incoming = {
    chatId: message.from,
    messageId,
    ...content,
    ...(name ? { name } : {}),
    ...documentOf(message),
  };
  const handler = state.onMessage;
  if (handler) state.inFlight.run(() => handler(incoming));
}

/**
 * A human pause before each send, and never more than `maxPerMinute`: each send books the next free slot
 * (at least its own jittered pause away, and one gap after the previous send), then waits for it.
 */
async function pace(state: WhatsAppState): Promise<void> {
  const t = state.now();
  const delayMs = state.opts.replyDelayMs;
  const pause = delayMs > 0 ? Math.round(delayMs * (0.5 + state.random())) : 0;
  const slot = Math.max(t + pause, state.nextSlot);
  state.nextSlot = slot + state.minGapMs;
  if (slot > t) await state.sleep(slot - t, state.stopping.signal).catch(() => undefined);
}

/** Sends one message after its pause; a library failure becomes a transient ChannelError. */
async function deliver(state: WhatsAppState, chatId: string, content: string | MessageMedia, options?: MessageSendOptions): Promise<void> {
  await pace(state);
  try {
    await state.client.sendMessage(chatId, content, options);
  } catch (err) {
    throw new ChannelError('transient', err instanceof Error ? err.message : String(err));
  }
}

/** Initialises the client (destroying a previous browser on a reconnect) and resolves once WhatsApp is ready. */
async function startClient(state: WhatsAppState, handler: (m: Incoming) => Promise<void>, supervisor?: ChannelLink): Promise<void> {
  if (state.stopping.signal.aborted) throw new Error('whatsapp channel stopped');
  state.onMessage = handler;
  state.link = supervisor;
  const ready = new Promise<void>((resolve, reject) => {
    state.readyWaiter = { resolve, reject };
  });
  // Why: stop() may reject it while initialize() is still running and nobody awaits it yet.
  ready.catch(() => undefined);
  try {
    // A reconnect: the library destroys the browser itself on most disconnects, but not after a failed start or a logout.
    if (state.initialized) await state.client.destroy().catch(() => undefined);
    state.initialized = true;
    await state.client.initialize();
  } catch (err) {
    state.readyWaiter = undefined;
    throw err;
  }
  await ready;
}

/** Sends the text with its numbered choices, then the image, then the document (as a file, not a preview). */
async function sendReply(state: WhatsAppState, chatId: string, reply: Outgoing): Promise<void> {
  const text = renderWithNumberedChoices(reply);
  if (text) await deliver(state, chatId, text);
  if (reply.image) {
    const media = new Media('image/png', reply.image.png.toString('base64'), 'image.png');
    await deliver(state, chatId, media, reply.image.caption ? { caption: reply.image.caption } : {});
  }
  if (reply.document) {
    const { content, filename, caption } = reply.document;
    const extension = filename.split('.').pop()?.toLowerCase() ?? '';
    const media = new Media(MIME_BY_EXTENSION[extension] ?? 'application/octet-stream', content.toString('base64'), filename);
    await deliver(state, chatId, media, {
      sendMediaAsDocument: true,
      ...(caption ? { caption } : {}),
    });
  }
}

/** Cuts pauses short, fails a pending start, detaches from the client, lets handlers finish, then closes the browser. */
async function stopClient(state: WhatsAppState, listeners: ClientListeners): Promise<void> {
  state.stopping.abort();
  state.readyWaiter?.reject(new Error('whatsapp channel stopped before it was ready'));
  state.readyWaiter = undefined;
  state.onMessage = undefined;
  detach(state.client, listeners);
  await state.inFlight.settled();
  await state.client.destroy();
}
