import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeIuran } from '../../src/domain/rates.ts';
import { formatMoney } from '../../src/i18n.ts';
import { startApp } from '../support/app.ts';
import { TestClock, tempDir } from '../support/harness.ts';

let tmp: ReturnType<typeof tempDir>;
let h: ReturnType<typeof startApp>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(async () => {
  await h.close();
  tmp.cleanup();
});

/** The app on a date (Jakarta noon), at the main menu. */
async function at(date: string) {
  h = startApp(tmp.dir, { clock: new TestClock(Date.parse(`${date}T05:00:00Z`)) });
  await h.channel.say('halo');
}

describe('the contribution calculator', () => {
  it('shows the transport discount with its end date while it runs', async () => {
    await at('2026-11-23');
    const occupations = await h.channel.say('hitung');
    expect(occupations[0]).toContain('Kita hitung iurannya');
    expect(occupations[0]).toContain('5. Ojek / ojol');
    expect((await h.channel.say('5'))[0]).toContain('1. Rp1.000.000');
    expect((await h.channel.say('1'))[0]).toContain('Tambah *JHT*');
    expect((await h.channel.say('2'))[0]).toContain('berapa bulan sekaligus');
    const r = await h.channel.say('1');
    expect(r).toHaveLength(2);
    expect(r[0]).toContain('🧮 *Hitungan iuran*\nOjek / ojol · penghasilan Rp1.000.000');
    expect(r[0]).toContain('• JKK (kecelakaan kerja): Rp10.000\n• JKM (kematian): Rp6.800\n• JHT: tidak ikut');
    expect(r[0]).toContain('• Diskon 50% JKK + JKM: −Rp8.400\n= *Rp8.400/bulan*');
    expect(r[0]).toContain('Diskon PP 50/2025 berlaku sampai 31 Maret 2027');
    expect(r[0]).toContain('Dihitung per 23 November 2026');
    expect(r[0]).not.toContain('perkiraan');
    expect(r[1]).toContain('Mau langsung daftar dengan pilihan ini?');
  });

  it('charges the full price once the discount has ended', async () => {
    await at('2027-05-01');
    await h.script('hitung', '5', '1', '2');
    const r = await h.channel.say('12');
    expect(r[0]).toContain('= *Rp16.800/bulan*');
    expect(r[0]).toContain('Bayar 12 bulan: *Rp201.600*');
    expect(r[0]).not.toContain('Diskon');
  });

  it('marks an unverified income row as perkiraan and counts the discounted months of a long period', async () => {
    await at('2026-11-23');
    await h.script('hitung', '3', '2', '1');
    const r = await h.channel.say('6 bulan');
    const expected = computeIuran({
      date: '2026-11-23',
      sector: 'other',
      incomeBase: 1_500_000,
      jht: true,
      payer: 'self',
      periodMonths: 6,
    });
    expect(r[0]).toContain('🧮 *Perkiraan iuran*\nTukang bakso / pedagang keliling · penghasilan Rp1.500.000');
    expect(r[0]).toContain(`= *${formatMoney(expected.monthly)}/bulan*`);
    expect(r[0]).toContain(`Bayar 6 bulan: *${formatMoney(expected.period)}*`);
    // Other sectors: discounted in November and December 2026 only.
    expect(r[0]).toContain('sampai 31 Desember 2026) berlaku untuk 2 dari 6 bulan');
    // Two independent reports of PP 50/2025's text: no single-source caveat any more.
    expect(r[0]).not.toContain('baru dari satu sumber');
    expect(r[0]).toContain('Ini *perkiraan*');
  });

  it('classifies a typed occupation for the discount', async () => {
    await at('2027-01-15');
    await h.script('hitung', '11');
    await h.script('supir truk', '1', '2');
    const r = await h.channel.say('1');
    expect(r[0]).toContain('supir truk · penghasilan Rp1.000.000');
    expect(r[0]).toContain('= *Rp8.400/bulan*');
    await h.script('3');
    // A vendor in the same month pays the full price: their window closed in December 2026.
    await h.script('hitung', '4', '1', '2');
    expect((await h.channel.say('1'))[0]).toContain('= *Rp16.800/bulan*');
  });

  it('goes back a question with "kembali" and explains a wrong answer', async () => {
    await at('2026-11-23');
    await h.script('hitung', '5');
    expect((await h.channel.say('99'))[0]).toContain('angka 1 sampai 6');
    expect((await h.channel.say('kembali'))[0]).toContain('Apa pekerjaannya?');
  });

  it('hands the choices to registration when the user wants to register', async () => {
    await at('2026-11-23');
    await h.script('hitung', '5', '6', '1');
    await h.channel.say('6');
    const consent = await h.channel.say('1');
    expect(consent[0]).toContain('pekerja harus *setuju*');
    const row = h.db.prepare("SELECT input FROM flow_states WHERE flow_id = 'registration'").get() as { input: string };
    expect(JSON.parse(row.input)).toEqual({
      forWhom: 'other',
      prefill: { occupation: 'ojek', sector: 'transport', incomeBase: 20_700_000, jht: true, periodMonths: 6 },
    });
    expect(h.db.prepare("SELECT count(*) AS n FROM flow_states WHERE flow_id = 'calculator'").get()).toEqual({ n: 0 });
    // The calculator's answers are not asked again: consent leads straight to the name, the village to the payer.
    expect((await h.channel.say('ya'))[0]).toContain('*nama lengkap* pekerja');
    await h.script('Budi Santoso', '3201011708850001', 'ya', '081234567890', '1', 'sukamaju cibeber');
    expect((await h.channel.say('1'))[0]).toContain('Siapa yang akan membayar iuran Budi Santoso?');
    const summary = await h.channel.say('1');
    expect(summary[0]).toContain('🧰 Ojek / ojol');
    expect(summary[0]).toContain('JKK + JKM + JHT');
    // Ojek: discounted until March 2027, so 5 of the 6 months cost less, and the summary says so.
    expect(summary[0]).toContain('5 bulan × Rp520.900 (diskon s.d. 31 Maret 2027) + 1 bulan × Rp627.800 = *Rp3.232.300*');
  });

  it('registers oneself from the offer, or ends politely', async () => {
    await at('2026-11-23');
    await h.script('hitung', '7', '1', '2', '1');
    expect((await h.channel.say('2'))[0]).toContain('Kakak setuju?');
    await h.script('batal', 'ya');
    await h.script('hitung', '7', '1', '2', '1');
    const no = await h.channel.say('3');
    expect(no[0]).toContain('Ketik *hitung* kapan saja');
    expect(h.db.prepare("SELECT count(*) AS n FROM flow_states WHERE flow_id = 'calculator'").get()).toEqual({ n: 0 });
  });
});
