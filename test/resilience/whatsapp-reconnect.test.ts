import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { type ChannelSupervisor, superviseChannels } from '../../src/channels/supervisor.ts';
import { createWhatsAppChannel } from '../../src/channels/whatsapp.ts';
import { loadConfig } from '../../src/config.ts';
import { drainOutbox, startOutboxRunner } from '../../src/delivery/outbox-runner.ts';
import { openVault } from '../../src/domain/vault.ts';
import { healthReport } from '../../src/health/report.ts';
import { silentLogger } from '../../src/log.ts';
import { type Db, openDatabase } from '../../src/store/db.ts';
import { outboxStore } from '../../src/store/outbox.ts';
import { TEST_DATA_KEY } from '../support/app.ts';
import { FakeWhatsAppClient } from '../support/fake-whatsapp-client.ts';
import { tempDir } from '../support/harness.ts';
import { ManualTimer } from './manual-timer.ts';
import { terminalOnStreams } from './terminal-streams.ts';

const SITI = '6281298765432@c.us';
/** No pacing, so the test sees delivery as soon as the channel is up (pacing has its own tests). */
const NO_PACING = { limits: { whatsapp: {} }, intervalMs: 5 };

describe('WhatsApp that fails to start and later disconnects (Client-shaped fake, manual timer)', () => {
  let tmp: ReturnType<typeof tempDir>;
  let client: FakeWhatsAppClient;
  let db: Db;
  let timer: ManualTimer;
  let terminal: ReturnType<typeof terminalOnStreams>;
  let supervisor: ChannelSupervisor;
  let app: ReturnType<typeof buildApp>;

  const whatsapp = () => supervisor.channels[0] as NonNullable<ChannelSupervisor['channels'][0]>;
  const health = () => healthReport(supervisor.statuses(), outboxStore(db).backlog(), timer.clock());
  const notice = (text: string) => outboxStore(db).enqueue('whatsapp', SITI, text, timer.clock());

  beforeEach(() => {
    tmp = tempDir();
    timer = new ManualTimer();
    const config = loadConfig({ CHANNELS: 'whatsapp,terminal', DATABASE_PATH: `${tmp.dir}/d.db`, DATA_KEY: TEST_DATA_KEY });
    db = openDatabase(config.DATABASE_PATH);
    const vault = openVault({ dataKeyHex: TEST_DATA_KEY, keyFile: `${tmp.dir}/k`, warn: () => {} });
    client = new FakeWhatsAppClient();
    client.initializeFailures.push(
      new Error('net::ERR_NAME_NOT_RESOLVED at https://web.whatsapp.com/'),
      new Error('net::ERR_INTERNET_DISCONNECTED at https://web.whatsapp.com/'),
    );
    const channel = createWhatsAppChannel({ client, logger: silentLogger, replyDelayMs: 0, printQr: () => undefined });
    terminal = terminalOnStreams();
    supervisor = superviseChannels([channel, terminal.channel], {
      logger: silentLogger,
      clock: timer.clock,
      sleep: timer.sleep,
      random: () => 0,
    });
    app = buildApp({ db, config, logger: silentLogger, vault, channels: supervisor.channels });
  });

  const start = () => supervisor.start((ch, m) => app.bot.handle(ch, m));

  afterEach(async () => {
    await app.stop();
    await supervisor.stop();
    db.close();
    tmp.cleanup();
  });

  it('comes up on the third initialize(), the terminal answering all along; the outbox waits instead of spending attempts', async () => {
    expect(health().body.channels.whatsapp?.state).toBe('starting');
    start();
    expect(await whatsapp().reached('retrying')).toMatchObject({
      failures: 1,
      lastError: expect.stringContaining('ERR_NAME_NOT_RESOLVED'),
    });
    expect(await terminal.say('halo', 'Balas dengan angka menu')).toContain('selamat datang');

    const id = notice('Pendaftaran DFT-7K3Q9 sudah terdaftar.');
    expect(health().body.channels.whatsapp?.outboxBacklog).toBe(1);
    expect(await drainOutbox(db, supervisor.channels, silentLogger, NO_PACING)).toBe(0);
    expect(outboxStore(db).byId(id)).toMatchObject({ state: 'pending', attempts: 0 });

    expect(await timer.fireNext()).toBe(500);
    await timer.untilWaiting();
    expect(whatsapp().status()).toMatchObject({
      state: 'retrying',
      failures: 2,
      lastError: expect.stringContaining('ERR_INTERNET_DISCONNECTED'),
    });
    expect(await terminal.say('bantuan', '*kembali*')).toContain('*kembali*');

    expect(await timer.fireNext()).toBe(1_000);
    await whatsapp().reached('up');
    expect(client.initializeCalls).toBe(3);
    expect(health().httpStatus).toBe(200);

    const runner = startOutboxRunner(db, supervisor.channels, silentLogger, NO_PACING);
    const [delivered] = await client.waitForSends(SITI, 1);
    expect(delivered?.content).toBe('Pendaftaran DFT-7K3Q9 sudah terdaftar.');
    await runner.stop();
    expect(outboxStore(db).byId(id)).toMatchObject({ state: 'sent', attempts: 1 });
    expect(health().body.channels.whatsapp?.outboxBacklog).toBe(0);
  });

  it('reconnects after a disconnect; the outbox pauses while it is down and resumes after', async () => {
    client.initializeFailures.length = 0;
    start();
    await whatsapp().reached('up');
    client.receive(SITI, 'halo');
    expect(String((await client.waitForSends(SITI, 1))[0]?.content)).toContain('selamat datang');
    await app.bot.idle();
    const sendsBefore = client.sent.length;

    client.disconnect('NAVIGATION');
    expect(await whatsapp().reached('retrying')).toMatchObject({ lastError: 'whatsapp disconnected: NAVIGATION' });
    expect(health().httpStatus).toBe(503);
    const runner = startOutboxRunner(db, supervisor.channels, silentLogger, NO_PACING);
    const id = notice('Pengumuman: pertemuan RT Sabtu pagi.');
    expect(await terminal.say('bantuan', '*kembali*')).toContain('*kembali*');
    expect(client.sent.length).toBe(sendsBefore);
    expect(outboxStore(db).byId(id)).toMatchObject({ state: 'pending', attempts: 0 });

    await timer.fireNext();
    await whatsapp().reached('up');
    expect(client.initializeCalls).toBe(2);
    expect(client.destroyCalls).toBe(1);
    const sends = await client.waitForSends(SITI, sendsBefore + 1);
    expect(sends.at(-1)?.content).toBe('Pengumuman: pertemuan RT Sabtu pagi.');
    await runner.stop();
    expect(outboxStore(db).byId(id)).toMatchObject({ state: 'sent', attempts: 1 });

    client.receive(SITI, 'bantuan');
    expect(String((await client.waitForSends(SITI, sends.length + 1)).at(-1)?.content)).toContain('*kembali*');
  });
});
