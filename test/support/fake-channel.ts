import type { Channel, Incoming, Outgoing } from '../../src/channels/channel.ts';
import { renderWithNumberedChoices } from '../../src/channels/channel.ts';

/** A channel for transcript tests: `say(text)` resolves with the bot's replies to that message. */
export class FakeChannel implements Channel {
  readonly sent: { chatId: string; reply: Outgoing }[] = [];
  private onMessage?: (m: Incoming) => Promise<void>;
  private seq = 0;
  // Why: a restarted bot gets a new channel; platform message ids never repeat across restarts.
  private readonly prefix = Math.random().toString(36).slice(2, 8);

  constructor(readonly name = 'test') {}

  async start(onMessage: (m: Incoming) => Promise<void>): Promise<void> {
    this.onMessage = onMessage;
  }

  async send(chatId: string, reply: Outgoing): Promise<void> {
    this.sent.push({ chatId, reply });
  }

  async stop(): Promise<void> {
    this.onMessage = undefined;
  }

  /** Delivers a message and returns the replies it produced, rendered with numbered choices. */
  async say(text: string, opts: { chatId?: string; messageId?: string; kind?: Incoming['kind'] } = {}): Promise<string[]> {
    if (!this.onMessage) throw new Error('channel not started');
    const before = this.sent.length;
    const chatId = opts.chatId ?? 'u1';
    await this.onMessage({ chatId, messageId: opts.messageId ?? `${this.prefix}-${++this.seq}`, text, kind: opts.kind ?? 'text' });
    return this.sent
      .slice(before)
      .filter((s) => s.chatId === chatId)
      .map((s) => renderWithNumberedChoices(s.reply));
  }

  /** The replies rendered, for one chat, in order. */
  transcript(chatId = 'u1'): string[] {
    return this.sent.filter((s) => s.chatId === chatId).map((s) => renderWithNumberedChoices(s.reply));
  }
}
