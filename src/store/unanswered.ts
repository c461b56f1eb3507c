import type { Db } from './db.ts';
import { perDatabase } from './per-database.ts';

/** A question the FAQ could not answer, as stored (personal data already removed by the caller). */
export interface UnansweredRow {
  id: number;
  at: number;
  locale: string;
  question: string;
}

/** Owner of the `faq_unanswered` table. */
export const unansweredStore = perDatabase((db: Db) => {
  const insert = db.prepare('INSERT INTO faq_unanswered (at, locale, question) VALUES (?, ?, ?)');
  const list = db.prepare<[number, number], UnansweredRow>('SELECT * FROM faq_unanswered WHERE at >= ? ORDER BY id DESC LIMIT ?');
  return {
    /** Stores a question exactly as given: strip personal data first (`stripPersonalData` in faq/unanswered.ts). */
    insert: (question: string, locale: string, now: number) => void insert.run(now, locale, question),
    /** The newest questions first, since an instant. */
    recent: (limit = 100, since = 0) => list.all(since, limit),
  };
});
