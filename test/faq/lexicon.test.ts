import { describe, expect, it } from 'vitest';
import raw from '../../src/faq/lexicon.data.json' with { type: 'json' };
import { LEXICON, lexiconFileSchema, parseLexicon } from '../../src/faq/lexicon.ts';
import { normalizeQuestion } from '../../src/faq/normalize.ts';

describe('lexicon data file', () => {
  it('matches its schema', () => {
    expect(lexiconFileSchema.safeParse(raw).error).toBeUndefined();
  });

  it('rejects a word listed in two groups, an upper-case word and a one-word phrase', () => {
    const twice = { words: { a: { gmn: 'cara' }, b: { gmn: 'cara' } }, phrases: {}, stop: {} };
    expect(() => parseLexicon(twice)).toThrow(/is also in group/);
    expect(() => parseLexicon({ words: { a: { GMN: 'cara' } }, phrases: {}, stop: {} })).toThrow();
    expect(() => parseLexicon({ words: {}, phrases: { tempo: 'batas' }, stop: {} })).toThrow(/two words/);
  });

  it('has no phrase whose words are all stop words (it could never match after folding)', () => {
    for (const phrase of LEXICON.phrases.keys())
      expect(
        phrase.split(' ').every((w) => LEXICON.stop.has(w)),
        phrase,
      ).toBe(false);
  });
});

describe('one-pass folding', () => {
  it('prefers the longest phrase whatever the file order', () => {
    const lexicon = parseLexicon({ words: {}, phrases: { 'hari tua': 'jht', 'jaminan hari tua': 'jhtpenuh' }, stop: {} });
    expect(normalizeQuestion('jaminan hari tua itu apa', undefined, lexicon)).toEqual(['jhtpenuh', 'itu', 'apa']);
    expect(normalizeQuestion('hari tua', undefined, lexicon)).toEqual(['jht']);
  });

  it('reads "jatuh tempo" as the due date while "jatuh" alone is an accident, with no patch entry', () => {
    expect(LEXICON.phrases.has('kecelakaan tempo')).toBe(false);
    expect(normalizeQuestion('kapan jatuh tempo iuran')).toEqual(expect.arrayContaining(['batas', 'bayar']));
    expect(normalizeQuestion('kapan jatuh tempo iuran')).not.toContain('kecelakaan');
    expect(normalizeQuestion('jatuh dari motor')).toContain('kecelakaan');
  });

  it('matches a phrase on a word as typed or as folded ("gmn to" → "cara")', () => {
    expect(normalizeQuestion('gmn to pay')).toEqual(normalizeQuestion('how to pay'));
    expect(normalizeQuestion('gmn to pay')).toContain('cara');
  });
});

describe('affixes and regional words', () => {
  const vocabulary = new Set(['iuran', 'bayar', 'kartu', 'klaim', 'manfaat', 'setor']);

  it.each([
    ['iuranna', ['iuran']],
    ['iurane', ['iuran']],
    ['mbayar', ['bayar']],
    ['kartune', ['kartu']],
    ['klaime', ['klaim']],
    ['manfaatna', ['manfaat']],
    ['nyetor', ['bayar']],
  ])('%s → %j (a known word under the affix)', (word, tokens) => {
    expect(normalizeQuestion(word, vocabulary)).toEqual(tokens);
  });

  it('keeps an unknown word whole rather than cut it into a wrong one', () => {
    expect(normalizeQuestion('pinjaman', vocabulary)).toEqual(['pinjaman']);
    expect(normalizeQuestion('kesempatan', vocabulary)).toEqual(['kesempatan']);
  });

  it.each([
    ['piro sesasi', ['berapa', 'bulan']],
    ['sabaraha sabulan', ['berapa', 'bulan']],
    ['berape sebulan', ['berapa', 'bulan']],
    ['barapo sabulan', ['berapa', 'bulan']],
    ['lara biasa', ['sakit', 'biasa']],
    ['brp premi nya', ['berapa', 'iuran']],
  ])('reads Javanese, Sundanese, Betawi, Minang and chat words: %s → %j', (q, tokens) => {
    expect(normalizeQuestion(q)).toEqual(tokens);
  });
});
