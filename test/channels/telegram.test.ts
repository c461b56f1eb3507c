import type { Telegraf } from 'telegraf';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChannelError } from '../../src/channels/channel.ts';
import { createTelegramChannel, openTelegramBot, splitText, type TelegramChannel } from '../../src/channels/telegram.ts';
import { createLogger, silentLogger } from '../../src/log.ts';
import { FakeBotApi } from '../support/fake-bot-api.ts';
import { freePort } from '../support/harness.ts';
import { collector } from './contract.ts';

const SITI = 6_100_000_001;

describe('telegram channel (real telegraf polling a fake Bot API)', () => {
  let api: FakeBotApi;
  let bot: Telegraf;
  let channel: TelegramChannel;
  let inbox: ReturnType<typeof collector>;
  const sleep = vi.fn(async (_ms: number) => undefined);

  beforeEach(async () => {
    sleep.mockClear();
    api = await FakeBotApi.start();
    bot = openTelegramBot({ token: '123456:TEST', apiRoot: api.apiRoot });
    channel = createTelegramChannel({ bot, logger: silentLogger, mode: { kind: 'polling' }, sleep });
    inbox = collector();
    await channel.start(inbox.onMessage);
  });

  afterEach(async () => {
    await channel.stop();
    await api.close();
  });

  it('knows its username once started, for t.me links', () => {
    expect(channel.username).toBe('daftarin_test_bot');
  });

  it('passes a /start deep link through as text, with the first name', async () => {
    api.pushText(SITI, '/start ref_kader01', { firstName: 'Siti' });
    const [m] = await inbox.count(1);
    expect(m).toMatchObject({ chatId: String(SITI), text: '/start ref_kader01', name: 'Siti', kind: 'text' });
  });

  it('flags photos as media, and locations and contacts as such', async () => {
    api.pushMessage(SITI, { fields: { photo: [{ file_id: 'ph1', file_unique_id: 'u1', width: 90, height: 90 }], caption: 'ktp saya' } });
    api.pushMessage(SITI, { fields: { location: { latitude: -6.2, longitude: 106.8 } } });
    api.pushMessage(SITI, { fields: { contact: { phone_number: '+6281234567890', first_name: 'Siti' } } });
    api.pushMessage(SITI, { fields: { voice: { file_id: 'v1', file_unique_id: 'v1', duration: 3 } } });
    const got = await inbox.count(4);
    expect(got.map((m) => [m.kind, m.text])).toEqual([
      ['media', ''],
      ['location', ''],
      ['contact', ''],
      ['media', ''],
    ]);
  });

  it('handles a redelivered update once', async () => {
    const first = api.pushText(SITI, 'daftar');
    await inbox.count(1);
    api.redeliver(first.update_id);
    api.pushText(SITI, 'lanjut');
    await inbox.count(2);
    await api.waitUntilConsumed();
    expect(inbox.messages.map((m) => m.text)).toEqual(['daftar', 'lanjut']);
  });

  it('ignores groups, supergroups and channels', async () => {
    api.pushText(SITI, 'halo semua', { chatType: 'group' });
    api.pushText(SITI, 'halo semua', { chatType: 'supergroup' });
    api.pushText(SITI, 'pengumuman', { chatType: 'channel' });
    api.pushText(SITI, 'halo bot');
    const got = await inbox.count(1);
    await api.waitUntilConsumed();
    expect(got.map((m) => m.text)).toEqual(['halo bot']);
  });

  it('keeps polling when a turn fails, and logs the failure', async () => {
    const lines: string[] = [];
    const logger = createLogger('error', { write: (s: string) => lines.push(s) });
    await channel.stop();
    bot = openTelegramBot({ token: '123456:TEST', apiRoot: api.apiRoot });
    channel = createTelegramChannel({ bot, logger, mode: { kind: 'polling' }, sleep });
    const seen: string[] = [];
    await channel.start(async (m) => {
      seen.push(m.text);
      if (m.text === 'boom') throw new Error('turn exploded');
    });
    api.pushText(SITI, 'boom');
    api.pushText(SITI, 'masih hidup?');
    await vi.waitFor(() => expect(seen).toEqual(['boom', 'masih hidup?']));
    await vi.waitFor(() => expect(lines.join('')).toContain('turn exploded'));
  });

  it('retries a 429 after the retry_after it was given', async () => {
    api.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } });
    await channel.send(String(SITI), { text: 'Data kamu sudah tersimpan.' });
    expect(sleep).toHaveBeenCalledWith(7000);
    expect(api.calls('sendMessage')).toHaveLength(2);
    expect((await api.waitForMessages(SITI, 1)).map((m) => m.text)).toEqual(['Data kamu sudah tersimpan.']);
  });

  it('gives up after maxRetries 429s with rate_limited', async () => {
    for (let i = 0; i < 4; i++)
      api.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests', parameters: { retry_after: 2 } });
    const err = await channel.send(String(SITI), { text: 'Halo' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelError);
    expect(err).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 2 });
    expect(sleep).toHaveBeenCalledTimes(3);
  });

  it('reports a user who blocked the bot as unreachable (403), and a missing chat too (400)', async () => {
    api.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    await expect(channel.send(String(SITI), { text: 'Halo' })).rejects.toMatchObject({ name: 'ChannelError', code: 'unreachable' });
    api.failNext('sendMessage', { error_code: 400, description: 'Bad Request: chat not found' });
    await expect(channel.send('999', { text: 'Halo' })).rejects.toMatchObject({ code: 'unreachable' });
    api.failNext('sendMessage', { error_code: 400, description: "Bad Request: can't parse entities" });
    await expect(channel.send(String(SITI), { text: 'Halo' })).rejects.toMatchObject({ code: 'invalid' });
    api.failNext('sendMessage', { error_code: 502, description: 'Bad Gateway' });
    await expect(channel.send(String(SITI), { text: 'Halo' })).rejects.toMatchObject({ code: 'transient' });
    expect(sleep).not.toHaveBeenCalled();
  });

  it('removes the keyboard only after a message that had one', async () => {
    await channel.send(String(SITI), { text: 'Kamu bekerja sebagai apa?', choices: ['Ojek online', 'Pedagang'] });
    await channel.send(String(SITI), { text: 'Baik, tercatat.' });
    await channel.send(String(SITI), { text: 'Berapa penghasilanmu sebulan?' });
    const sent = await api.waitForMessages(SITI, 3);
    expect(sent[0]?.replyMarkup).toEqual({
      keyboard: [[{ text: 'Ojek online' }], [{ text: 'Pedagang' }]],
      one_time_keyboard: true,
      resize_keyboard: true,
    });
    expect(sent[1]?.replyMarkup).toEqual({ remove_keyboard: true });
    expect(sent[2]?.replyMarkup).toBeUndefined();
  });

  it('splits text over 4096 characters at line breaks, keyboard on the last part', async () => {
    const lines = Array.from({ length: 120 }, (_, i) => `${String(i + 1).padStart(3, '0')}. ${'Desa Sukamaju '.repeat(4)}`);
    const text = lines.join('\n');
    await channel.send(String(SITI), { text, choices: ['Lanjut'] });
    const sent = api.sent.filter((m) => m.chatId === String(SITI));
    expect(sent.length).toBeGreaterThan(1);
    for (const m of sent) expect(m.text?.length).toBeLessThanOrEqual(4096);
    expect(sent.map((m) => m.text).join('\n')).toBe(text);
    expect(sent.slice(0, -1).every((m) => m.replyMarkup === undefined)).toBe(true);
    expect(sent.at(-1)?.replyMarkup).toMatchObject({ keyboard: [[{ text: 'Lanjut' }]] });
  });

  it('sends images with sendPhoto and documents with sendDocument, captions included', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    await channel.send(String(SITI), { text: 'Ini kartu peserta kamu:', image: { png, caption: 'Kartu BPJS' } });
    await channel.send(String(SITI), {
      text: '',
      document: { content: Buffer.from('%PDF-1.4'), filename: 'bukti.pdf', caption: 'Bukti daftar' },
    });
    const sent = await api.waitForMessages(SITI, 3);
    expect(sent.map((m) => m.method)).toEqual(['sendMessage', 'sendPhoto', 'sendDocument']);
    expect(sent[1]).toMatchObject({ caption: 'Kartu BPJS', file: { filename: 'image.png', size: png.length } });
    expect(sent[2]).toMatchObject({ caption: 'Bukti daftar', file: { filename: 'bukti.pdf', size: 8 } });
  });
});

