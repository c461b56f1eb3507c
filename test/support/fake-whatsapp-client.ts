import { EventEmitter } from 'node:events';
import type { MessageMedia, MessageSendOptions } from 'whatsapp-web.js';
import type { WhatsAppMessageLike } from '../../src/channels/whatsapp.ts';

/** One sendMessage call the fake recorded. */
export interface FakeWhatsAppSend {
  chatId: string;
  content: string | MessageMedia;
  options?: MessageSendOptions;
}

/** A whatsapp-web.js Client stand-in: an EventEmitter that records calls; `initialize()` fires `ready`. */
export class FakeWhatsAppClient extends EventEmitter {
  readonly info = {
    pushname: 'Daftarin',
    wid: { _serialized: '6281100000000@c.us' },
  };
  readonly sent: FakeWhatsAppSend[] = [];
  initializeCalls = 0;
  destroyCalls = 0;
  /** When false, initialize() does not announce `ready` (a phone that never scans the QR code). */
  autoReady = true;
  /** Errors the next initialize() calls throw, in order (no network, a page that does not load). */
  readonly initializeFailures: Error[] = [];
  /** Errors the next sendMessage calls throw, in order. */
  readonly sendFailures: Error[] = [];
  private seq = 0;
  private readonly sendWaiters = new Set<() => void>();

  async initialize(): Promise<void> {
    this.initializeCalls++;
    const failure = this.initializeFailures.shift();
    if (failure) throw failure;
    if (this.autoReady) setImmediate(() => this.emit('ready'));
  }

  /** The phone went offline or WhatsApp Web logged the session out: whatsapp-web.js emits `disconnected`. */
  disconnect(reason = 'NAVIGATION'): void {
    this.emit('disconnected', reason);
  }

  async sendMessage(chatId: string, content: string | MessageMedia, options?: MessageSendOptions): Promise<unknown> {
    const failure = this.sendFailures.shift();
    if (failure) throw failure;
    this.sent.push({ chatId, content, ...(options ? { options } : {}) });
    for (const waiter of [...this.sendWaiters]) waiter();
    return { id: { _serialized: `true_${chatId}_OUT${this.sent.length}` } };
  }

  async destroy(): Promise<void> {
    this.destroyCalls++;
  }

  /** Builds an incoming message like whatsapp-web.js hands to `message` listeners. */
  message(from: string, body: string, fields: Partial<WhatsAppMessageLike> = {}): WhatsAppMessageLike {
    this.seq++;
    return {
      from,
      fromMe: false,
      type: 'chat',
      body,
      id: {
        _serialized: `false_${from}_3EB0${this.seq.toString(16).padStart(16, '0').toUpperCase()}`,
      },
      _data: { notifyName: 'Budi' },
      ...fields,
    };
  }

  /** Emits an incoming message (built with `message()` unless given) and returns it. */
  receive(from: string, body: string, fields: Partial<WhatsAppMessageLike> = {}): WhatsAppMessageLike {
    const m = this.message(from, body, fields);
    this.emit('message', m);
    return m;
  }

  /** Emits a document message (a spreadsheet) whose file `downloadMedia()` returns as base64, as whatsapp-web.js does. */
  receiveDocument(from: string, doc: { name: string; mime: string; content: Buffer }): WhatsAppMessageLike {
    const m = this.message(from, doc.name, {
      type: 'document',
      _data: { notifyName: 'Budi', filename: doc.name, mimetype: doc.mime, size: doc.content.length },
      downloadMedia: async () => ({ mimetype: doc.mime, data: doc.content.toString('base64'), filename: doc.name }),
    });
    this.emit('message', m);
    return m;
  }

  /** Resolves with every send to `chatId` once there are at least `n`. */
  waitForSends(chatId: string, n: number, timeoutMs = 2_000): Promise<FakeWhatsAppSend[]> {
    const matching = () => this.sent.filter((s) => s.chatId === chatId);
    return new Promise((resolve, reject) => {
      const check = () => {
        if (matching().length < n) return false;
        clearTimeout(timer);
        this.sendWaiters.delete(waiter);
        resolve(matching());
        return true;
      };
      const waiter = () => void check();
      const timer = setTimeout(() => {
        this.sendWaiters.delete(waiter);
        reject(new Error(`expected ${n} send(s) to ${chatId}, got ${matching().length}`));
      }, timeoutMs);
      if (!check()) this.sendWaiters.add(waiter);
    });
  }
}
