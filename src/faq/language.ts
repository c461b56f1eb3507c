import { LEXICON, type Lexicon } from './lexicon.ts';
import { MAX_QUESTION_CHARS } from './normalize.ts';

/** Share of a question's words that must be English words for it to be answered in English. */
const ENGLISH_SHARE = 0.6;

/**
 * Whether a question is written in English ("is normal sickness covered"), so its answer can be too
 * whatever language the chat is set to. Two English words at least ("card" alone says nothing), and
 * names said the same in both languages ("bpjs", "jht") do not count either way.
 */
export function isEnglishQuestion(text: string, lexicon: Lexicon = LEXICON): boolean {
  const words = text
    .slice(0, MAX_QUESTION_CHARS)
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[^\p{L}]+/u)
    .filter((w) => w !== '' && !lexicon.neutral.has(w));
  const english = words.filter((w) => lexicon.english.has(w)).length;
  return english >= 2 && english / words.length >= ENGLISH_SHARE;
}
