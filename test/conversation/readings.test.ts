import { describe, expect, it } from 'vitest';
import { monthsIn } from '../../flows/questions/period.ts';
import { fromEnglishPlaceWords } from '../../src/domain/areas.ts';
import { computeIuran, periodParts } from '../../src/domain/rates.ts';
import { matchOption, soundsLikeQuestion, yesNo } from '../../src/engine/answers.ts';
import { detectIntent, isSalam, occupationIn } from '../../src/engine/intents.ts';

describe('intents', () => {
  it.each([
    ['mas sy mau daftar sendiri', { kind: 'register', forWhom: 'self' }],
    ['mau daftarin tukang bakso langganan sy', { kind: 'register', forWhom: 'other', occupation: 'pedagang_keliling' }],
    ['saya mau daftar', { kind: 'register' }],
    ['gmn caranya daftar', { kind: 'register' }],
    ['I want to register my driver', { kind: 'register', forWhom: 'other', occupation: 'sopir' }],
    ['tolong daftarkan pembantu saya', { kind: 'register', forWhom: 'other', occupation: 'art' }],
    ['lanjut', { kind: 'resume' }],
    ['Lanjutkan', { kind: 'resume' }],
    ['continue', { kind: 'resume' }],
    ['english please', { kind: 'language', locale: 'en' }],
  ])('%s', (text, intent) => {
    expect(detectIntent(text)).toEqual(intent);
  });

  it.each([
    'umur 66 bisa daftar?',
    'bisa daftarin pembantu sy?',
    'berapa iuran kalau daftar',
    'istri sy bs daftar jg?',
    'jht itu apa',
    'daftar 3201011708850001',
  ])('leaves "%s" to the FAQ or the menu', (text) => {
    expect(detectIntent(text)).toBeUndefined();
  });

  it('names occupations by their most specific words', () => {
    expect(occupationIn('jualan bakso keliling')).toBe('pedagang_keliling');
    expect(occupationIn('buka warung')).toBe('pkl');
    expect(occupationIn('kerja kantoran')).toBeUndefined();
  });

  it('hears a salam and a question', () => {
    expect(isSalam("Assalamu'alaikum wr wb")).toBe(true);
    expect(isSalam('halo')).toBe(false);
    expect(soundsLikeQuestion('bukan sy mau nanya')).toBe(true);
    expect(matchOption('bukan sy mau nanya', yesNo)).toBeUndefined();
    expect(matchOption('iya boleh kak', yesNo)).toBe('yes');
  });
});

describe('quantities', () => {
  it.each([
    ['3', 3],
    ['3 bln', 3],
    ['tiga bulan', 3],
    ['6 bulan aja', 6],
    ['12', 12],
    ['setahun', 12],
    ['1 tahun', 12],
    ['sebulan', 1],
    ['2', undefined],
    ['4', undefined],
    ['5 bulan', undefined],
  ])('"%s" is %s months', (text, months) => {
    expect(monthsIn(text)).toBe(months);
  });

  it('splits a period where its price changes', () => {
    const i = computeIuran({ date: '2026-12-10', sector: 'other', incomeBase: 1_000_000, jht: false, payer: 'referrer', periodMonths: 3 });
    expect(periodParts(i)).toEqual([
      { months: 1, monthly: 8_400, discounted: true },
      { months: 2, monthly: 16_800, discounted: false },
    ]);
    const village = computeIuran({
      date: '2026-12-10',
      sector: 'other',
      incomeBase: 1_000_000,
      jht: false,
      payer: 'apbdes',
      periodMonths: 3,
    });
    expect(periodParts(village)).toEqual([{ months: 3, monthly: 16_800, discounted: false }]);
  });
});

describe('English place words', () => {
  it.each([
    ['kemang south jakarta', 'kemang jakarta selatan'],
    ['menteng central jakarta', 'menteng jakarta pusat'],
    ['sukamaju cianjur regency', 'sukamaju kab cianjur'],
    ['pondok labu south jakarta city', 'pondok labu kota jakarta selatan'],
    ['sukamaju west java', 'sukamaju jawa barat'],
    ['sukamaju cibeber', 'sukamaju cibeber'],
  ])('%s → %s', (query, rewritten) => {
    expect(fromEnglishPlaceWords(query.split(' ')).join(' ')).toBe(rewritten);
  });
});
