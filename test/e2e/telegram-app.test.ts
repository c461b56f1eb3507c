import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { createTelegramChannel, openTelegramBot, type TelegramChannel } from '../../src/channels/telegram.ts';
import { loadConfig } from '../../src/config.ts';
import { openVault } from '../../src/domain/vault.ts';
import { silentLogger } from '../../src/log.ts';
import { type Db, openDatabase } from '../../src/store/db.ts';
import { TEST_DATA_KEY } from '../support/app.ts';
import { FakeBotApi } from '../support/fake-bot-api.ts';
import { tempDir } from '../support/harness.ts';

const CHAT = 6_200_000_001;

describe('daftarin on Telegram (real telegraf, fake Bot API)', () => {
  let tmp: ReturnType<typeof tempDir>;
  let api: FakeBotApi;
  let channel: TelegramChannel;
  let db: Db;
  let app: ReturnType<typeof buildApp>;

  beforeEach(async () => {
    tmp = tempDir();
    api = await FakeBotApi.start();
    const config = loadConfig({
      CHANNELS: 'telegram',
      TELEGRAM_BOT_TOKEN: '123456:TEST',
      TELEGRAM_API_ROOT: api.apiRoot,
      DATABASE_PATH: `${tmp.dir}/d.db`,
      DATA_KEY: TEST_DATA_KEY,
    });
    db = openDatabase(config.DATABASE_PATH);
    const vault = openVault({ dataKeyHex: TEST_DATA_KEY, keyFile: `${tmp.dir}/k`, warn: () => {} });
    channel = createTelegramChannel({
      bot: openTelegramBot({ token: '123456:TEST', apiRoot: api.apiRoot }),
      logger: silentLogger,
      mode: { kind: 'polling' },
      sleep: async () => {},
    });
    app = buildApp({ db, config, logger: silentLogger, vault, channels: [channel] });
    await channel.start((m) => app.bot.handle(channel, m));
  });

  afterEach(async () => {
    await channel.stop();
    await app.stop();
    db.close();
    await api.close();
    tmp.cleanup();
  });

  /** Sends a text and waits for `n` more bot messages to that chat; returns their texts. */
  async function say(text: string, n = 1): Promise<string[]> {
    const before = api.sent.filter((m) => m.chatId === String(CHAT)).length;
    api.pushText(CHAT, text, { firstName: 'Wati' });
    const all = await api.waitForMessages(CHAT, before + n).catch((e) => {
      throw new Error(
        `${e.message}; transcript:\n${api.sent.map((m) => m.text?.slice(0, 60)).join('\n---\n')}\nrequests: ${api.requests
          .filter((r) => r.method !== 'getUpdates')
          .map((r) => `${r.method} ${String(r.params.text ?? '').slice(0, 30)}`)
          .join(' | ')}`,
      );
    });
    return all.slice(before).map((m) => m.text ?? '');
  }

  it('greets /start with an unknown deep-link code politely and shows the menu as a keyboard', async () => {
    const [greet, menu] = await say('/start NOPE-123', 2);
    expect(greet).toContain('selamat datang di *daftarin*');
    expect(menu).toContain('Balas dengan angka menu');
    const keyboard = api.sent.at(-1)?.replyMarkup as { keyboard: { text: string }[][]; one_time_keyboard: boolean };
    expect(keyboard.one_time_keyboard).toBe(true);
    expect(keyboard.keyboard[0]?.[0]?.text).toBe('Daftarkan pekerja (ART, sopir, tukang bakso, dll.)');
    expect(db.prepare('SELECT arrived_via FROM users').get()).toEqual({ arrived_via: null });
  });

  it('runs a whole registration where tapping a button sends the label', async () => {
    await say('/start', 2);
    await say('Daftarkan pekerja (ART, sopir, tukang bakso, dll.)');
    await say('Ya, sudah setuju');
    await say('Ojek / ojol');
    await say('Wati Lestari');
    await say('3201015708850002');
    await say('Ya');
    await say('0813 1111 2222');
    await say('Ya, nomor milik pekerja');
    await say('sukamaju cibeber');
    await say('1');
    await say('Rp1.000.000');
    await say('Tidak, JKK + JKM saja');
    await say('1 bulan');
    const summary = await say('Saya (pendaftar)', 3);
    expect(summary[0]).toContain('👤 Wati Lestari');
    const done = await say('Kirim pendaftaran', 2);
    expect(done[0]).toMatch(/Kode rujukan: \*DFT-/);
    expect(db.prepare('SELECT referrer_key, worker_name, gender FROM referrals').get()).toEqual({
      referrer_key: `telegram:${CHAT}`,
      worker_name: 'Wati Lestari',
      gender: 'P',
    });
  });

  it('marks a user who blocked the bot (403) unreachable, and reachable again when they write', async () => {
    await say('halo', 2);
    api.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    const sends = api.calls('sendMessage').length;
    api.pushText(CHAT, 'menu');
    // The 403 has been served once the reply's sendMessage reached the server; the turn is then in flight, and idle() waits it out.
    await api.waitForCalls('sendMessage', sends + 1);
    await app.bot.idle();
    expect((db.prepare('SELECT unreachable_at FROM users').get() as { unreachable_at: number | null }).unreachable_at).not.toBeNull();
    await say('menu');
    expect(db.prepare('SELECT unreachable_at FROM users').get()).toEqual({ unreachable_at: null });
  });

  it('retries a 429 after retry_after and still answers', async () => {
    await say('halo', 2);
    api.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests', parameters: { retry_after: 1 } });
    const r = await say('bantuan', 2);
    expect(r[0]).toContain('*kembali*');
  });
});
