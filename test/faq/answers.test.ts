import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeIuran, discountInfo } from '../../src/domain/rates.ts';
import { answerFor } from '../../src/faq/answers.ts';
import { TOPIC_IDS } from '../../src/faq/topics.ts';
import { stripPersonalData } from '../../src/faq/unanswered.ts';
import { formatMoney, type Locale, t } from '../../src/i18n.ts';

const render = (topic: (typeof TOPIC_IDS)[number], today: string, locale: Locale = 'id') => {
  const s = answerFor(topic, { today, minAge: 15, maxAge: 65 });
  return t(locale, s.key, s.params);
};

describe('FAQ answers', () => {
  it.each(['2025-12-01', '2026-02-01', '2026-11-23', '2027-05-01'])('fill every placeholder and end with one next step on %s', (today) => {
    for (const topic of TOPIC_IDS)
      for (const locale of ['id', 'en'] as const) {
        const text = render(topic, today, locale);
        expect({ topic, locale, leftover: /\{\w+\}/.exec(text)?.[0] }).toEqual({ topic, locale, leftover: undefined });
        expect(text.split('\n').at(-1)).toMatch(locale === 'en' ? /\*(register|hitung|status)\*/ : /\*(daftar|hitung|status)\*/);
      }
  });

  it('types no rupiah amount into a locale text: figures come from the data', () => {
    for (const f of ['faq.id.json', 'faq.en.json']) {
      const texts = Object.values(
        JSON.parse(readFileSync(new URL(`../../locales/${f}`, import.meta.url), 'utf8')) as Record<string, string>,
      );
      for (const s of texts) expect(s).not.toMatch(/Rp\s?\d|\d+\.\d{3}|\d+ ?(juta|ribu|rb)\b/i);
    }
  });

  it('quotes the cost from the rate table', () => {
    const i = computeIuran({ date: '2027-05-01', sector: 'other', incomeBase: 1_000_000, jht: true, payer: 'self', periodMonths: 1 });
    const text = render('cost', '2027-05-01');
    expect(text).toContain(`= *${formatMoney(i.jkk + i.jkm)}/bulan*`);
    expect(text).toContain(`jadi ${formatMoney(i.jkk + i.jkm + i.jht)}/bulan`);
    expect(text).not.toContain('diskon');
  });

  it('shows the discounts while they run, with their end dates, and drops them after', () => {
    const both = render('discount', '2026-11-23');
    expect(both).toContain('Ojek/ojol, sopir, kurir, logistik: diskon 50% → *Rp8.400/bulan* (normal Rp16.800) sampai 31 Maret 2027');
    expect(both).toContain(
      'Pekerja lain (pedagang, ART, petani, dll.): diskon 50% → *Rp8.400/bulan* (normal Rp16.800) sampai 31 Desember 2026',
    );
    // The caveat follows the rate table's flag: an operator clears it once a second source confirms the dates.
    const singleSource = discountInfo('2026-11-23', 'other', 'self')?.singleSource;
    expect(both.includes('baru dari satu sumber')).toBe(singleSource === true);
    const transportOnly = render('discount', '2027-01-15');
    expect(transportOnly).toContain('sampai 31 Maret 2027');
    expect(transportOnly).not.toContain('Pekerja lain');
    const none = render('discount', '2027-04-01');
    expect(none).toContain('Saat ini tidak ada diskon');
    expect(render('cost', '2026-11-23')).toContain('Saat ini ada diskon');
    expect(render('cost', '2027-04-01')).not.toContain('diskon');
  });

  it('announces a discount that starts soon', () => {
    const text = render('discount', '2026-02-01');
    expect(text).toContain('Ojek/ojol, sopir, kurir, logistik: diskon 50% → *Rp8.400/bulan*');
    expect(text).toContain('Pekerja lain (pedagang, ART, petani, dll.): diskon 50% mulai 1 April 2026 sampai 31 Desember 2026');
  });

  it('states an unconfirmed fact once, as a friendly pointer to Contact Center 175, never as self-doubt', () => {
    for (const topic of ['jkm', 'late', 'eligibility'] as const) {
      const text = render(topic, '2026-11-23');
      expect(text.match(/Contact Center 175/g)).toHaveLength(1);
      expect(text).not.toMatch(/belum kami konfirmasi|belum bisa kami pastikan/);
    }
    expect(render('discount', '2026-11-23')).toContain('APBDes) belum pasti');
  });

  it('explains BPU in everyday words', () => {
    expect(render('about', '2026-11-23')).toContain(
      'BPU (Bukan Penerima Upah) artinya orang yang bekerja sendiri, tanpa gaji dari perusahaan',
    );
    expect(render('about', '2026-11-23', 'en')).toContain('people who work for themselves, without a salary from a company');
  });

  it('says ordinary illness is BPJS Kesehatan, not covered here, and that JKK covers diseases caused by work', () => {
    const text = render('health', '2026-11-23');
    expect(text).toContain('*tidak* ditanggung BPJS Ketenagakerjaan');
    expect(text).toContain('*BPJS Kesehatan* (JKN/KIS)');
    expect(text).toContain('penyakit akibat pekerjaan');
    expect(text).not.toContain('tanpa batas biaya');
  });
});

