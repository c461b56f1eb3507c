import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Channel, Incoming } from '../../src/channels/channel.ts';

/** A reply as the user sees it: the text, and the buttons when the platform shows a keyboard. */
export interface SeenReply {
  text: string;
  keyboard?: string[];
}

/** One adapter wired to its fake platform, fresh for every contract case. */
export interface ContractHarness {
  channel: Channel;
  /** The chat the fake user writes from. */
  chatId: string;
  /** A second chat, to check replies do not leak; absent where there is only one user (terminal). */
  otherChatId?: string;
  /** The fake user types `text`; resolves with the platform's id for it when the platform assigns one. */
  userSays(text: string): Promise<string | undefined>;
  /** The fake user sends a sticker or photo. */
  userSendsMedia?(): Promise<void>;
  /** Resolves with every reply shown in `chatId` once there are at least `n`. */
  replies(chatId: string, n: number): Promise<SeenReply[]>;
  /** Fails the test when the channel still holds anything after stop(). */
  assertReleased(): Promise<void>;
  /** Releases the fake platform itself. */
  dispose(): Promise<void>;
}

/** What sets the adapters apart, as far as the contract cares. */
export interface ContractTraits {
  choices: 'keyboard' | 'numbered';
  /** Why the media case cannot run, for platforms that only carry text. */
  mediaSkipReason?: string;
}

/** Records what reaches onMessage; `next(n)` waits for the n-th message without sleeping blindly. */
export function collector() {
  const messages: Incoming[] = [];
  const waiters = new Set<() => void>();
  return {
    messages,
    onMessage: async (m: Incoming) => {
      messages.push(m);
      for (const w of [...waiters]) w();
    },
    async count(n: number, timeoutMs = 5_000): Promise<Incoming[]> {
      if (messages.length >= n) return messages;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`expected ${n} incoming message(s), got ${messages.length}`));
        }, timeoutMs);
        const waiter = () => {
          if (messages.length < n) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve();
        };
        waiters.add(waiter);
      });
      return messages;
    },
  };
}

/** The shared suite every channel adapter must pass. */
export function channelContract(name: string, traits: ContractTraits, makeHarness: () => Promise<ContractHarness>): void {
  describe(`${name} channel contract`, () => {
    let h: ContractHarness;
    let inbox: ReturnType<typeof collector>;

    beforeEach(async () => {
      h = await makeHarness();
      inbox = collector();
      await h.channel.start(inbox.onMessage);
    });

    afterEach(async () => {
      await h.channel.stop();
      await h.dispose();
    });

    it('delivers typed text trimmed, with a stable message id per message', async () => {
      const firstId = await h.userSays('   halo, mau daftar  ');
      const secondId = await h.userSays('daftar');
      const [first, second] = await inbox.count(2);
      expect(first).toMatchObject({
        chatId: h.chatId,
        text: 'halo, mau daftar',
      });
      expect(first?.kind ?? 'text').toBe('text');
      expect(second?.text).toBe('daftar');
      expect(first?.messageId).toMatch(/\S/);
      if (firstId) expect(first?.messageId).toBe(firstId);
      if (secondId) expect(second?.messageId).toBe(secondId);
      expect(second?.messageId).not.toBe(first?.messageId);
    });

    it('sends a reply to the chat it names, and only there', async () => {
      await h.channel.send(h.chatId, { text: 'Halo! Saya Daftarin.' });
      if (h.otherChatId) await h.channel.send(h.otherChatId, { text: 'Pesan untuk orang lain' });
      const seen = await h.replies(h.chatId, 1);
      expect(seen.map((r) => r.text)).toEqual(['Halo! Saya Daftarin.']);
      if (h.otherChatId) expect((await h.replies(h.otherChatId, 1)).map((r) => r.text)).toEqual(['Pesan untuk orang lain']);
    });

    it(`shows choices as ${traits.choices === 'keyboard' ? 'a reply keyboard' : 'a numbered list'}`, async () => {
      await h.channel.send(h.chatId, {
        text: 'Mau apa hari ini?',
        choices: ['Daftar BPJS', 'Cek iuran'],
      });
      const [reply] = await h.replies(h.chatId, 1);
      if (traits.choices === 'keyboard') {
        expect(reply).toEqual({
          text: 'Mau apa hari ini?',
          keyboard: ['Daftar BPJS', 'Cek iuran'],
        });
      } else {
        expect(reply?.text).toBe('Mau apa hari ini?\n\n1. Daftar BPJS\n2. Cek iuran');
        expect(reply?.keyboard).toBeUndefined();
      }
    });

    it.skipIf(traits.mediaSkipReason !== undefined)(
      `flags non-text input as media${traits.mediaSkipReason ? ` (skipped: ${traits.mediaSkipReason})` : ''}`,
      async () => {
        await h.userSendsMedia?.();
        const [m] = await inbox.count(1);
        expect(m).toMatchObject({ chatId: h.chatId, kind: 'media', text: '' });
      },
    );

    it('releases everything on stop()', async () => {
      await h.userSays('halo');
      await inbox.count(1);
      await h.channel.stop();
      await h.assertReleased();
    });
  });
}
