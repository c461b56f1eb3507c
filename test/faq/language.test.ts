import { describe, expect, it } from 'vitest';
import { isEnglishQuestion } from '../../src/faq/language.ts';

describe('telling an English question', () => {
  it.each([
    'is normal sickness covered',
    'how long until my card is ready',
    'is it the same as bpjs kesehatan',
    'what is jht',
    'how much does it cost per month',
  ])('English: %s', (q) => {
    expect(isEnglishQuestion(q)).toBe(true);
  });

  it.each([
    'brp iuran sebulan?',
    'jkk jkm jht',
    'cara claim jht online',
    'bpjs kesehatan naik ya?',
    'bayar pake gopay bisa',
    'card',
    'iki mbayar piro sesasi',
  ])('not English: %s', (q) => {
    expect(isEnglishQuestion(q)).toBe(false);
  });
});
