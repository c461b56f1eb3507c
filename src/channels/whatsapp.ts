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

function isPersonalChat(from: string): boolean {
  return from.endsWith('@c.us') || from.endsWith('@lid');
}

function printQrToStderr(qr: string): void {
  qrcodeTerminal.generate(qr, { small: true }, (drawing) => process.stderr.write(`${drawing}\n`));
}

/** WhatsApp through whatsapp-web.js: personal chats only, choices as a numbered list, replies at a humane pace. */
export function createWhatsAppChannel(opts: WhatsAppChannelOptions): Channel {
  const { client, logger } = opts;
  const random = opts.random ?? Math.random;
  const sleep = opts.sleep ?? ((ms: number, signal?: AbortSignal) => delay(ms, undefined, { signal }));
  const printQr = opts.printQr ?? printQrToStderr;
  const seen = new BoundedSet<string>(10_000);
  const inFlight = new InFlight((err) => logger.error({ err }, 'whatsapp: message handler failed'));
  const stopping = new AbortController();
  let onMessage: ((m: Incoming) => Promise<void>) | undefined;
  let readyWaiter: { resolve: () => void; reject: (err: unknown) => void } | undefined;
  let link: ChannelLink | undefined;
  let initialized = false;
  let stopped: Promise<void> | undefined;

  // The login QR links a device to the bot's WhatsApp account: it is deleted once logged in (after any write in flight).
  let qrPngWrite: Promise<void> = Promise.resolve();
  const removeQrPng = () => {
    const path = opts.qrPngPath;
    if (path)
      qrPngWrite = qrPngWrite
        .then(() => rmSync(path, { force: true }))
        .catch((err: unknown) => logger.warn({ err, path }, 'whatsapp: could not delete the login QR code PNG'));
  };

  async function writeQrPng(qr: string, path: string) {
    try {
      mkdirSync(dirname(path), { recursive: true });
      await QRCode.toFile(path, qr, { type: 'png', margin: 2, width: 400 });
      logger.info({ path }, 'whatsapp: login QR code written');
    } catch (err) {
      logger.warn({ err, path }, 'whatsapp: could not write the QR code PNG');
    }
  }

  function handleMessage(message: WhatsAppMessageLike) {
    if (message.fromMe || message.from === 'status@broadcast' || !isPersonalChat(message.from)) {
      logger.debug({ type: message.type, group: message.from.endsWith('@g.us') }, 'whatsapp: message outside a personal chat ignored');
      return;
    }
    const messageId = message.id._serialized;
    if (!seen.add(messageId)) {
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
    const handler = onMessage;
    if (handler) inFlight.run(() => handler(incoming));
  }

  const onQr = (qr: string) => {
    logger.info('whatsapp: scan the QR code with the WhatsApp account of the bot (Linked devices)');
    // Not a failure to retry (the library shows fresh codes itself), but /healthz should say why it is not up.
    link?.waiting?.('waiting for the login QR code to be scanned (Linked devices)');
    try {
      printQr(qr);
    } catch (err) {
      logger.warn({ err }, 'whatsapp: could not print the QR code');
    }
    const path = opts.qrPngPath;
    if (path) qrPngWrite = qrPngWrite.then(() => writeQrPng(qr, path));
  };
  const onAuthenticated = () => {
    logger.info('whatsapp: authenticated');
    removeQrPng();
  };
  const onAuthFailure = (message: string) => logger.error({ reason: message }, 'whatsapp: authentication failed');
  const onReady = () => {
    logger.info({ number: client.info?.wid?._serialized }, 'whatsapp: ready');
    readyWaiter?.resolve();
    readyWaiter = undefined;
  };
  const onDisconnected = (reason: string) => {
    logger.warn({ reason }, 'whatsapp: disconnected');
    // The supervisor re-initialises after a pause (start() again); a logout shows a new QR code then.
    if (!stopping.signal.aborted) link?.lost(new Error(`whatsapp disconnected: ${reason}`));
  };
  client.on('qr', onQr);
  client.on('authenticated', onAuthenticated);
  client.on('auth_failure', onAuthFailure);
  client.on('ready', onReady);
  client.on('disconnected', onDisconnected);
  client.on('message', handleMessage);
  const detach = () => {
    client.off('qr', onQr);
    client.off('authenticated', onAuthenticated);
    client.off('auth_failure', onAuthFailure);
    client.off('ready', onReady);
    client.off('disconnected', onDisconnected);
    client.off('message', handleMessage);
  };

  const now = opts.now ?? Date.now;
  const minGapMs = opts.maxPerMinute ? 60_000 / opts.maxPerMinute : 0;
  let nextSlot = 0;

  /**
   * A human pause before each send, and never more than `maxPerMinute`: each send books the next free slot
   * (at least its own jittered pause away, and one gap after the previous send), then waits for it.
   */
  async function pace() {
    const t = now();
    const pause = opts.replyDelayMs > 0 ? Math.round(opts.replyDelayMs * (0.5 + random())) : 0;
    const slot = Math.max(t + pause, nextSlot);
    nextSlot = slot + minGapMs;
    if (slot > t) await sleep(slot - t, stopping.signal).catch(() => undefined);
  }

  async function deliver(chatId: string, content: string | MessageMedia, options?: MessageSendOptions) {
    await pace();
    try {
      await client.sendMessage(chatId, content, options);
    } catch (err) {
      throw new ChannelError('transient', err instanceof Error ? err.message : String(err));
    }
  }

  return {
    name: 'whatsapp',

    async start(handler: (m: Incoming) => Promise<void>, supervisor?: ChannelLink): Promise<void> {
      if (stopping.signal.aborted) throw new Error('whatsapp channel stopped');
      onMessage = handler;
      link = supervisor;
      const ready = new Promise<void>((resolve, reject) => {
        readyWaiter = { resolve, reject };
      });
      // Why: stop() may reject it while initialize() is still running and nobody awaits it yet.
      ready.catch(() => undefined);
      try {
        // A reconnect: the library destroys the browser itself on most disconnects, but not after a failed start or a logout.
        if (initialized) await client.destroy().catch(() => undefined);
        initialized = true;
        await client.initialize();
      } catch (err) {
        readyWaiter = undefined;
        throw err;
      }
      await ready;
    },

    async send(chatId: string, reply: Outgoing): Promise<void> {
      const text = renderWithNumberedChoices(reply);
      if (text) await deliver(chatId, text);
      if (reply.image) {
        const media = new Media('image/png', reply.image.png.toString('base64'), 'image.png');
        await deliver(chatId, media, reply.image.caption ? { caption: reply.image.caption } : {});
      }
      if (reply.document) {
        const { content, filename, caption } = reply.document;
        const extension = filename.split('.').pop()?.toLowerCase() ?? '';
        const media = new Media(MIME_BY_EXTENSION[extension] ?? 'application/octet-stream', content.toString('base64'), filename);
        await deliver(chatId, media, {
          sendMediaAsDocument: true,
          ...(caption ? { caption } : {}),
        });
      }
    },

    stop(): Promise<void> {
      stopped ??= (async () => {
        stopping.abort();
        readyWaiter?.reject(new Error('whatsapp channel stopped before it was ready'));
        readyWaiter = undefined;
        onMessage = undefined;
        detach();
        await inFlight.settled();
        await client.destroy();
      })();
      return stopped;
    },
  };
}
