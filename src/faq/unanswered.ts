import type { Db } from '../store/db.ts';
import { unansweredStore } from '../store/unanswered.ts';

/** Longest question stored; the rest says nothing an admin needs. */
const MAX_LENGTH = 300;

/**
 * Removes what could identify someone: runs of 8 or more digits (NIKs, phone and KPJ numbers, also
 * written with spaces, dots or dashes between the digits) and e-mail addresses.
 */
export function stripPersonalData(text: string): string {
  return text
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '[email]')
    .replace(/\+?\d(?:[\s.-]?\d){7,}/g, '[angka]')
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
