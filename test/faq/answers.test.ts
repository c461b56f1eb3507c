import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeIuran } from '../../src/domain/rates.ts';
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
        expect(text.split('\n').at(-1)).toMatch(/\*(daftar|hitung|status)\*/);
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
    expect(both).toContain('baru dari satu sumber');
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

  it('phrases unconfirmed facts with a caveat', () => {
    expect(render('jkm', '2026-11-23')).toContain('masa tunggu belum bisa kami pastikan');
    expect(render('late', '2026-11-23')).toContain('belum bisa kami pastikan');
    expect(render('eligibility', '2026-11-23')).toContain('belum kami konfirmasi');
    expect(render('discount', '2026-11-23')).toContain('APBDes) belum pasti');
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
