import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTelegramChannel, openTelegramBot, type TelegramMode } from '../../src/channels/telegram.ts';
import { silentLogger } from '../../src/log.ts';
import { FakeBotApi } from '../support/fake-bot-api.ts';
import { freePort, tempDir } from '../support/harness.ts';
import { ManualTimer } from './manual-timer.ts';
import { supervisedApp } from './supervised-app.ts';

const CHAT = 6_400_000_001;

describe('Telegram outages (real telegraf, fake Bot API, manual timer)', () => {
  let tmp: ReturnType<typeof tempDir>;
  let api: FakeBotApi;
  let timer: ManualTimer;
  let bot: ReturnType<typeof supervisedApp>;

  /** The bot as main.ts wires it: Telegram (polling unless `mode` says webhook) and the terminal, each under its supervisor. */
  function startBot(mode: TelegramMode = { kind: 'polling' }) {
    const telegram = createTelegramChannel({
      bot: openTelegramBot({ token: '123456:TEST', apiRoot: api.apiRoot }),
      logger: silentLogger,
      mode,
      pollTimeoutSeconds: 5,
    });
    bot = supervisedApp(
      tmp.dir,
      telegram,
      { CHANNELS: 'telegram,terminal', TELEGRAM_BOT_TOKEN: '123456:TEST', TELEGRAM_API_ROOT: api.apiRoot },
      timer,
    );
    bot.start();
  }

  const telegram = () => bot.supervised;
  const texts = () => api.sent.filter((m) => m.chatId === String(CHAT)).map((m) => m.text ?? '');
  const health = () => bot.health();
  const stopBot = () => bot.stop();

  beforeEach(async () => {
    tmp = tempDir();
    api = await FakeBotApi.start();
    timer = new ManualTimer();
  });

  afterEach(async () => {
    await stopBot();
    await api.close();
    tmp.cleanup();
  });

  it('is down at start: the terminal answers meanwhile, and messages sent while down are answered once, after', async () => {
    await api.goDown();
    startBot();
    const down = await telegram().reached('retrying');
    expect(down.lastError).toContain('ECONNREFUSED');
    expect(health().httpStatus).toBe(503);
    expect(health().body.channels.telegram).toMatchObject({ state: 'retrying', failures: 1 });
    expect(health().body.channels.terminal?.state).toBe('up');

    expect(await bot.terminal.say('halo', 'Balas dengan angka menu')).toContain('selamat datang di *daftarin*');
    const start = api.pushText(CHAT, '/start', { firstName: 'Asep' });
    api.pushText(CHAT, 'bantuan', { firstName: 'Asep' });

    // Still no network at the next attempt: the pause doubles.
    expect(await timer.fireNext()).toBe(500);
    await timer.untilWaiting();
    expect(telegram().status().failures).toBe(2);

    await api.comeUp();
    expect(await timer.fireNext()).toBe(1_000);
    await telegram().reached('up');
    const sent = await api.waitForMessages(CHAT, 3);
    expect(sent.map((m) => m.text?.slice(0, 40))).toEqual([
      expect.stringContaining('selamat datang'),
      expect.stringContaining('Ada yang bisa saya bantu'),
      expect.any(String),
    ]);
    expect(sent[2]?.text).toContain('*kembali*');
    expect(health().httpStatus).toBe(200);
    expect(health().body.status).toBe('ok');

    // Each exactly once: Telegram sends the first update again (a lost confirmation) together with a new one.
    api.redeliver(start.update_id);
    api.pushText(CHAT, 'menu', { firstName: 'Asep' });
    await api.waitForMessages(CHAT, 4);
    await bot.app.bot.idle();
    expect(texts().filter((t) => t.includes('selamat datang'))).toHaveLength(1);
    expect(texts().filter((t) => t.includes('*kembali*'))).toHaveLength(1);
  });

  it('answers 502 for a while in the middle of a registration: nothing lost, nothing doubled, the registration goes on', async () => {
    startBot();
    await telegram().reached('up');
    const say = async (text: string, n = 1) => {
      const before = texts().length;
      api.pushText(CHAT, text, { firstName: 'Wati' });
      return (await api.waitForMessages(CHAT, before + n)).slice(before).map((m) => m.text ?? '');
    };
    await say('/start', 2);
    await say('Daftarkan pekerja (ART, sopir, tukang bakso, dll.)');
    await say('Ya, sudah setuju');
    expect((await say('Ojek / ojol'))[0]).toContain('nama lengkap');

    // Telegram answers 502 to everything: the open long poll fails, the channel is retrying.
    api.outage(502);
    expect(await telegram().reached('retrying')).toMatchObject({ lastError: expect.stringContaining('502') });
    api.pushText(CHAT, 'Wati Lestari', { firstName: 'Wati' });
    // The next attempt still meets the 502.
    await timer.fireNext();
    await timer.untilWaiting();
    expect(telegram().status().failures).toBe(2);

    api.recover();
    await timer.fireNext();
    await telegram().reached('up');
    // 2 for /start, then one per answer: the name sent during the outage is answered now.
    const nikQuestion = await api.waitForMessages(CHAT, 6);
    expect(nikQuestion.at(-1)?.text).toContain('*NIK* Wati Lestari');

    // A reply whose sendMessage meets a 502 is sent again after a pause, once.
    api.failNext('sendMessage', { error_code: 502, description: 'Bad Gateway' });
    const before = texts().length;
    api.pushText(CHAT, '3201015708850002', { firstName: 'Wati' });
    await api.waitForCalls('sendMessage', api.calls('sendMessage').length + 1);
    await timer.fireNext();
    const afterNik = (await api.waitForMessages(CHAT, before + 1)).slice(before);
    expect(afterNik[0]?.text).toMatch(/NIK \S*0002 terbaca/);
    await bot.app.bot.idle();

    expect(texts().filter((t) => t.includes('nama lengkap'))).toHaveLength(1);
    expect(texts().filter((t) => t.includes('*NIK* Wati Lestari'))).toHaveLength(1);
    expect(texts().filter((t) => t.includes('terbaca'))).toHaveLength(1);
    expect(bot.db.prepare("SELECT count(*) AS n FROM processed_messages WHERE channel = 'telegram'").get()).toEqual({ n: 6 });
  });

  it('after a restart, an update Telegram sends again is recognised by its stored id and not answered twice', async () => {
    startBot();
    await telegram().reached('up');
    const start = api.pushText(CHAT, '/start', { firstName: 'Asep' });
    await api.waitForMessages(CHAT, 2);
    await stopBot();

    startBot();
    await telegram().reached('up');
    api.redeliver(start.update_id);
    api.pushText(CHAT, 'bantuan', { firstName: 'Asep' });
    const sent = await api.waitForMessages(CHAT, 3);
    expect(sent[2]?.text).toContain('*kembali*');
    await bot.app.bot.idle();
    expect(texts().filter((t) => t.includes('selamat datang'))).toHaveLength(1);
  });

  it('webhook: sets it once the Bot API is reachable (a failed setWebhook frees the port for the retry), then answers posted updates', async () => {
    const port = await freePort();
    await api.goDown();
    startBot({ kind: 'webhook', url: 'https://daftarin.example.id/telegram/hook', port, secretToken: 'rahasia-123' });
    expect((await telegram().reached('retrying')).lastError).toContain('ECONNREFUSED');
    await api.comeUp();
    api.failNext('setWebhook', { error_code: 502, description: 'Bad Gateway' });
    await timer.fireNext();
    await timer.untilWaiting();
    expect(telegram().status()).toMatchObject({ state: 'retrying', failures: 2, lastError: '502: Bad Gateway' });
    await timer.fireNext();
    await telegram().reached('up');
    expect(api.calls('setWebhook')).toHaveLength(2);

    const update = api.pushText(CHAT, '/start', { firstName: 'Asep' });
    const posted = await fetch(`http://127.0.0.1:${port}/telegram/hook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'rahasia-123' },
      body: JSON.stringify(update),
    });
    expect(posted.status).toBe(200);
    expect((await api.waitForMessages(CHAT, 2))[0]?.text).toContain('selamat datang');
  });

  it('stops Telegram with a clear message when the token is rejected (401), and the terminal runs on', async () => {
    api.failNext('getMe', { error_code: 401, description: 'Unauthorized' });
    startBot();
    const stopped = await telegram().reached('stopped');
    expect(stopped.lastError).toContain('rejected TELEGRAM_BOT_TOKEN (401 Unauthorized)');
    expect(timer.waiting).toEqual([]);
    expect(health().body.channels.telegram?.state).toBe('stopped');
    expect(health().httpStatus).toBe(503);
    expect(await bot.terminal.say('bantuan', '*kembali*')).toContain('*kembali*');
  });
});
