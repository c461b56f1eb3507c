import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { expect } from 'vitest';
import { createTelegramChannel, openTelegramBot } from '../../src/channels/telegram.ts';
import { createTerminalChannel } from '../../src/channels/terminal.ts';
import { createWhatsAppChannel, type WhatsAppClientLike } from '../../src/channels/whatsapp.ts';
import { silentLogger } from '../../src/log.ts';
import { FakeBotApi } from '../support/fake-bot-api.ts';
import { FakeWhatsAppClient } from '../support/fake-whatsapp-client.ts';
import { channelContract, type SeenReply } from './contract.ts';

/** Polls `check` until it passes, without fixed sleeps. */
async function eventually(check: () => void, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

function waitFor<T>(read: () => T[], n: number, what: string, timeoutMs = 2_000): Promise<T[]> {
  return eventually(() => {
    if (read().length < n) throw new Error(`expected ${n} ${what}, got ${read().length}`);
  }, timeoutMs).then(read);
}

channelContract('terminal', { choices: 'numbered', mediaSkipReason: 'stdin carries only typed text' }, async () => {
  const input = new PassThrough();
  const writes: string[] = [];
  const output = new Writable({
    write(chunk: Buffer, _enc, done) {
      writes.push(chunk.toString('utf8'));
      done();
    },
  });
  const fileDir = mkdtempSync(join(tmpdir(), 'daftarin-terminal-'));
  const channel = createTerminalChannel({
    input,
    output,
    userId: 'local',
    interactive: false,
    fileDir,
  });
  return {
    channel,
    chatId: 'local',
    async userSays(text) {
      input.write(`${text}\n`);
      return undefined;
    },
    // Each reply is one write ending in a blank line.
    replies: (_chatId, n) => waitFor(() => writes.map((w): SeenReply => ({ text: w.replace(/\n\n$/, '') })), n, 'replies'),
    async assertReleased() {
      expect(input.listenerCount('data')).toBe(0);
      expect(input.listenerCount('end')).toBe(0);
    },
    async dispose() {
      input.destroy();
      rmSync(fileDir, { recursive: true, force: true });
    },
  };
});

channelContract('telegram', { choices: 'keyboard' }, async () => {
  const api = await FakeBotApi.start();
  const bot = openTelegramBot({ token: '123456:TEST', apiRoot: api.apiRoot });
  const channel = createTelegramChannel({
    bot,
    logger: silentLogger,
    mode: { kind: 'polling' },
    sleep: async () => undefined,
  });
  const chatId = 5550001;
  return {
    channel,
    chatId: String(chatId),
    otherChatId: '5550002',
    async userSays(text) {
      const update = api.pushText(chatId, text, { firstName: 'Siti' });
      return String((update.message as { message_id: number }).message_id);
    },
    async userSendsMedia() {
      api.pushMessage(chatId, {
        fields: {
          sticker: {
            file_id: 'stk1',
            file_unique_id: 's1',
            type: 'regular',
            width: 512,
            height: 512,
            is_animated: false,
            is_video: false,
          },
        },
      });
    },
    async replies(id, n) {
      const sent = await api.waitForMessages(id, n);
      return sent.map((m) => {
        const markup = m.replyMarkup as { keyboard?: { text: string }[][] } | undefined;
        const keyboard = markup?.keyboard?.map((row) => row.map((b) => b.text).join(' | '));
        return {
          text: m.text ?? m.caption ?? '',
          ...(keyboard ? { keyboard } : {}),
        };
      });
    },
    async assertReleased() {
      await eventually(() => expect(api.pendingPolls).toBe(0));
      // stop() resolves only after telegraf's polling loop has returned, so the count is final now: a request
      // already on its way would reach the server within an I/O turn, no clock needed.
      const polls = api.calls('getUpdates').length;
      await new Promise((r) => setImmediate(r));
      expect(api.calls('getUpdates').length).toBe(polls);
    },
    dispose: () => api.close(),
  };
});

channelContract('whatsapp', { choices: 'numbered' }, async () => {
  const client = new FakeWhatsAppClient() satisfies WhatsAppClientLike;
  const channel = createWhatsAppChannel({
    client,
    logger: silentLogger,
    replyDelayMs: 800,
    sleep: async () => undefined,
    printQr: () => undefined,
  });
  const chatId = '6281234567890@c.us';
  return {
    channel,
    chatId,
    otherChatId: '6285700000001@c.us',
    async userSays(text) {
      return client.receive(chatId, text).id._serialized;
    },
    async userSendsMedia() {
      client.receive(chatId, '', { type: 'sticker' });
    },
    async replies(id, n) {
      const sends = await client.waitForSends(id, n);
      return sends.map((s) => ({
        text: typeof s.content === 'string' ? s.content : (s.options?.caption ?? ''),
      }));
    },
    async assertReleased() {
      expect(client.destroyCalls).toBeGreaterThan(0);
      expect(client.listenerCount('message')).toBe(0);
    },
    async dispose() {},
  };
});
