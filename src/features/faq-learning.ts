import { useLearnedPhrases } from '../faq/matcher.ts';
import type { TopicId } from '../faq/topics.ts';
import { stripPersonalData } from '../faq/unanswered.ts';
import { auditStore } from '../store/audit.ts';
import type { Db } from '../store/db.ts';
import { learnedPhraseStore } from '../store/faq-learned.ts';

/** Gives the matcher every phrasing learned so far (at start, and after each new one). */
export function loadLearnedPhrases(db: Db): void {
  useLearnedPhrases(learnedPhraseStore(db).all());
}

/** Attaches an unanswered question's phrasing to a topic: stored, audited, and used by the matcher at once. */
export function learnPhrase(db: Db, topic: TopicId, question: string, by: string, now: number): string {
  const phrase = stripPersonalData(question).toLowerCase();
  db.transaction(() => {
    learnedPhraseStore(db).add(topic, phrase, by, now);
    auditStore(db).record(by, 'faq.learn', `topic=${topic} phrase=${phrase}`, now);
  })();
  loadLearnedPhrases(db);
  return phrase;
}
