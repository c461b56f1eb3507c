import { describe, expect, it } from 'vitest';
import { runReminders } from '../../src/jobs/reminder-scheduler.ts';
import { outboxStore } from '../../src/store/outbox.ts';
import { reminderJobStore } from '../../src/store/reminder-jobs.ts';
import { FakeChannel } from '../support/fake-channel.ts';
import { jakarta, type reminderApp, reminderAppPerTest } from './setup.ts';

const NUDGE = 'Pendaftaran BPJS Ketenagakerjaan yang Kakak mulai belum selesai.';

describe('nudges for unfinished registrations', () => {
  const appOf = reminderAppPerTest();

  /** Ticks every 15 minutes from `from` for `hours`, delivering on both channels; returns when each chat got a nudge. */
  async function walk(app: ReturnType<typeof reminderApp>, wa: FakeChannel, from: number, hours: number) {
    const at: Record<string, string[]> = {};
    for (let ms = from; ms <= from + hours * 3_600_000; ms += 15 * 60_000) {
      app.clock.ms = ms;
      const r = await app.tick({}, [app.channel, wa]);
      for (const m of r.queued.filter((q) => q.kind === 'nudge'))
        at[m.chatId] = [...(at[m.chatId] ?? []), new Date(ms + 7 * 3_600_000).toISOString().slice(0, 16)];
    }
    return at;
  }

  it('sends one nudge, NUDGE_AFTER_HOURS after the last message, in daytime, never twice, never after berhenti', async () => {
    const app = appOf();
    const wa = new FakeChannel('whatsapp');
    void wa.start((m) => app.app.bot.handle(wa, m));
    // 09:00 WIB: +20 h is 05:00, night, so the nudge waits for 08:00.
    app.clock.ms = jakarta('2026-08-03', 9);
    await app.channel.say('daftar', { chatId: 'early' });
    await wa.say('daftar', { chatId: '62811' });
    // 13:00 WIB: +20 h is 09:00 the next day, daytime.
    app.clock.ms = jakarta('2026-08-03', 13);
    await app.channel.say('daftar', { chatId: 'noon' });
    // 03:30 WIB: +20 h is 23:30; the next daytime hour is 28.5 h after: too late on WhatsApp only.
    app.clock.ms = jakarta('2026-08-03', 3) + 30 * 60_000;
    await app.channel.say('daftar', { chatId: 'night' });
    await wa.say('daftar', { chatId: '62812' });
    // Said berhenti (all messages), or berhenti pengingat at the menu: no nudge.
    app.clock.ms = jakarta('2026-08-03', 10);
    await app.channel.say('daftar', { chatId: 'stop' });
    await app.channel.say('berhenti', { chatId: 'stop' });
    await app.channel.say('daftar', { chatId: 'stop2' });
    await app.channel.say('menu', { chatId: 'stop2' });
    expect(await app.channel.say('berhenti pengingat', { chatId: 'stop2' })).toEqual([
      'Pengingat iuran dan pengingat pendaftaran dihentikan. Ketik *ingatkan saya* untuk mulai lagi.',
    ]);

    const nudged = await walk(app, wa, jakarta('2026-08-03', 11), 24 * 4);
    expect(nudged).toEqual({
      early: ['2026-08-04T08:00'],
      '62811': ['2026-08-04T08:00'],
      noon: ['2026-08-04T09:00'],
      night: ['2026-08-04T08:00'],
    });
    expect(app.channel.transcript('early').at(-1)).toBe(
      `${NUDGE} Ketik *menu* lalu pilih *Lanjutkan* untuk meneruskan dari pertanyaan terakhir. Tidak mau diingatkan? Balas *berhenti pengingat*.`,
    );
    expect(wa.transcript('62811').at(-1)).toContain(NUDGE);
    expect(wa.transcript('62812').some((m) => m.includes(NUDGE))).toBe(false);
    expect(app.channel.transcript('stop').some((m) => m.includes(NUDGE))).toBe(false);
    expect(app.channel.transcript('stop2').some((m) => m.includes(NUDGE))).toBe(false);
  });
});

describe('opting out of reminders', () => {
  const appOf = reminderAppPerTest({}, async (app) => {
    await app.channel.say('halo');
  });

  it('someone who said berhenti before anything was registered is never offered reminders', async () => {
    const app = appOf();
    await app.channel.say('berhenti');
    app.registerWorker('test:u1', 'Budi', '12345678901');
    await app.tick();
    expect(app.channel.transcript().some((m) => m.startsWith('Mau saya ingatkan'))).toBe(false);
    app.clock.ms = jakarta('2026-08-10');
    expect((await app.tick()).queued).toEqual([]);
  });

  it('a reminder queued but not yet delivered is left out when the person says berhenti pengingat', async () => {
    const app = appOf();
    app.registerWorker('test:u1', 'Budi', '12345678901');
    await app.channel.say('ingatkan saya');
    app.clock.ms = jakarta('2026-08-10');
    const queued = runReminders(app.db, app.settings, app.clock.ms).queued;
    expect(queued.map((m) => m.kind)).toEqual(['reminder']);
    await app.channel.say('berhenti pengingat');
    await app.tick();
    expect(app.channel.transcript().some((m) => m.includes('Pengingat iuran BPJS'))).toBe(false);
    const [job] = reminderJobStore(app.db).all();
    expect(outboxStore(app.db).byId(job?.outbox_id ?? -1)?.state).toBe('skipped');
  });

  it('a lapse warning queued before a berhenti is left out; "ingatkan saya" starts again; "tidak" to the offer is stored', async () => {
    const app = appOf();
    app.registerWorker('test:u1', 'Budi', '12345678901');
    await app.tick();
    expect(await app.channel.say('tidak')).toEqual(['Baik, tidak ada pengingat. Kalau berubah pikiran, ketik *ingatkan saya*.']);
    // A second "tidak" is no longer an answer to the offer: it goes to the menu as before.
    expect((await app.channel.say('tidak')).join('\n')).not.toContain('tidak ada pengingat');
    app.importPayments(['12345678901,2026-08']);
    app.clock.ms = jakarta('2026-09-16');
    expect((await app.tick()).queued).toEqual([]);
    await app.channel.say('ingatkan saya');
    expect(runReminders(app.db, app.settings, app.clock.ms).queued.map((m) => m.kind)).toEqual(['lapse']);
    await app.channel.say('berhenti');
    await app.tick();
    expect(app.channel.transcript().some((m) => m.includes('Kabar iuran'))).toBe(false);
    app.clock.ms = jakarta('2026-10-10');
    expect((await app.tick()).queued).toEqual([]);
  });

  it('"sudah bayar" without a registered worker, and with an unknown code, says so', async () => {
    const app = appOf();
    expect(await app.channel.say('sudah bayar')).toEqual(['Belum ada pekerja terdaftar (dengan nomor KPJ) dari Kakak yang bisa dicatat.']);
    app.registerWorker('test:u1', 'Budi', '12345678901');
    expect(await app.channel.say('sudah bayar DFT-22222')).toEqual([
      'Kode DFT-22222 tidak ada di antara pendaftaran Kakak yang sudah terdaftar.',
    ]);
    expect(await app.channel.say('ingatkan saya')).toHaveLength(1);
  });
});
