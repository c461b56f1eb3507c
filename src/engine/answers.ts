import intentWords from '../../locales/intents.json' with { type: 'json' };
import { asciiDigits } from '../domain/digits.ts';

/** Lower-cases, strips punctuation and folds spaces, for matching what people type. */
export function normalizeAnswer(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u200B-\u200F\u202A-\u202E\u2060\uFEFF]/g, '')
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Reads a 1-based choice number typed as "2", "2.", "no 2", "nomor 2"; undefined otherwise. */
export function choiceNumber(text: string, count: number): number | undefined {
  const m = /^(?:no|nomor|pilih|nmr)?\s*(\d{1,2})$/.exec(asciiDigits(normalizeAnswer(text)));
  if (!m) return undefined;
  const n = Number(m[1]);
  return n >= 1 && n <= count ? n : undefined;
}

/** An option of a question: its id and the words that pick it besides its number. */
export interface Option<T extends string> {
  id: T;
  words: readonly string[];
}

/** Picks an option by its number or one of its words (or, unless `strict`, a leading word); undefined when nothing fits. */
export function matchOption<T extends string>(text: string, options: readonly Option<T>[], opts: { strict?: boolean } = {}): T | undefined {
  const n = choiceNumber(text, options.length);
  if (n !== undefined) return options[n - 1]?.id;
  const answer = normalizeAnswer(text);
  if (!answer) return undefined;
  for (const o of options) if (o.words.some((w) => normalizeAnswer(w) === answer)) return o.id;
  // Why not on a question: "bukan, sy mau nanya" starts with "no" but answers nothing.
  if (opts.strict || soundsLikeQuestion(text)) return undefined;
  // Why: people answer with a longer sentence ("iya boleh", "ya betul kak"): accept a leading keyword.
  for (const o of options) if (o.words.some((w) => w.length >= 2 && answer.split(' ')[0] === normalizeAnswer(w))) return o.id;
  return undefined;
}

const YES = [
  'ya',
  'y',
  'iya',
  'iyaa',
  'yes',
  'ok',
  'oke',
  'okay',
  'betul',
  'benar',
  'bener',
  'setuju',
  'boleh',
  'sudah',
  'udah',
  'sip',
  'lanjut',
];
const NO = ['tidak', 'tdk', 'ga', 'gak', 'nggak', 'ngga', 'enggak', 'engga', 'no', 'n', 'bukan', 'salah', 'belum', 'jangan'];

/** Yes/no answers, as numbered choices 1 = yes, 2 = no, or in words. */
export const yesNo: readonly Option<'yes' | 'no'>[] = [
  { id: 'yes', words: YES },
  { id: 'no', words: NO },
];

const QUESTION_WORDS = intentWords.questionWords.map(normalizeAnswer);

/** Whether a sentence asks or doubts ("bukan sy mau nanya"), so its first word is no answer to a choice. */
export function soundsLikeQuestion(text: string): boolean {
  const plain = ` ${normalizeAnswer(text)} `;
  return text.includes('?') || QUESTION_WORDS.some((w) => plain.includes(` ${w} `));
}
