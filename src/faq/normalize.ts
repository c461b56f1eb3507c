import { LEXICON, type Lexicon } from './lexicon.ts';

/**
 * Folds chat Indonesian (slang, abbreviations, English, affixes) into the plain words the FAQ
 * examples are written in, so the fuzzy matcher compares like with like. The words themselves are
 * data (src/faq/lexicon.data.json); this module only applies them, in one pass.
 */

/**
 * Affixes chat Indonesian and the regional languages put on a known word: -nya/-nye (Betawi)/-na
 * (Sundanese)/-ne/-e (Javanese), -in/-kan/-ke, -an, -i, -ku/-mu (my, your), English plural -s;
 * di-, ng-/nge-, ny-, me(N)-, ber-, ter-, ke-, and a bare nasal m-/n- ("mbayar", "ndaftar").
 * Stripped only when what is left is a known word.
 */
const SUFFIXES = ['nya', 'nye', 'kah', 'lah', 'kan', 'ke', 'ku', 'mu', 'in', 'na', 'ne', 'an', 'e', 'i', 's'];
/**
 * Prefixes, each with the letter its nasal replaced ("nyetor" → "setor", "ngirim" → "kirim", "mayar" →
 * "bayar", "nanggung" → "tanggung").
 */
const PREFIXES: readonly (readonly [string, string])[] = [
  ['di', ''],
  ['nge', ''],
  ['ng', ''],
  ['ng', 'k'],
  ['ny', 's'],
  ['meng', ''],
  ['mem', ''],
  ['mem', 'p'],
  ['men', ''],
  ['men', 't'],
  ['me', ''],
  ['ber', ''],
  ['ter', ''],
  ['ke', ''],
  ['m', ''],
  ['m', 'b'],
  ['n', ''],
  ['n', 't'],
];

/**
 * How much of a message is read: a question fits in far less, and the fuzzy search costs grow with
 * every word, so a 2,000-character paste must not tie up the CPU (issue 12).
 */
export const MAX_QUESTION_CHARS = 200;
/** At most this many words of a message are folded (see {@link MAX_QUESTION_CHARS}). */
const MAX_QUESTION_WORDS = 30;
/** At most this many topic words are searched: a question carries fewer, a story's extra words only cost time. */
const MAX_TOPIC_WORDS = 10;
/** Longer words are cut: no topic word is this long, and the fuzzy search costs grow with a word's length. */
const MAX_WORD_LENGTH = 20;

/** Words the matcher knows (the examples' vocabulary), to tell "kartunya" → "kartu" from "punya". */
export type Vocabulary = ReadonlySet<string>;

/** Folds a question into topic words: lower case, slang mapped, phrases joined, stop words dropped. */
export function normalizeQuestion(text: string, vocabulary?: Vocabulary, lexicon: Lexicon = LEXICON): string[] {
  const raw = text
    .slice(0, MAX_QUESTION_CHARS * 2)
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u200B-\u200F\u202A-\u202E\u2060\uFEFF]/g, '')
    // "anak2" (reduplication) → "anak"
    .replace(/(\p{L}{2,})2\b/gu, '$1')
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    // "bisaaa" → "bisa": chat stretches letters, Indonesian never triples one.
    .replace(/(\p{L})\1{2,}/gu, '$1')
    // "tukang bakso", "tukang ojek", "tukang sayur": a worker, whatever the trade
    .replace(/\btukang \p{L}+/gu, 'pekerja')
    .slice(0, MAX_QUESTION_CHARS)
    .split(/\s+/)
    .filter((w) => w !== '' && !/^\d+$/.test(w))
    .slice(0, MAX_QUESTION_WORDS)
    .map((w) => w.slice(0, MAX_WORD_LENGTH));
  const words = foldWords(raw, vocabulary, lexicon);
  // A trailing "…ga?" is a question tag ("ditanggung ga?"), not a negation.
  while (words.length > 1 && (words.at(-1) === 'tidak' || lexicon.stop.has(words.at(-1) ?? ''))) words.pop();
  return [...new Set(words.filter((w) => w.length > 1 && !lexicon.stop.has(w)))].slice(0, MAX_TOPIC_WORDS);
}

/**
 * One pass over the words: at each position the longest phrase wins, else the word's own entry.
 * A phrase word matches a chat word as typed or as folded ("gmn to" is "cara to" → "cara"), so the
 * table needs no entries for the folded spellings of its phrases.
 */
function foldWords(raw: readonly string[], vocabulary: Vocabulary | undefined, lexicon: Lexicon): string[] {
  const words = raw.map((typed): ChatWord => {
    const folded = foldWord(typed, vocabulary, lexicon);
    return { typed, folded, asOne: folded.length === 1 ? folded.join('') : typed };
  });
  const out: string[] = [];
  for (let i = 0; i < words.length; ) {
    const phrase = longestPhraseAt(words, i, lexicon);
    out.push(...(phrase?.to ?? words[i]?.folded ?? []));
    i += phrase?.length ?? 1;
  }
  return out;
}

/** A word as typed, its folded tokens, and the single token a phrase may match it by. */
interface ChatWord {
  typed: string;
  folded: readonly string[];
  asOne: string;
}

function longestPhraseAt(words: readonly ChatWord[], at: number, lexicon: Lexicon) {
  for (let length = Math.min(lexicon.longestPhrase, words.length - at); length >= 2; length--) {
    const span = words.slice(at, at + length);
    // Each word is tried as typed and as folded, every combination: 2^length ≤ 16 lookups.
    for (let mask = 0; mask < 1 << length; mask++) {
      const to = lexicon.phrases.get(span.map((w, k) => (mask & (1 << k) ? w.asOne : w.typed)).join(' '));
      if (to) return { to, length };
    }
  }
  return undefined;
}

/** A chat word's replacement tokens: its lexicon entry, else a known word under its affixes, else itself. */
function foldWord(word: string, vocabulary: Vocabulary | undefined, lexicon: Lexicon): readonly string[] {
  const entry = lexicon.words.get(word);
  if (entry) return entry;
  if (!vocabulary || vocabulary.has(word)) return [word];
  return stem(word, vocabulary, lexicon) ?? [word];
}

/** The tokens of the known word under a chat word's affixes: suffix alone, prefix alone, then both. */
function stem(word: string, vocabulary: Vocabulary, lexicon: Lexicon): readonly string[] | undefined {
  const known = (base: string): readonly string[] | undefined => {
    if (base.length < 3) return undefined;
    const mapped = lexicon.words.get(base) ?? (vocabulary.has(base) ? [base] : undefined);
    // A word folded to nothing but stop words carries no topic: keep the typed word then.
    return mapped?.some((t) => !lexicon.stop.has(t)) ? mapped : undefined;
  };
  const unsuffixed = SUFFIXES.filter((s) => word.length > s.length + 2 && word.endsWith(s)).map((s) => word.slice(0, -s.length));
  for (const base of unsuffixed) {
    const found = known(base);
    if (found) return found;
  }
  for (const base of [word, ...unsuffixed]) {
    for (const [prefix, restored] of PREFIXES) {
      if (base.length <= prefix.length + 2 || !base.startsWith(prefix)) continue;
      const found = known(restored + base.slice(prefix.length));
      if (found) return found;
    }
  }
  return undefined;
}
