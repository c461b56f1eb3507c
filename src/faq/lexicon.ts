import { z } from 'zod';
import raw from './lexicon.data.json' with { type: 'json' };

/** One or more plain lower-case tokens separated by single spaces. */
const tokens = z.string().regex(/^[\p{Ll}\p{N}]+( [\p{Ll}\p{N}]+)*$/u, 'lower-case tokens separated by single spaces');
/** A single lower-case token. */
const token = z.string().regex(/^[\p{Ll}\p{N}]+$/u, 'one lower-case token');

/** Shape of src/faq/lexicon.data.json: groups are for the reader; a word belongs to one group only. */
export const lexiconFileSchema = z
  .object({
    $comment: z.string().optional(),
    words: z.record(z.string(), z.record(token, tokens)),
    phrases: z.record(
      tokens.refine((p) => p.includes(' '), 'a phrase has at least two words'),
      tokens,
    ),
    stop: z.record(z.string(), z.array(token)),
    english: z.array(token).default([]),
    generic: z.array(token).default([]),
    neutral: z.array(token).default([]),
  })
  .superRefine((file, ctx) => {
    const seen = new Map<string, string>();
    for (const [group, entries] of Object.entries(file.words)) {
      for (const word of Object.keys(entries)) {
        const other = seen.get(word);
        if (other !== undefined)
          ctx.addIssue({ code: 'custom', path: ['words', group, word], message: `"${word}" is also in group "${other}"` });
        seen.set(word, group);
      }
    }
  });

/** The lexicon flattened for lookups: the groups only serve the file's reader. */
export interface Lexicon {
  /** One chat word → its replacement tokens. */
  words: ReadonlyMap<string, readonly string[]>;
  /** A phrase's words → its replacement tokens, for longest-match-first lookup. */
  phrases: ReadonlyMap<string, readonly string[]>;
  /** The longest phrase, in words. */
  longestPhrase: number;
  /** Words that carry no topic. */
  stop: ReadonlySet<string>;
  /** Words that mark a question as English. */
  english: ReadonlySet<string>;
  /** Words that never make a topic on their own ("cara", "pekerja"). */
  generic: ReadonlySet<string>;
  /** Names said the same in English and Indonesian ("bpjs", "jht"): no sign of either language. */
  neutral: ReadonlySet<string>;
}

/** Validates a lexicon file and flattens its groups (throws on a malformed file, so a bad edit fails at start). */
export function parseLexicon(data: unknown): Lexicon {
  const file = lexiconFileSchema.parse(data);
  const words = new Map<string, string[]>();
  for (const entries of Object.values(file.words)) for (const [word, to] of Object.entries(entries)) words.set(word, to.split(' '));
  const phrases = new Map(Object.entries(file.phrases).map(([phrase, to]) => [phrase, to.split(' ')] as const));
  const longestPhrase = Math.max(1, ...[...phrases.keys()].map((p) => p.split(' ').length));
  return {
    words,
    phrases,
    longestPhrase,
    stop: new Set(Object.values(file.stop).flat()),
    english: new Set(file.english),
    generic: new Set(file.generic),
    neutral: new Set(file.neutral),
  };
}

/** The shipped lexicon (src/faq/lexicon.data.json). */
export const LEXICON: Lexicon = parseLexicon(raw);
