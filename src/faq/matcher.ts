import Fuse from 'fuse.js';
import { normalizeQuestion, type Vocabulary } from './normalize.ts';
import { TOPICS, type TopicId } from './topics.ts';

/** A matched topic; `score` is Fuse's: 0 is a perfect match, 1 no match at all. */
export interface TopicMatch {
  topic: TopicId;
  score: number;
}

/**
 * Scores above this are "not sure": measured on test/fixtures/faq-eval.json (npm run eval:faq),
 * chosen so off-topic questions are refused far more often than real ones are missed.
 */
export const MATCH_THRESHOLD = 0.45;

interface Doc {
  topic: TopicId;
  text: string;
}

// Built once per process: the index is small (a few hundred short phrases) but searching rebuilds nothing.
let index: { fuse: Fuse<Doc>; vocabulary: Vocabulary } | undefined;

function build(): { fuse: Fuse<Doc>; vocabulary: Vocabulary } {
  const vocabulary = new Set<string>();
  for (const t of TOPICS) for (const e of t.examples) for (const w of normalizeQuestion(e)) vocabulary.add(w);
  const docs: Doc[] = TOPICS.flatMap((t) => t.examples.map((e) => ({ topic: t.id, text: normalizeQuestion(e, vocabulary).join(' ') })));
  const fuse = new Fuse(docs, {
    keys: ['text'],
    includeScore: true,
    useTokenSearch: true,
    // Per word: tolerates a typo or two in longer words, not a different short word ("jkk" is not "jkm").
    threshold: 0.3,
  });
  return { fuse, vocabulary };
}

/** The topic a free-text question is about, or undefined when no topic fits well enough. */
export function matchTopic(text: string): TopicMatch | undefined {
  index ??= build();
  const words = normalizeQuestion(text, index.vocabulary);
  // BPJS Kesehatan (health insurance) is another agency: none of these answers applies.
  if (words.length === 0 || words.includes('bpjskesehatan')) return undefined;
  const best = index.fuse.search(words.join(' '), { limit: 1 })[0];
  if (!best || best.score === undefined || best.score > MATCH_THRESHOLD) return undefined;
  return { topic: best.item.topic, score: best.score };
}

/** The best few topics with their scores, for the evaluation report. */
export function rankTopics(text: string, limit = 3): TopicMatch[] {
  index ??= build();
  const words = normalizeQuestion(text, index.vocabulary);
  if (words.length === 0) return [];
  const seen = new Set<TopicId>();
  const out: TopicMatch[] = [];
  for (const r of index.fuse.search(words.join(' '))) {
    if (seen.has(r.item.topic)) continue;
    seen.add(r.item.topic);
    out.push({ topic: r.item.topic, score: r.score ?? 1 });
    if (out.length === limit) break;
  }
  return out;
}
