import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWhatsAppChannel } from '../../src/channels/whatsapp.ts';
import { drainOutbox, startOutboxRunner } from '../../src/delivery/outbox-runner.ts';
import { silentLogger } from '../../src/log.ts';
import { outboxStore } from '../../src/store/outbox.ts';
import { FakeWhatsAppClient } from '../support/fake-whatsapp-client.ts';
import { tempDir } from '../support/harness.ts';
import { supervisedApp } from './supervised-app.ts';

const SITI = '6281298765432@c.us';
/** No pacing, so the test sees delivery as soon as the channel is up (pacing has its own tests). */
const NO_PACING = { limits: { whatsapp: {} }, intervalMs: 5 };

describe('WhatsApp that fails to start and later disconnects (Client-shaped fake, manual timer)', () => {
  let tmp: ReturnType<typeof tempDir>;
  let client: FakeWhatsAppClient;
  let bot: ReturnType<typeof supervisedApp>;

  const whatsapp = () => bot.supervised;
  const health = () => bot.health();
  const notice = (text: string) => outboxStore(bot.db).enqueue('whatsapp', SITI, text, bot.timer.clock());

  beforeEach(() => {
    tmp = tempDir();
    client = new FakeWhatsAppClient();
    client.initializeFailures.push(
      new Error('net::ERR_NAME_NOT_RESOLVED at https://web.whatsapp.com/'),
      new Error('net::ERR_INTERNET_DISCONNECTED at https://web.whatsapp.com/'),
    );
    const channel = createWhatsAppChannel({ client, logger: silentLogger, replyDelayMs: 0, printQr: () => undefined });
    bot = supervisedApp(tmp.dir, channel, { CHANNELS: 'whatsapp,terminal' });
  });

  afterEach(async () => {
    await bot.stop();
    tmp.cleanup();
  });

  const start = () => bot.start();

  it('comes up on the third initialize(), the terminal answering all along; the outbox waits instead of spending attempts', async () => {
    expect(health().body.channels.whatsapp?.state).toBe('starting');
    start();
    expect(await whatsapp().reached('retrying')).toMatchObject({
      failures: 1,
      lastError: expect.stringContaining('ERR_NAME_NOT_RESOLVED'),
    });
    expect(await bot.terminal.say('halo', 'Balas dengan angka menu')).toContain('selamat datang');

    const id = notice('Pendaftaran DFT-7K3Q9 sudah terdaftar.');
    expect(health().body.channels.whatsapp?.outboxBacklog).toBe(1);
    expect(await drainOutbox(bot.db, bot.supervisor.channels, silentLogger, NO_PACING)).toBe(0);
    expect(outboxStore(bot.db).byId(id)).toMatchObject({ state: 'pending', attempts: 0 });

    expect(await bot.timer.fireNext()).toBe(500);
    await bot.timer.untilWaiting();
    expect(whatsapp().status()).toMatchObject({
      state: 'retrying',
      failures: 2,
      lastError: expect.stringContaining('ERR_INTERNET_DISCONNECTED'),
    });
    expect(await bot.terminal.say('bantuan', '*kembali*')).toContain('*kembali*');

    expect(await bot.timer.fireNext()).toBe(1_000);
    await whatsapp().reached('up');
    expect(client.initializeCalls).toBe(3);
    expect(health().httpStatus).toBe(200);

    const runner = startOutboxRunner(bot.db, bot.supervisor.channels, silentLogger, NO_PACING);
    const [delivered] = await client.waitForSends(SITI, 1);
    expect(delivered?.content).toBe('Pendaftaran DFT-7K3Q9 sudah terdaftar.');
    await runner.stop();
    expect(outboxStore(bot.db).byId(id)).toMatchObject({ state: 'sent', attempts: 1 });
    expect(health().body.channels.whatsapp?.outboxBacklog).toBe(0);
  });

  it('reconnects after a disconnect; the outbox pauses while it is down and resumes after', async () => {
    client.initializeFailures.length = 0;
    start();
    await whatsapp().reached('up');
    client.receive(SITI, 'halo');
    expect(String((await client.waitForSends(SITI, 1))[0]?.content)).toContain('selamat datang');
    await bot.app.bot.idle();
    const sendsBefore = client.sent.length;

    client.disconnect('NAVIGATION');
    expect(await whatsapp().reached('retrying')).toMatchObject({ lastError: 'whatsapp disconnected: NAVIGATION' });
    expect(health().httpStatus).toBe(503);
    const runner = startOutboxRunner(bot.db, bot.supervisor.channels, silentLogger, NO_PACING);
    const id = notice('Pengumuman: pertemuan RT Sabtu pagi.');
    expect(await bot.terminal.say('bantuan', '*kembali*')).toContain('*kembali*');
    expect(client.sent.length).toBe(sendsBefore);
    expect(outboxStore(bot.db).byId(id)).toMatchObject({ state: 'pending', attempts: 0 });

    await bot.timer.fireNext();
    await whatsapp().reached('up');
    expect(client.initializeCalls).toBe(2);
    expect(client.destroyCalls).toBe(1);
    const sends = await client.waitForSends(SITI, sendsBefore + 1);
    expect(sends.at(-1)?.content).toBe('Pengumuman: pertemuan RT Sabtu pagi.');
    await runner.stop();
    expect(outboxStore(bot.db).byId(id)).toMatchObject({ state: 'sent', attempts: 1 });

    client.receive(SITI, 'bantuan');
    expect(String((await client.waitForSends(SITI, sends.length + 1)).at(-1)?.content)).toContain('*kembali*');
  });

  it('says on /healthz that it waits for the login QR code, and is up once it is scanned', async () => {
    client.initializeFailures.length = 0;
    client.autoReady = false;
    start();
    await bot.terminal.say('halo', 'Balas dengan angka menu');
    client.emit('qr', '2@abcDEF123,xyz456,uvw789,1');
    expect(health().body.channels.whatsapp).toMatchObject({
      state: 'starting',
      lastError: 'waiting for the login QR code to be scanned (Linked devices)',
    });
    expect(health().httpStatus).toBe(503);
    client.emit('ready');
    await whatsapp().reached('up');
    expect(health().httpStatus).toBe(200);
  });
});
