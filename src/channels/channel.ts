/** What a chat platform hands the core: one inbound message from one chat. */
export interface Incoming {
  /** Platform chat id (Telegram chat id, WhatsApp `628…@c.us`, terminal user). */
  chatId: string;
  /** Platform message id, stable across redeliveries; used to drop duplicates. */
  messageId: string;
  /** The text the user typed, trimmed. Empty for non-text messages. */
  text: string;
  /** Display name the platform gives, when it gives one. */
  name?: string;
  /** `media` for stickers, photos, voice notes, documents… the core asks the user to type instead. */
  kind?: 'text' | 'media' | 'location' | 'contact';
  /** A file sent as a document (kind `media`), read only when a feature waits for one (a village's spreadsheet). */
  document?: IncomingDocument;
}

/** A document a user sent: its name, type and size as the platform tells them, and its bytes on demand. */
export interface IncomingDocument {
  name: string;
  mime?: string;
  /** Bytes, as the platform announced them (0 when it did not say). */
  size: number;
  /** Downloads the file; rejects when the platform cannot deliver it. */
  read(): Promise<Buffer>;
}

/** One reply the core sends to a chat. */
export interface Outgoing {
  text: string;
  /** Labels of the choices; a keyboard on Telegram, a numbered list elsewhere. */
  choices?: readonly string[];
  image?: { png: Buffer; caption?: string };
  document?: { content: Buffer; filename: string; caption?: string };
}

/**
 * How an adapter tells its supervisor that a running connection broke (polling failed, WhatsApp disconnected).
 * The supervisor then calls `start()` again after a pause; the adapter does not retry by itself.
 */
export interface ChannelLink {
  lost(err: unknown): void;
  /** Why a start is taking long without failing (a login QR code nobody scanned yet): shown as the last error. */
  waiting?(reason: string): void;
}

/** A chat platform behind a small adapter; everything else is the core's business. */
export interface Channel {
  readonly name: string;
  /**
   * Starts receiving; resolves once the channel is ready to receive messages, rejects when it cannot connect.
   * May be called again after it rejected or after `link.lost()`: a reconnect.
   */
  start(onMessage: (m: Incoming) => Promise<void>, link?: ChannelLink): Promise<void>;
  /** Sends one reply to one chat. Throws a `ChannelError` when the platform refuses it. */
  send(chatId: string, reply: Outgoing): Promise<void>;
  /** Stops receiving and releases every resource the channel holds. */
  stop(): Promise<void>;
  /** Whether sends can go out now; absent means always (a supervised channel answers false while it is down). */
  isUp?(): boolean;
}

/**
 * The platform refused the bot's credentials (Telegram 401): retrying cannot help, so the supervisor stops this
 * channel with this message and keeps the others running.
 */
export class ChannelRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChannelRejectedError';
  }
}

/** Why a send failed, mapped once per adapter so the core can react the same way everywhere. */
export type ChannelErrorCode = 'rate_limited' | 'unreachable' | 'transient' | 'invalid';

/** A send failure with a code the core understands (429 → rate_limited, 403 → unreachable…). */
export class ChannelError extends Error {
  constructor(
    readonly code: ChannelErrorCode,
    message: string,
    /** For `rate_limited`: seconds the platform asked us to wait. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}

/** Renders choices as a numbered list under the text, for channels without keyboards. */
export function renderWithNumberedChoices(reply: Outgoing): string {
  if (!reply.choices?.length) return reply.text;
  const lines = reply.choices.map((c, i) => `${i + 1}. ${c}`);
  return `${reply.text}\n\n${lines.join('\n')}`;
}