describe('telegram channel restarted while an earlier start hangs (the supervisor timed it out)', () => {
  it('lets only the newest attempt poll: the earlier one, answered late, gives up instead of starting a second loop', async () => {
    const api = await FakeBotApi.start();
    const bot = openTelegramBot({ token: '123456:TEST', apiRoot: api.apiRoot });
    // The first getMe is held, as by a Bot API that accepted the connection and did not answer in time.
    let releaseFirst: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    const getMe = bot.telegram.getMe.bind(bot.telegram);
    let calls = 0;
    bot.telegram.getMe = async () => {
      if (++calls === 1) await held;
      return getMe();
    };
    const channel = createTelegramChannel({ bot, logger: silentLogger, mode: { kind: 'polling' }, sleep: async () => {} });
    const inbox = collector();
    try {
      const first = channel.start(inbox.onMessage);
      await channel.start(inbox.onMessage);
      await vi.waitFor(() => expect(api.pendingPolls).toBe(1));
      releaseFirst();
      await expect(first).rejects.toThrow(/superseded/);
      expect(api.calls('deleteWebhook')).toHaveLength(1);
      api.pushText(SITI, 'halo');
      const [m] = await inbox.count(1);
      expect(m?.text).toBe('halo');
      expect(api.pendingPolls).toBeLessThanOrEqual(1);
    } finally {
      await channel.stop();
      await api.close();
    }
  });
});