describe('numbers in the question', () => {
  const ask = (topic: 'cost' | 'eligibility', question: string, today = '2027-05-01', locale: Locale = 'id') => {
    const s = answerFor(topic, { today, minAge: 15, maxAge: 65, question });
    return t(locale, s.key, s.params);
  };

  it('answers an age against the configured limits', () => {
    expect(ask('eligibility', 'umur 66 bisa ikut')).toMatch(
      /^👉 Umur 66 tahun: belum bisa lewat daftarin — kami menerima sampai di bawah 65 tahun/,
    );
    expect(ask('eligibility', 'anak sy umur 14 udah kerja')).toMatch(
      /^👉 Umur 14 tahun: belum bisa lewat daftarin — kami menerima mulai 15 tahun/,
    );
    expect(ask('eligibility', 'umur 64 tahun masih boleh daftar?')).toMatch(/^👉 Umur 64 tahun: bisa/);
    const limits = answerFor('eligibility', { today: '2027-05-01', minAge: 18, maxAge: 60, question: 'umur 61 bisa?' });
    expect(t('id', limits.key, limits.params)).toContain('sampai di bawah 60 tahun');
    expect(ask('eligibility', 'siapa yang bisa ikut')).toMatch(/^🙋/);
  });

  it("answers an income with its bracket base and today's amount from the rate table", () => {
    const full = computeIuran({ date: '2027-05-01', sector: 'other', incomeBase: 1_000_000, jht: false, payer: 'self', periodMonths: 1 });
    expect(ask('cost', 'penghasilan cuma 500rb sebulan bayar berapa')).toMatch(
      new RegExp(
        `^👉 Untuk penghasilan Rp500\\.000/bulan, iuran dihitung dari Rp1\\.000\\.000: .* = \\*${formatMoney(full.monthly).replace('.', '\\.')}/bulan\\*\\.\n`,
      ),
    );
    const two = computeIuran({ date: '2027-05-01', sector: 'other', incomeBase: 2_000_000, jht: false, payer: 'self', periodMonths: 1 });
    expect(ask('cost', 'kalo income 1,5jt lebih dikit, misal gaji 1.800.000 iurannya')).toContain('iuran dihitung dari Rp1.500.000');
    expect(ask('cost', 'gaji Rp 2.000.000 iurannya')).toContain(`= *${formatMoney(two.monthly)}/bulan*. Ini perkiraan`);
    expect(ask('cost', 'sehari dapet 100rb, iurannya berapa')).toContain(
      '👉 Rp100.000/hari × 30 hari = Rp3.000.000/bulan. Iuran dihitung dari Rp3.000.000',
    );
  });

  it('shows the discount on the computed amount while it runs', () => {
    const text = ask('cost', 'penghasilan 1jt bayar berapa', '2026-11-23');
    expect(text).toContain('= *Rp8.400/bulan* (sudah diskon 50% sampai 31 Desember 2026; normal Rp16.800)');
  });

  it('applies the discount of the sector the question names', () => {
    // On 2027-01-15 only transport workers still have the discount.
    expect(ask('cost', 'sy ojol, penghasilan 1jt bayar berapa', '2027-01-15')).toContain('= *Rp8.400/bulan*');
    expect(ask('cost', 'sy pedagang, penghasilan 1jt bayar berapa', '2027-01-15')).toContain('= *Rp16.800/bulan*.');
  });

  it('reads incomes in words and in English', () => {
    expect(ask('cost', 'penghasilan sejuta iurannya brp')).toContain('Untuk penghasilan Rp1.000.000/bulan');
    expect(ask('cost', 'gaji setengah juta')).toContain('Untuk penghasilan Rp500.000/bulan');
    const en = answerFor('cost', { today: '2027-05-01', minAge: 15, maxAge: 65, question: 'how much if my income is 2 million' });
    expect(t('id', en.key, en.params)).toMatch(/^👉 For an income of Rp2\.000\.000\/month, the contribution is based on Rp2\.000\.000/);
  });

  it('reads no income from a price or a regulation number', () => {
    expect(ask('cost', 'iuran 3 bulan 50rb?')).toMatch(/^💳/);
    expect(ask('cost', 'pp 50 2025 iurannya berapa')).toMatch(/^💳/);
  });
});

describe('English questions', () => {
  it('are answered in English inside an Indonesian chat, Indonesian ones in Indonesian', () => {
    const en = answerFor('health', { today: '2026-11-23', minAge: 15, maxAge: 65, question: 'is normal sickness covered' });
    expect(t('id', en.key, en.params)).toContain('*Ordinary illness & BPJS Kesehatan*');
    expect(t('id', en.key, en.params).split('\n').at(-1)).toBe('Want to register now? Type *register*');
    const id = answerFor('health', { today: '2026-11-23', minAge: 15, maxAge: 65, question: 'sakit biasa ditanggung ga' });
    expect(t('id', id.key, id.params)).toContain('*Sakit biasa & BPJS Kesehatan*');
  });
});

describe('stripping personal data from unanswered questions', () => {
  it.each([
    ['nik sy 3201011708850001 kok ditolak', 'nik sy [angka] kok ditolak'],
    ['hub 0812-3456-7890 ya', 'hub [angka] ya'],
    ['wa +62 812 3456 7890', 'wa [angka]'],
    ['kpj 12345678901?', 'kpj [angka]?'],
    ['email budi@contoh.co.id', 'email [email]'],
    ['iuran 3 bulan 50rb?', 'iuran 3 bulan 50rb?'],
  ])('%s → %s', (q, out) => {
    expect(stripPersonalData(q)).toBe(out);
  });
});
