import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stripPersonalData } from '../../src/faq/unanswered.ts';
import { appPerTest } from './chat-app.ts';

// Fixed seed: deterministic; a failure prints the seed and path to replay it.
const RUNS = { numRuns: 3000, seed: 20_261_201 };

/** The zero of each digit block a phone keyboard may produce. */
const ZEROS = [0x30, 0x660, 0x6f0, 0x966, 0xff10];
/** What people put between the digits of one number. */
const SEPARATORS = ['', '', ' ', '  ', '.', '-', ' - ', '/', ' / ', '\u00a0', '\u200b', '\u2060', '_', ',', '\u2013', '\u00ad', '\n'];

/** A number of 8–16 digits, each digit in any script, with any separator between any two digits. */
const spelledNumber = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.constantFrom(...ZEROS), fc.constantFrom(...SEPARATORS)), {
    minLength: 8,
    maxLength: 16,
  })
  .chain((digits) =>
    fc
      .boolean()
      .map((plus) => (plus ? '+' : '') + digits.map(([d, zero, sep], i) => (i ? sep : '') + String.fromCodePoint(zero + d)).join('')),
  );

/** Words around the number, without digits of their own. */
const words = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz ?!:(),'.split('')), maxLength: 30 });

const DIGIT = /\p{Nd}/u;

describe('the unanswered-question log keeps no number of 8 or more digits', () => {
  it.each([
    ['nik 3201  0117  0885  0001', 'nik [angka]'],
    ['hp 0812 - 3456 - 7890 ya', 'hp [angka] ya'],
    ['nik 3201/0117/0885/0001', 'nik [angka]'],
    ['nik ３２０１０１１７０８８５０００１', 'nik [angka]'],
    ['nik ٣٢٠١٠١١٧٠٨٨٥٠٠٠١', 'nik [angka]'],
    ['hp 0812.3456.7890', 'hp [angka]'],
    ['kpj 123\u200b456\u200b789\u200b01', 'kpj [angka]'],
    ['iuran 3 bulan 50rb, umur 45?', 'iuran 3 bulan 50rb, umur 45?'],
  ])('%s → %s', (q, out) => {
    expect(stripPersonalData(q)).toBe(out);
  });

  it('property: however an 8–16 digit number is spelt, none of its digits survive', () => {
    fc.assert(
      fc.property(words, spelledNumber, words, (before, number, after) => {
        const stored = stripPersonalData(`${before} ${number} ${after}`);
        expect(stored).not.toMatch(DIGIT);
      }),
      RUNS,
    );
  });

  describe('through the chat', () => {
    const app = appPerTest();

    it('stores an unanswered question with a spaced-out phone number and a full-width NIK without them', async () => {
      await app().script('halo', 'kucing saya hilang, tolong telepon 0812 - 3456 - 7890 atau cek ３２０１０１１７０８８５０００１');
      const rows = app().db.prepare('SELECT question FROM faq_unanswered').all() as { question: string }[];
      expect(rows).toHaveLength(1);
      expect(rows[0]?.question).toContain('kucing saya hilang');
      expect(rows[0]?.question).not.toMatch(DIGIT);
    });
  });
});
