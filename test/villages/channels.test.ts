import { join } from 'node:path';
import type { Telegraf } from 'telegraf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import type { Channel } from '../../src/channels/channel.ts';
import { createTelegramChannel, openTelegramBot } from '../../src/channels/telegram.ts';
import { createWhatsAppChannel } from '../../src/channels/whatsapp.ts';
import { loadConfig } from '../../src/config.ts';
import { openVault } from '../../src/domain/vault.ts';
import { ERROR_COLUMN } from '../../src/features/villages/columns.ts';
import { silentLogger } from '../../src/log.ts';
import { readSheet } from '../../src/reports/spreadsheet.ts';
import { type Db, openDatabase } from '../../src/store/db.ts';
import { TEST_DATA_KEY } from '../support/app.ts';
import { FakeBotApi } from '../support/fake-bot-api.ts';
import { FakeWhatsAppClient } from '../support/fake-whatsapp-client.ts';
import { tempDir } from '../support/harness.ts';
import { approvedDesa, rows, sheetFile } from './sheet.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PAK = 6_200_000_001;
const PAK_WA = '6281234500001@c.us';

let tmp: ReturnType<typeof tempDir>;
let db: Db;
let app: ReturnType<typeof buildApp>;

/** The production app on a temp database, talking through `channel`. */
function startWith(channel: Channel) {
  const config = loadConfig({ DATABASE_PATH: join(tmp.dir, 'daftarin.db'), DATA_KEY: TEST_DATA_KEY, LOG_LEVEL: 'silent' });
  db = openDatabase(config.DATABASE_PATH);
  const vault = openVault({ dataKeyHex: TEST_DATA_KEY, keyFile: join(tmp.dir, 'secret.key'), warn: () => {} });
  app = buildApp({ db, config, logger: silentLogger, vault, channels: [channel] });
}

const errorsIn = async (content: Buffer | undefined, format: 'xlsx' | 'csv') => {
  const sheet = await readSheet(content ?? Buffer.alloc(0), format, 400);
  const column = sheet.header.indexOf(ERROR_COLUMN);
  return { column, bad: sheet.rows.filter((r) => (r.cells[column] ?? '') !== '').length, rows: sheet.rows.length };
};

beforeEach(() => {
  tmp = tempDir();
});
afterEach(async () => {
  await app.stop();
  db.close();
  tmp.cleanup();
});

describe('a spreadsheet sent as a document', () => {
  let api: FakeBotApi;
  let bot: Telegraf;

  afterEach(async () => {
    await api.close();
  });

  it('on Telegram: fetched with getFile through apiRoot, answered with the summary and the error file', async () => {
    api = await FakeBotApi.start();
    bot = openTelegramBot({ token: '123456:TEST', apiRoot: api.apiRoot });
    const channel = createTelegramChannel({ bot, logger: silentLogger, mode: { kind: 'polling' } });
    startWith(channel);
    approvedDesa(db, `telegram:${PAK}`);
    await channel.start((m) => app.bot.handle(channel, m));
    try {
      api.pushText(PAK, 'unggah');
      const [ask] = await api.waitForMessages(PAK, 1);
      expect(ask?.text).toContain('Silakan kirim file daftar warga *Desa Sukamaju*');
      api.pushDocument(PAK, { name: 'warga.xlsx', mime: XLSX, content: await sheetFile(rows(300, true), 'xlsx') });
      await api.waitForCalls('sendDocument', 1, 10_000);
      const sent = await api.waitForMessages(PAK, 4);
      expect(api.calls('getFile')).toHaveLength(1);
      expect(sent[1]?.text).toContain('*287 baris siap*, *13 perlu diperbaiki* (dari 300 baris)');
      const file = sent.find((m) => m.method === 'sendDocument');
      expect(file?.file?.filename).toBe('perbaiki-warga.xlsx');
      expect(await errorsIn(FakeBotApi.fileContent(file ?? { method: '', chatId: '', messageId: 0 }), 'xlsx')).toEqual({
        column: 9,
        bad: 13,
        rows: 300,
      });
    } finally {
      await channel.stop();
    }
  });
});

describe('a spreadsheet sent as a WhatsApp document', () => {
  it('is downloaded with downloadMedia and answered with the summary and the error file', async () => {
    const client = new FakeWhatsAppClient();
    const channel = createWhatsAppChannel({ client, logger: silentLogger, replyDelayMs: 0 });
    startWith(channel);
    approvedDesa(db, `whatsapp:${PAK_WA}`);
    await channel.start((m) => app.bot.handle(channel, m));
    try {
      client.receive(PAK_WA, 'unggah');
      await client.waitForSends(PAK_WA, 1);
      client.receiveDocument(PAK_WA, { name: 'warga.csv', mime: 'text/csv', content: await sheetFile(rows(300, true), 'csv') });
      const sends = await client.waitForSends(PAK_WA, 4, 10_000);
      expect(String(sends[1]?.content)).toContain('*287 baris siap*, *13 perlu diperbaiki* (dari 300 baris)');
      const media = sends[2]?.content as { filename?: string; data: string; mimetype: string };
      expect(media.filename).toBe('perbaiki-warga.csv');
      expect(media.mimetype).toBe('text/csv');
      expect(await errorsIn(Buffer.from(media.data, 'base64'), 'csv')).toEqual({ column: 9, bad: 13, rows: 300 });
      expect(String(sends[3]?.content)).toContain('Lanjutkan dengan 287 baris yang siap?');
    } finally {
      await channel.stop();
    }
  });
});
