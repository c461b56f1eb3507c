import { asciiDigits } from '../domain/digits.ts';
import type { Db } from '../store/db.ts';
import { unansweredStore } from '../store/unanswered.ts';
import { sanitizeText } from '../util/sanitize.ts';

/** Longest question stored; the rest says nothing an admin needs. */
const MAX_LENGTH = 300;

// Between two digits of one number people type spaces, dots, dashes (also " - "), slashes, commas, underscores,
// brackets or a plus; up to four such characters still join the digits into one number ("0812 - 3456 - 7890").
const NUMBER = /\+?\p{Nd}(?:[\s.,/\\_\-\u2010-\u2015\u2212()+]{0,4}\p{Nd})*/gu;

/** A number of this many digits or more may be a NIK (16), a phone (10–13) or a KPJ (11): never stored. */
const PERSONAL_DIGITS = 8;

/**
 * Removes what could identify someone: e-mail addresses, and numbers of 8 or more digits however they are
 * spelt — full-width, Arabic-Indic or other digits, separated by spaces, dots, dashes or slashes, with
 * invisible characters between them.
 */
export function stripPersonalData(text: string): string {
  return asciiDigits(sanitizeText(text))
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '[email]')
    .replace(NUMBER, (n) => (n.replace(/\P{Nd}/gu, '').length >= PERSONAL_DIGITS ? '[angka]' : n))
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_LENGTH);
}

/** The questions the FAQ could not answer: stored only with personal data stripped. */
export function unansweredLog(db: Db) {
  const store = unansweredStore(db);
  return {
    /** Stores a question with personal data stripped. */
    record: (question: string, locale: string, now: number) => store.insert(stripPersonalData(question), locale, now),
    /** The newest questions first, since an instant. */
    recent: store.recent,
  };
}
