import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MessageMedia } from 'whatsapp-web.js';
import { ChannelError } from '../../src/channels/channel.ts';
import { createWhatsAppChannel, type WhatsAppClientLike } from '../../src/channels/whatsapp.ts';
import { silentLogger } from '../../src/log.ts';
import { FakeWhatsAppClient } from '../support/fake-whatsapp-client.ts';
import { tempDir } from '../support/harness.ts';
import { collector } from './contract.ts';

const BUDI = '6281234567890@c.us';

describe('whatsapp channel (fake whatsapp-web.js client)', () => {
  let client: FakeWhatsAppClient;
  let inbox: ReturnType<typeof collector>;
  let channel: ReturnType<typeof createWhatsAppChannel>;
  let sleep: ReturnType<typeof vi.fn<(ms: number, signal?: AbortSignal) => Promise<void>>>;
  let tmp: ReturnType<typeof tempDir>;
  const printQr = vi.fn((_qr: string) => undefined);

  beforeEach(async () => {
    tmp = tempDir('daftarin-wa-');
    client = new FakeWhatsAppClient() satisfies WhatsAppClientLike;
    sleep = vi.fn(async (_ms: number, _signal?: AbortSignal) => undefined);
    printQr.mockClear();
    channel = createWhatsAppChannel({
      client,
      logger: silentLogger,
      replyDelayMs: 1_000,
      random: () => 0.25,
      sleep,
      printQr,
      qrPngPath: join(tmp.dir, 'qr', 'whatsapp-login.png'),
    });
    inbox = collector();
    await channel.start(inbox.onMessage);
  });

  afterEach(async () => {
    await channel.stop();
    tmp.cleanup();
  });

  it('resolves start() only once the client is ready', async () => {
    const lazy = new FakeWhatsAppClient();
    lazy.autoReady = false;
    const ch = createWhatsAppChannel({ client: lazy, logger: silentLogger, replyDelayMs: 0, printQr });
    let started = false;
    const starting = ch
      .start(async () => undefined)
      .then(() => {
        started = true;
      });
    await vi.waitFor(() => expect(lazy.initializeCalls).toBe(1));
    expect(started).toBe(false);
    lazy.emit('ready');
    await starting;
    expect(started).toBe(true);
    await ch.stop();
  });

  it('stop() removes every listener it added to the client', async () => {
    const own = new FakeWhatsAppClient();
    const ch = createWhatsAppChannel({ client: own, logger: silentLogger, replyDelayMs: 0, printQr });
    await ch.start(async () => undefined);
    expect(own.eventNames()).toEqual(expect.arrayContaining(['qr', 'authenticated', 'auth_failure', 'ready', 'disconnected', 'message']));
    await ch.stop();
    expect(own.eventNames()).toEqual([]);
  });

  it('delivers text trimmed with the sender name and the serialized id', async () => {
    const m = client.receive(BUDI, '  Saya mau daftar  ');
    const [got] = await inbox.count(1);
    expect(got).toEqual({ chatId: BUDI, messageId: m.id._serialized, text: 'Saya mau daftar', name: 'Budi', kind: 'text' });
  });

  it('accepts @lid senders and ignores own messages, status updates, groups and other ids', async () => {
    client.receive(BUDI, 'dari saya sendiri', { fromMe: true });
    client.receive('status@broadcast', 'status baru');
    client.receive('120363025555555555@g.us', 'halo grup');
    client.receive('120363000000000000@newsletter', 'kabar saluran');
    client.receive('123456789012345@lid', 'halo dari lid');
    const got = await inbox.count(1);
    await new Promise((r) => setImmediate(r));
    expect(got.map((m) => m.text)).toEqual(['halo dari lid']);
  });

  it('flags stickers, photos, voice notes and documents as media; location and vcard by kind', async () => {
    for (const type of ['sticker', 'image', 'ptt', 'audio', 'video', 'document']) client.receive(BUDI, '', { type });
    client.receive(BUDI, '', { type: 'location' });
    client.receive(BUDI, 'BEGIN:VCARD', { type: 'vcard' });
    client.receive(BUDI, '', { type: 'e2e_notification' });
    const got = await inbox.count(8);
    expect(got.map((m) => m.kind)).toEqual(['media', 'media', 'media', 'media', 'media', 'media', 'location', 'contact']);
    expect(got.every((m) => m.text === '')).toBe(true);
  });

  it('drops a message id it has already seen', async () => {
    const m = client.message(BUDI, 'daftar');
    client.emit('message', m);
    client.emit('message', { ...m });
    client.receive(BUDI, 'lanjut');
    const got = await inbox.count(2);
    await new Promise((r) => setImmediate(r));
    expect(got.map((x) => x.text)).toEqual(['daftar', 'lanjut']);
  });

  it('sends to the chat with numbered choices, after a jittered pause', async () => {
    await channel.send(BUDI, { text: 'Pilih pekerjaanmu:', choices: ['Ojek online', 'Pedagang pasar'] });
    expect(client.sent).toEqual([{ chatId: BUDI, content: 'Pilih pekerjaanmu:\n\n1. Ojek online\n2. Pedagang pasar' }]);
    // 1000 ms × (0.5 + 0.25)
    expect(sleep).toHaveBeenCalledTimes(1);
    expect(sleep.mock.calls[0]?.[0]).toBe(750);
  });

  it('never sends faster than maxPerMinute across chats, each send still after its own pause', async () => {
    const paced = createWhatsAppChannel({
      client,
      logger: silentLogger,
      replyDelayMs: 1_000,
      maxPerMinute: 30,
      random: () => 0.25,
      now: () => 1_000_000,
      sleep,
    });
    sleep.mockClear();
    // Five chats answered at the same instant: sends are booked 2 s apart (30 a minute), the first after its 750 ms pause.
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((c) => paced.send(`62811000000${c}@c.us`, { text: 'halo' })));
    expect(sleep.mock.calls.map((c) => c[0])).toEqual([750, 2_750, 4_750, 6_750, 8_750]);
  });

  it('sends images and documents as MessageMedia with captions', async () => {
    const png = Buffer.from('89504e470d0a1a0a', 'hex');
    await channel.send(BUDI, { text: 'Kartu kamu:', image: { png, caption: 'Kartu BPJS' } });
    await channel.send(BUDI, { text: '', document: { content: Buffer.from('%PDF-1.4'), filename: 'bukti.pdf' } });
    expect(client.sent).toHaveLength(3);
    const image = client.sent[1];
    expect(image?.options).toEqual({ caption: 'Kartu BPJS' });
    expect(image?.content).toMatchObject({
      mimetype: 'image/png',
      data: png.toString('base64'),
      filename: 'image.png',
    } satisfies Partial<MessageMedia>);
    expect(client.sent[2]?.content).toMatchObject({ mimetype: 'application/pdf', filename: 'bukti.pdf' });
    expect(client.sent[2]?.options).toEqual({ sendMediaAsDocument: true });
    expect(sleep).toHaveBeenCalledTimes(3);
  });

  it('maps a failed send to a transient ChannelError', async () => {
    client.sendFailures.push(new Error('Evaluation failed: t: Error: Lid is missing in chat table'));
    const err = await channel.send(BUDI, { text: 'Halo' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelError);
    expect(err).toMatchObject({ code: 'transient' });
  });

  it('reports a disconnect to its supervisor, and a second start() re-initialises a fresh browser', async () => {
    const lostErrors: unknown[] = [];
    const fake = new FakeWhatsAppClient();
    const supervised = createWhatsAppChannel({ client: fake, logger: silentLogger, replyDelayMs: 0, printQr });
    const link = { lost: (err: unknown) => lostErrors.push(err) };
    await supervised.start(inbox.onMessage, link);
    fake.emit('disconnected', 'NAVIGATION');
    expect(lostErrors).toHaveLength(1);
    expect(String(lostErrors[0])).toContain('NAVIGATION');
    // No retry of its own: the supervisor decides when (backoff), by calling start() again.
    expect(fake.initializeCalls).toBe(1);
    await supervised.start(inbox.onMessage, link);
    expect(fake.initializeCalls).toBe(2);
    expect(fake.destroyCalls).toBe(1);
    fake.receive(BUDI, 'halo lagi');
    expect((await inbox.count(1))[0]?.text).toBe('halo lagi');
    await supervised.stop();
  });

  it('rejects start() when initialize() fails, and can be started again', async () => {
    const fake = new FakeWhatsAppClient();
    fake.initializeFailures.push(new Error('net::ERR_NAME_NOT_RESOLVED at https://web.whatsapp.com/'));
    const ch = createWhatsAppChannel({ client: fake, logger: silentLogger, replyDelayMs: 0, printQr });
    await expect(ch.start(async () => undefined)).rejects.toThrow('ERR_NAME_NOT_RESOLVED');
    await ch.start(async () => undefined);
    expect(fake.initializeCalls).toBe(2);
    await ch.stop();
  });

  it('stop() while waiting for the QR code to be scanned rejects the pending start and destroys the client', async () => {
    const pending = new FakeWhatsAppClient();
    pending.autoReady = false;
    const ch = createWhatsAppChannel({ client: pending, logger: silentLogger, replyDelayMs: 0, printQr });
    const starting = ch.start(async () => undefined);
    await vi.waitFor(() => expect(pending.initializeCalls).toBe(1));
    await ch.stop();
    await expect(starting).rejects.toThrow('stopped before it was ready');
    expect(pending.destroyCalls).toBe(1);
  });

  it('shows the QR code and writes it as a PNG', async () => {
    client.emit('qr', '2@abcDEF123,xyz456,uvw789,1');
    expect(printQr).toHaveBeenCalledWith('2@abcDEF123,xyz456,uvw789,1');
    const path = join(tmp.dir, 'qr', 'whatsapp-login.png');
    await vi.waitFor(() => expect(existsSync(path)).toBe(true));
    await vi.waitFor(() => expect(readFileSync(path).subarray(1, 4).toString('latin1')).toBe('PNG'));
  });
});
