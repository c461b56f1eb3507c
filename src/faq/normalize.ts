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

/** A chat word's replacement tokens: its lexicon entry, else a known word under a suffix, else itself. */
function foldWord(word: string, vocabulary: Vocabulary | undefined, lexicon: Lexicon): readonly string[] {
  const entry = lexicon.words.get(word);
  if (entry) return entry;
  if (!vocabulary || vocabulary.has(word)) return [word];
  for (const s of SUFFIXES) {
    if (word.length > s.length + 2 && word.endsWith(s)) {
      const base = word.slice(0, -s.length);
      const mapped = lexicon.words.get(base) ?? [base];
      if (mapped.length === 1 && vocabulary.has(mapped.join(''))) return mapped;
    }
  }
  return [word];
}
