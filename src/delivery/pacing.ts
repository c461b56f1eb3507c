import type { Config } from '../config.ts';

/** How fast one channel may deliver outbox messages; every field is optional (no field: no limit). */
export interface ChannelLimit {
  /** At most this many messages in any one-second window, all chats together. */
  perSecond?: number;
  /** Least time between two messages to the same chat. */
  perChatGapMs?: number;
  /** Least pause between two messages of the channel; each pause is drawn at random up to `maxGapMs`. */
  minGapMs?: number;
  /** Longest pause between two messages of the channel. */
  maxGapMs?: number;
  /** Most messages per calendar day, counted from the outbox's sent rows. */
  dailyCap?: number;
}

/** Per-channel limits by channel name; channels not listed (terminal, test) are not limited. */
export type ChannelLimits = Readonly<Record<string, ChannelLimit>>;

// Telegram allows about 30 messages/s in bulk and 1/s per chat. WhatsApp Web is an unofficial client:
// numbers get banned for bulk sends, so it goes seconds apart, jittered, with a daily cap.
/** The limits used when the caller gives none (the config defaults). */
export const DEFAULT_LIMITS: ChannelLimits = {
  telegram: { perSecond: 25, perChatGapMs: 1000 },
  whatsapp: { minGapMs: 4000, maxGapMs: 8000, perChatGapMs: 1000, dailyCap: 200 },
};

/** The per-channel limits configured by OUTBOX_* variables. */
export function outboxLimits(
  config: Pick<
    Config,
    'OUTBOX_TELEGRAM_PER_SECOND' | 'OUTBOX_WHATSAPP_MIN_GAP_MS' | 'OUTBOX_WHATSAPP_MAX_GAP_MS' | 'OUTBOX_WHATSAPP_DAILY_CAP'
  >,
): ChannelLimits {
  return {
    telegram: { perSecond: config.OUTBOX_TELEGRAM_PER_SECOND, perChatGapMs: 1000 },
    whatsapp: {
      minGapMs: config.OUTBOX_WHATSAPP_MIN_GAP_MS,
      maxGapMs: config.OUTBOX_WHATSAPP_MAX_GAP_MS,
      perChatGapMs: 1000,
      dailyCap: config.OUTBOX_WHATSAPP_DAILY_CAP,
    },
  };
}

/** When one channel may send next (one-second window, jittered gap, per-chat gap, pause), from times the caller passes. */
export class ChannelPacer {
  private readonly window: number[] = [];
  private readonly lastByChat = new Map<string, number>();
  private nextAt = 0;
  /** The channel sends nothing before this time. */
  pausedUntil = 0;

  constructor(
    readonly limit: ChannelLimit,
    private readonly random: () => number = Math.random,
  ) {}

  /** The earliest time the channel as a whole may send (window, gap, pause). */
  channelReadyAt(): number {
    const perSecond = this.limit.perSecond;
    const windowAt =
      perSecond !== undefined && this.window.length >= perSecond ? (this.window[this.window.length - perSecond] ?? 0) + 1000 : 0;
    return Math.max(windowAt, this.nextAt, this.pausedUntil);
  }

  /** The earliest time this chat may receive another message. */
  chatReadyAt(chatId: string): number {
    const last = this.lastByChat.get(chatId);
    return last === undefined || this.limit.perChatGapMs === undefined ? 0 : last + this.limit.perChatGapMs;
  }

  /** Notes the last delivery before a restart, so the gap holds across it. */
  resumeAfter(lastSentAt: number): void {
    this.nextAt = Math.max(this.nextAt, lastSentAt + (this.limit.minGapMs ?? 0));
  }

  /** Records a send to a chat at a time, and draws the pause before the next one. */
  record(chatId: string, at: number): void {
    const perSecond = this.limit.perSecond;
    if (perSecond !== undefined) {
      this.window.push(at);
      if (this.window.length > perSecond) this.window.splice(0, this.window.length - perSecond);
    }
    if (this.limit.perChatGapMs !== undefined) {
      this.lastByChat.set(chatId, at);
      // Forget chats whose gap is long over, so a big broadcast does not grow the map for ever.
      if (this.lastByChat.size > 10_000)
        for (const [k, t] of this.lastByChat) if (t + this.limit.perChatGapMs <= at) this.lastByChat.delete(k);
    }
    const min = this.limit.minGapMs;
    if (min !== undefined) {
      const max = Math.max(min, this.limit.maxGapMs ?? min);
      this.nextAt = at + min + Math.round(this.random() * (max - min));
    }
  }
}
