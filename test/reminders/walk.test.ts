import { describe, expect, it } from 'vitest';
import { days, jakarta, reminderAppPerTest } from './setup.ts';

/**
 * Fourteen months on an injected clock, August 2026 to September 2027: the offer, monthly reminders with the
 * amounts of each month (the transport discount ends 31 March 2027), a payment import, lapse warnings in order,
 * "sudah bayar", "berhenti pengingat", and `reminders preview` against what is then sent.
 */
describe('reminders over fourteen months', () => {
  const appOf = reminderAppPerTest();

  it('reminds on the right days with the right amounts, stops on payment and opt-out, and warns of a lapse in order', async () => {
    const app = appOf();
    const { channel, clock } = app;
    await channel.say('halo');
    await channel.say('halo', { chatId: 'u2' });
    app.registerWorker('test:u1', 'Budi Santoso', '12345678901');
    const sari = app.registerWorker('test:u1', 'Sari Dewi', '10987654321');
    app.registerWorker('test:u2', 'Joko', '11111111111');

    // The notice says registered; the next tick offers reminders, once per person.
    await app.tick();
    const offer = 'Mau saya ingatkan tiap bulan sebelum tanggal 15';
    expect(channel.transcript('u1').filter((m) => m.startsWith(offer))).toHaveLength(1);
    expect(channel.transcript('u2').filter((m) => m.startsWith(offer))).toHaveLength(1);
    expect(await channel.say('ya')).toEqual([
      'Baik, saya akan mengingatkan tiap tanggal 10 (batas bayar tanggal 15) untuk pekerja yang sudah terdaftar. Berhenti kapan saja dengan *berhenti pengingat*.',
    ]);
    expect(await channel.say('tidak', { chatId: 'u2' })).toEqual([
      'Baik, tidak ada pengingat. Kalau berubah pikiran, ketik *ingatkan saya*.',
    ]);

    const sent: { date: string; text: string }[] = [];
    const mismatches: string[] = [];
    for (const date of days('2026-08-04', '2027-09-30')) {
      if (date === '2026-08-12') {
        clock.ms = jakarta(date, 9);
        const r = app.importPayments(['123.4567.8901,2026-09-30', '99999999999,2026-09']);
        expect(r.out).toEqual(['1 payment(s) recorded; 1 line(s) skipped (above).']);
        expect(r.err).toEqual(['line 3: no registered referral has KPJ 99999999999']);
      }
      if (date === '2027-05-05') {
        clock.ms = jakarta(date, 9);
        const [reply] = await channel.say(`sudah bayar ${sari}`);
        expect(reply).toBe(
          'Dicatat: iuran Mei 2027 untuk Sari Dewi sudah dibayar — *pernyataan sendiri*, belum dari data BPJS. Pengingat bulan ini tidak dikirim untuknya.',
        );
      }
      if (date === '2027-06-20') {
        clock.ms = jakarta(date, 9);
        expect(await channel.say('berhenti pengingat')).toEqual([
          'Pengingat iuran dan pengingat pendaftaran dihentikan. Ketik *ingatkan saya* untuk mulai lagi.',
        ]);
      }
      // Night: nothing goes out, whatever is due.
      clock.ms = jakarta(date, 3);
      expect((await app.tick()).queued).toEqual([]);
      const preview = app.preview(date);
      clock.ms = jakarta(date, 10);
      const before = channel.sent.length;
      await app.tick();
      for (const s of channel.sent.slice(before)) {
        const text = s.reply.text;
        sent.push({ date, text: `${s.chatId}: ${text}` });
        if (!preview.some((p) => p.endsWith(`\n${text}`))) mismatches.push(`${date}: ${text}`);
      }
      expect(preview.at(-1)).toContain(`${channel.sent.length - before} message(s) would go out on ${date}`);
    }
    expect(mismatches).toEqual([]);
    // u2 declined: nothing ever.
    expect(sent.filter((s) => s.text.startsWith('u2:'))).toEqual([]);

    const reminders = sent.filter((s) => s.text.includes('Pengingat iuran BPJS Ketenagakerjaan bulan'));
    expect(reminders.map((r) => r.date)).toEqual([
      '2026-08-10',
      '2026-09-10', // Sari only: Budi is paid through September
      '2026-10-10',
      '2026-11-10',
      '2026-12-10',
      '2027-01-10',
      '2027-02-10', // Sari only: Budi's membership is inactive
      '2027-03-10',
      '2027-04-10',
      // May: Sari's "sudah bayar"; Budi inactive.
      '2027-06-10',
      // 20 June: berhenti pengingat.
    ]);
    const byDate = (d: string) => reminders.find((r) => r.date === d)?.text ?? '';
    expect(byDate('2026-08-10')).toBe(
      [
        'u1: ⏰ Pengingat iuran BPJS Ketenagakerjaan bulan Agustus 2026, paling lambat 15 Agustus 2026:',
        '• Budi Santoso (KPJ 12345678901): Rp8.400 (sudah termasuk diskon 50% PP 50/2025)',
        '• Sari Dewi (KPJ 10987654321): Rp8.400 (sudah termasuk diskon 50% PP 50/2025)',
        '',
        'Bayar lewat JMO, aplikasi bank (menu BPJSTK Iuran BPU), DANA, GoPay, ShopeePay, Tokopedia, Pegadaian, agen Perisai atau kantor cabang, dengan nomor KPJ atau NIK di KTP pekerja.',
        'Sudah bayar? Balas *sudah bayar*. Tidak mau diingatkan lagi: *berhenti pengingat*.',
      ].join('\n'),
    );
    expect(byDate('2026-09-10')).not.toContain('Budi');
    expect(byDate('2027-02-10')).not.toContain('Budi');
    // The transport discount ends 31 March 2027: March still discounted, April the full Rp16.800.
    expect(byDate('2027-03-10')).toContain('• Sari Dewi (KPJ 10987654321): Rp8.400 (sudah termasuk diskon 50% PP 50/2025)');
    expect(byDate('2027-04-10')).toContain('• Sari Dewi (KPJ 10987654321): Rp16.800\n');
    expect(byDate('2027-04-10')).toContain('paling lambat 15 April 2027');

    const lapses = sent.filter((s) => s.text.includes('Kabar iuran BPJS Ketenagakerjaan'));
    expect(lapses.map((l) => [l.date, l.text.split('\n')[1]])).toEqual([
      ['2026-10-16', '• Budi Santoso: iuran Oktober 2026 belum tercatat.'],
      [
        '2026-11-16',
        '• Budi Santoso: iuran 2 bulan berturut-turut belum tercatat. Jika lebih dari 3 bulan tidak dibayar, kepesertaan menjadi tidak aktif.',
      ],
      [
        '2026-12-16',
        '• Budi Santoso: iuran 3 bulan berturut-turut belum tercatat — satu bulan lagi kepesertaan tidak aktif. Bayar sebelum tanggal 15 agar tetap terlindungi.',
      ],
      [
        '2027-01-16',
        '• Budi Santoso: iuran lebih dari 3 bulan belum tercatat, jadi kepesertaan tidak aktif: kecelakaan kerja dan kematian sekarang tidak ditanggung.',
      ],
      // Sari has payment data only from her own "sudah bayar" for May: June unpaid is noted once.
      ['2027-06-16', '• Sari Dewi: iuran Juni 2027 belum tercatat.'],
    ]);
    // Whether a lapsed member can resume is unconfirmed: said so, with Contact Center 175.
    expect(lapses[3]?.text).toContain('belum pasti. Tanyakan ke Contact Center BPJS Ketenagakerjaan 175');
    // Nothing after berhenti pengingat.
    expect(sent.filter((s) => s.date > '2027-06-20')).toEqual([]);
  });
});
