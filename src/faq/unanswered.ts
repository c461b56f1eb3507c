import type { Db } from '../store/db.ts';

/** A question the FAQ could not answer, as stored (personal data already removed). */
export interface UnansweredRow {
  id: number;
  at: number;
  locale: string;
  question: string;
}

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

/** The `faq_unanswered` table. */
export function unansweredStore(db: Db) {
  const insert = db.prepare('INSERT INTO faq_unanswered (at, locale, question) VALUES (?, ?, ?)');
  const list = db.prepare<[number, number], UnansweredRow>('SELECT * FROM faq_unanswered WHERE at >= ? ORDER BY id DESC LIMIT ?');
  return {
    /** Stores a question with personal data stripped. */
    record: (question: string, locale: string, now: number) => void insert.run(now, locale, stripPersonalData(question)),
    /** The newest questions first, since an instant. */
    recent: (limit = 100, since = 0) => list.all(since, limit),
  };
}
