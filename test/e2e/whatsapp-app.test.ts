import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { createWhatsAppChannel } from '../../src/channels/whatsapp.ts';
import { loadConfig } from '../../src/config.ts';
import { openVault } from '../../src/domain/vault.ts';
import { silentLogger } from '../../src/log.ts';
import { communityStore } from '../../src/store/communities.ts';
import { type Db, openDatabase } from '../../src/store/db.ts';
import { TEST_DATA_KEY } from '../support/app.ts';
import { FakeWhatsAppClient } from '../support/fake-whatsapp-client.ts';
import { tempDir } from '../support/harness.ts';

const SITI = '6281298765432@c.us';

describe('daftarin on WhatsApp (adapter over a whatsapp-web.js Client fake)', () => {
  let tmp: ReturnType<typeof tempDir>;
  let client: FakeWhatsAppClient;
  let channel: ReturnType<typeof createWhatsAppChannel>;
  let db: Db;
  let app: ReturnType<typeof buildApp>;

  beforeEach(async () => {
    tmp = tempDir();
    const config = loadConfig({
      CHANNELS: 'whatsapp',
      WHATSAPP_NUMBER: '6281100000000',
      DATABASE_PATH: `${tmp.dir}/d.db`,
      DATA_KEY: TEST_DATA_KEY,
    });
    db = openDatabase(config.DATABASE_PATH);
    communityStore(db).create('BAKSO-CKK', 'Paguyuban Bakso Cikokol', 'test', 1);
    client = new FakeWhatsAppClient();
    channel = createWhatsAppChannel({ client, logger: silentLogger, replyDelayMs: 0, sleep: async () => {} });
    const vault = openVault({ dataKeyHex: TEST_DATA_KEY, keyFile: `${tmp.dir}/k`, warn: () => {} });
    app = buildApp({ db, config, logger: silentLogger, vault, channels: [channel] });
    await channel.start((m) => app.bot.handle(channel, m));
  });

  afterEach(async () => {
    await channel.stop();
    await app.stop();
    db.close();
    tmp.cleanup();
  });

  /** Receives a text and waits for `n` more replies to that chat; returns their texts. */
  async function say(text: string, n = 1): Promise<string[]> {
    const before = client.sent.filter((s) => s.chatId === SITI).length;
    client.receive(SITI, text);
    const all = await client.waitForSends(SITI, before + n);
    return all.slice(before).map((s) => String(s.content));
  }

  it('arrives through the wa.me "DAFTAR CODE" text and registers a worker without a phone on the referrer\'s number', async () => {
    const arrival = await say('DAFTAR BAKSO-CKK', 3);
    expect(arrival[1]).toContain('Paguyuban Bakso Cikokol');
    expect(arrival[2]).toContain('1. Ya, mau');
    await say('1', 2);
    await say('daftar');
    await say('ya');
    await say('3');
    await say('Asep Sunandar');
    await say('3201011708850001');
    expect((await say('ya'))[0]).toContain('ketik *tidak ada* — kami pakai nomor Kakak');
    expect((await say('tidak ada'))[0]).toContain('*desa/kelurahan*');
    await say('sukamaju cibeber');
    await say('1');
    await say('1');
    await say('2');
    await say('1');
    const summary = await say('1', 3);
    expect(summary[0]).toContain('📱 0812-9876-5432 (nomor pendaftar)');
    const done = await say('1', 4);
    expect(done[0]).toMatch(/Kode rujukan: \*DFT-/);
    expect(done[2]).toContain('https://wa.me/6281100000000?text=DAFTAR%20R-');
    expect(db.prepare('SELECT phone, phone_owner, referrer_key FROM referrals').get()).toEqual({
      phone: '+6281298765432',
      phone_owner: 'referrer',
      referrer_key: `whatsapp:${SITI}`,
    });
  });

  it('asks a sticker or voice note to be typed, without moving the flow', async () => {
    await say('halo', 2);
    await say('daftar');
    client.receive(SITI, '', { type: 'sticker' });
    const [notice, again] = (await client.waitForSends(SITI, 5)).slice(3).map((s) => String(s.content));
    expect(notice).toContain('hanya bisa membaca pesan teks');
    expect(again).toContain('Apakah pekerja sudah setuju?');
  });
});
