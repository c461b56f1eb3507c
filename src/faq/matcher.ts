import Fuse from 'fuse.js';
import { LEXICON } from './lexicon.ts';
import { normalizeQuestion, type Vocabulary } from './normalize.ts';
import { TOPICS, type TopicId } from './topics.ts';

/** A matched topic; `score` is 0 for a perfect match and 1 for no match at all. */
export interface TopicMatch {
  topic: TopicId;
  score: number;
}

/**
 * Scores above this are "not sure". A score near 0.5 means the topic covers only about half of the
 * question's (idf-weighted) words; measured with `npm run eval:faq -- --sweep`, this is the highest
 * threshold at which no off-topic question of test/fixtures/faq-eval.json is answered.
 */
export const MATCH_THRESHOLD = 0.55;

interface Doc {
  topic: TopicId;
  text: string;
}

interface Index {
  /** One document per topic with every word of its examples: how much of the question a topic covers. */
  bags: Fuse<Doc>;
  /** One document per example: how closely one phrasing of the topic matches. */
  examples: Fuse<Doc>;
  vocabulary: Vocabulary;
}

// Why the underscores: Fuse matches a word anywhere in a text, so "apa" would be found inside
// "berapa"; wrapping every word makes a match start and end on word boundaries (or cost an edit).
const wrap = (words: readonly string[]) => words.map((w) => `_${w}_`).join(' ');

const options = {
  keys: ['text'],
  includeScore: true,
  useTokenSearch: true,
  // Per word: one typo in a longer word, none in a short one ("jkk" is not "jkm").
  threshold: 0.15,
  // Topics have different numbers of examples; that must not make one look like a better match.
  ignoreFieldNorm: true,
};

// Built once, on first use: a few hundred short phrases (built again when admins teach it a phrasing).
let index: Index | undefined;

/** Phrasings admins attached to topics (stored in the database), matched like the shipped examples. */
let learned: readonly { topic: TopicId; phrase: string }[] = [];

/** Replaces the learned phrasings; the next question is matched with them. Unknown topics are ignored. */
export function useLearnedPhrases(list: readonly { topic: string; phrase: string }[]): void {
  const known = new Set<string>(TOPICS.map((t) => t.id));
  learned = list.filter((l) => known.has(l.topic)).map((l) => ({ topic: l.topic as TopicId, phrase: l.phrase }));
  index = undefined;
}

/** How many learned phrasings the matcher uses now (for the evaluation report). */
export function learnedPhraseCount(): number {
  return learned.length;
}

function topicsWithLearned(): readonly { id: TopicId; examples: readonly string[] }[] {
  if (learned.length === 0) return TOPICS;
  return TOPICS.map((t) => ({ id: t.id, examples: [...t.examples, ...learned.filter((l) => l.topic === t.id).map((l) => l.phrase)] }));
}

function build(): Index {
  const topics = topicsWithLearned();
  const vocabulary = new Set<string>();
  for (const t of topics) for (const e of t.examples) for (const w of normalizeQuestion(e)) vocabulary.add(w);
  const words = (e: string) => normalizeQuestion(e, vocabulary);
  const bags = topics.map((t) => ({ topic: t.id, text: wrap([...new Set(t.examples.flatMap(words))]) }));
  const examples = topics.flatMap((t) => t.examples.map((e) => ({ topic: t.id, text: wrap(words(e)) })));
  // Among examples that all contain the question's words, the shortest is the most specific ("jkm itu
  // apa" is "apa itu jkm", not "beda jkk jkm jht"): a light field-length norm breaks those ties.
  const exampleOptions = { ...options, ignoreFieldNorm: false, fieldNormWeight: 0.2 };
  return { bags: new Fuse(bags, options), examples: new Fuse(examples, exampleOptions), vocabulary };
}

function bestPerTopic(fuse: Fuse<Doc>, query: string): Map<TopicId, number> {
  const best = new Map<TopicId, number>();
  for (const r of fuse.search(query)) if (!best.has(r.item.topic)) best.set(r.item.topic, r.score ?? 1);
  return best;
}

/** The best few topics with their scores, best first, whatever the threshold (for the evaluation report). */
export function rankTopics(text: string, limit = 3): TopicMatch[] {
  index ??= build();
  const words = normalizeQuestion(text, index.vocabulary);
  // "cara jadi driver" is all generic words: nothing in it says which of our topics it is about.
  if (words.every((w) => LEXICON.generic.has(w))) return [];
  const query = wrap(words);
  const bag = bestPerTopic(index.bags, query);
  const example = bestPerTopic(index.examples, query);
  // Both views count: the bag alone ties topics that share words, one example alone misses a
  // question that mixes the wording of two examples.
  const score = (topic: TopicId) => ((bag.get(topic) ?? 1) + (example.get(topic) ?? 1)) / 2;
  // A question that names BPJS Kesehatan (another agency) is about it, whatever else it says ("kartu
  // KIS hilang" is not about our card, "pindah faskes" not about any of ours): the honest answer is the
  // health topic's "that is BPJS Kesehatan", so it is given however loosely the rest matches.
  if (words.includes('bpjskesehatan')) return [{ topic: 'health', score: Math.min(score('health'), MATCH_THRESHOLD) }];
  return [...bag.keys()]
    .map((topic) => ({ topic, score: score(topic) }))
    .sort((a, b) => a.score - b.score)
    .slice(0, limit);
}

/** The topic a free-text question is about, or undefined when no topic fits well enough. */
export function matchTopic(text: string): TopicMatch | undefined {
  const best = rankTopics(text, 1)[0];
  return best && best.score <= MATCH_THRESHOLD ? best : undefined;
}
