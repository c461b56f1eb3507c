import { LEXICON, type Lexicon } from './lexicon.ts';

/**
 * Folds chat Indonesian (slang, abbreviations, English, affixes) into the plain words the FAQ
 * examples are written in, so the fuzzy matcher compares like with like. The words themselves are
 * data (src/faq/lexicon.data.json); this module only applies them, in one pass.
 */

const SUFFIXES = ['nya', 'kah', 'lah'];

/** Words the matcher knows (the examples' vocabulary), to tell "kartunya" → "kartu" from "punya". */
export type Vocabulary = ReadonlySet<string>;

/** Folds a question into topic words: lower case, slang mapped, phrases joined, stop words dropped. */
export function normalizeQuestion(text: string, vocabulary?: Vocabulary, lexicon: Lexicon = LEXICON): string[] {
  const raw = text
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
    .split(/\s+/)
    .filter((w) => w !== '' && !/^\d+$/.test(w));
  const words = foldWords(raw, vocabulary, lexicon);
  // A trailing "…ga?" is a question tag ("ditanggung ga?"), not a negation.
  while (words.length > 1 && (words.at(-1) === 'tidak' || lexicon.stop.has(words.at(-1) ?? ''))) words.pop();
  return [...new Set(words.filter((w) => w.length > 1 && !lexicon.stop.has(w)))];
}

/**
 * One pass over the words: at each position the longest phrase wins, else the word's own entry.
 * A phrase word matches a chat word as typed or as folded ("gmn to" is "cara to" → "cara"), so the
 * table needs no entries for the folded spellings of its phrases.
 */
function foldWords(raw: readonly string[], vocabulary: Vocabulary | undefined, lexicon: Lexicon): string[] {
  const folded = raw.map((w) => foldWord(w, vocabulary, lexicon));
  const out: string[] = [];
  for (let i = 0; i < raw.length; ) {
    const phrase = longestPhraseAt(raw, folded, i, lexicon);
    if (phrase) {
      out.push(...phrase.to);
      i += phrase.length;
    } else {
      out.push(...folded[i]);
      i += 1;
    }
  }
  return out;
}

function longestPhraseAt(raw: readonly string[], folded: readonly (readonly string[])[], at: number, lexicon: Lexicon) {
  for (let length = Math.min(lexicon.longestPhrase, raw.length - at); length >= 2; length--) {
    // Each word is tried as typed and as folded (a one-token fold only), every combination: 2^length ≤ 16.
    for (let mask = 0; mask < 1 << length; mask++) {
      const words: string[] = [];
      for (let k = 0; k < length; k++) {
        const f = folded[at + k];
        words.push(mask & (1 << k) && f.length === 1 ? f[0] : raw[at + k]);
      }
      const to = lexicon.phrases.get(words.join(' '));
      if (to) return { to, length };
    }
  }
  return undefined;
}

/** A chat word's replacement tokens: its lexicon entry, else a known word under a suffix, else itself. */
function foldWord(word: string, vocabulary: Vocabulary | undefined, lexicon: Lexicon): readonly string[] {
  const entry = lexicon.words.get(word);
  if (entry) return entry;
  if (!vocabulary || vocabulary.has(word)) return [word];
  for (const s of SUFFIXES) {
    if (word.length > s.length + 2 && word.endsWith(s)) {
      const base = word.slice(0, -s.length);
      const mapped = lexicon.words.get(base) ?? [base];
      if (mapped.length === 1 && vocabulary.has(mapped[0])) return mapped;
    }
  }
  return [word];
}
