import type { Db } from './db.ts';
import { perDatabase } from './per-database.ts';

/** A phrasing an admin attached to a FAQ topic from the panel. */
export interface LearnedPhraseRow {
  id: number;
  topic: string;
  phrase: string;
  added_at: number;
  added_by: string;
}

/** The `faq_learned` table: phrasings the matcher learns in addition to the shipped examples. */
export const learnedPhraseStore = perDatabase((db: Db) => {
  const s = {
    // The same phrase attached again moves to the newer topic: the latest admin decision wins.
    upsert: db.prepare(
      `INSERT INTO faq_learned (topic, phrase, added_at, added_by) VALUES (?, ?, ?, ?)
       ON CONFLICT(phrase) DO UPDATE SET topic = excluded.topic, added_at = excluded.added_at, added_by = excluded.added_by`,
    ),
    all: db.prepare<[], LearnedPhraseRow>('SELECT * FROM faq_learned ORDER BY id'),
  };
  return {
    /** Stores a phrasing for a topic. */
    add: (topic: string, phrase: string, by: string, now: number) => void s.upsert.run(topic, phrase, now, by),
    /** Every learned phrasing, oldest first. */
    all: () => s.all.all(),
  };
});