describe('telegram channel in webhook mode', () => {
  it('sets the webhook with its secret and receives updates posted to it', async () => {
    const api = await FakeBotApi.start();
    const port = await freePort();
    const bot = openTelegramBot({ token: '123456:TEST', apiRoot: api.apiRoot });
    const channel = createTelegramChannel({
      bot,
      logger: silentLogger,
      mode: { kind: 'webhook', url: 'https://daftarin.example.id/telegram/hook', port, secretToken: 'rahasia-123' },
    });
    const inbox = collector();
    try {
      await channel.start(inbox.onMessage);
      expect(api.calls('setWebhook')[0]?.params).toMatchObject({
        url: 'https://daftarin.example.id/telegram/hook',
        secret_token: 'rahasia-123',
      });
      const update = {
        update_id: 1,
        message: {
          message_id: 9,
          date: 0,
          chat: { id: SITI, type: 'private' },
          from: { id: SITI, is_bot: false, first_name: 'Siti' },
          text: ' halo ',
        },
      };
      const post = (secret: string) =>
        fetch(`http://127.0.0.1:${port}/telegram/hook`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
          body: JSON.stringify(update),
        });
      expect((await post('salah')).status).toBe(403);
      expect((await post('rahasia-123')).status).toBe(200);
      const [m] = await inbox.count(1);
      expect(m).toMatchObject({ chatId: String(SITI), messageId: '9', text: 'halo' });
    } finally {
      await channel.stop();
      await api.close();
    }
  });
});

describe('splitText', () => {
  it('keeps short text whole and cuts an overlong line hard', () => {
    expect(splitText('halo', 10)).toEqual(['halo']);
    expect(splitText('aaaa\nbbbb\ncc', 9)).toEqual(['aaaa\nbbbb', 'cc']);
    expect(splitText('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });
});
