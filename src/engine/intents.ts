import { z } from 'zod';
import data from '../../locales/intents.json' with { type: 'json' };
import type { OccupationId } from '../domain/occupations.ts';
import { normalizeAnswer } from './answers.ts';

const words = z.array(z.string().min(1));
const schema = z
  .object({
    register: z.object({ verbs: words, verbsForOther: words, want: words, blockers: words }).strict(),
    self: words,
    other: words,
    occupations: z.record(z.string(), words),
    officerRoles: words,
    resume: words,
    english: words,
    indonesian: words,
    salam: words,
    questionWords: words,
  })
  .strict();

/** Normalises every word of the table (a string, a list or a record of them) as messages are. */
function normalizeWords<T>(x: T): T {
  if (typeof x === 'string') return normalizeAnswer(x) as T;
  if (Array.isArray(x)) return x.map(normalizeWords) as T;
  return Object.fromEntries(Object.entries(x as object).map(([k, v]) => [k, normalizeWords(v)])) as T;
}

/** The intent words (`locales/intents.json`), checked and normalised once at load, not on every message. */
const INTENTS = normalizeWords(schema.parse(data));

/** What a message asks for, besides answering the question on screen. */
export type Intent =
  | { kind: 'register'; forWhom?: 'self' | 'other'; occupation?: OccupationId }
  | { kind: 'officer'; registering: boolean }
  | { kind: 'resume' }
  | { kind: 'language'; locale: 'id' | 'en' };

/** Whether the normalised text holds the (normalised) phrase as whole words. */
function has(text: string, phrase: string): boolean {
  return ` ${text} `.includes(` ${phrase} `);
}

const hasAny = (text: string, phrases: readonly string[]) => phrases.some((p) => has(text, p));

/** The occupation named in a text ("tukang bakso langganan sy" → pedagang_keliling), longest phrase first. */
export function occupationIn(text: string): OccupationId | undefined {
  const plain = normalizeAnswer(text);
  const found = Object.entries(INTENTS.occupations)
    .flatMap(([id, ws]) => ws.map((w) => ({ id, w })))
    .filter(({ id, w }) => id !== 'lainnya' && has(plain, w))
    .sort((a, b) => b.w.length - a.w.length)[0];
  return found?.id as OccupationId | undefined;
}

/** The words people type for an occupation (registration and the calculator read them too). */
export function occupationWords(id: OccupationId): readonly string[] {
  return INTENTS.occupations[id] ?? [];
}

/**
 * "mau daftar…" in its common forms: a registering verb, wanted ("mau", "gmn caranya", "I want") or said
 * first or with a person; not a question about the registration's conditions ("umur 66 bisa daftar?").
 * The words decide for whom: "sendiri"/"myself" → self, daftarin + a person or occupation → someone else.
 */
function registerIntent(plain: string, raw: string): Intent | undefined {
  const r = INTENTS.register;
  const verb = r.verbs.find((v) => has(plain, v)) ?? (has(plain, 'sign up') ? 'sign up' : undefined);
  if (!verb || hasAny(plain, r.blockers) || /\d/.test(plain)) return undefined;
  const occupation = occupationIn(plain);
  const self = hasAny(plain, INTENTS.self);
  const person = hasAny(plain, INTENTS.other);
  const wanted = hasAny(plain, r.want) || plain.startsWith(verb);
  if (!wanted && !self && !person && occupation === undefined) return undefined;
  // A bare question ("bisa daftar?") is for the FAQ, unless it says what they want.
  if (raw.includes('?') && !hasAny(plain, r.want)) return undefined;
  // "saya tukang ojek mau daftar" names an occupation but not for whom: asked, not guessed.
  const forWhom = self ? 'self' : person || r.verbsForOther.includes(verb) ? 'other' : undefined;
  return { kind: 'register', ...(forWhom && { forWhom }), ...(occupation && { occupation }) };
}

/** What a free-text message at the menu (or between questions) wants, if it clearly wants something. */
export function detectIntent(text: string): Intent | undefined {
  const plain = normalizeAnswer(text);
  if (!plain) return undefined;
  if (INTENTS.resume.includes(plain)) return { kind: 'resume' };
  if (INTENTS.english.includes(plain)) return { kind: 'language', locale: 'en' };
  if (INTENTS.indonesian.includes(plain)) return { kind: 'language', locale: 'id' };
  return officerIntent(plain, text) ?? registerIntent(plain, text);
}

/**
 * A village officer naming their role ("sy kepala desa mau daftarin warga", "ketua paguyuban ojek"): the desa
 * request, over the generic "mau daftar…" it may hold. A bare question ("kades bisa daftar?") is for the FAQ.
 */
function officerIntent(plain: string, raw: string): Intent | undefined {
  if (!hasAny(plain, INTENTS.officerRoles)) return undefined;
  if (raw.includes('?') && !hasAny(plain, INTENTS.register.want)) return undefined;
  return { kind: 'officer', registering: registerIntent(plain, raw) !== undefined };
}

/** Whether a message opens with a salam ("Assalamualaikum…"), to be answered with one. */
export function isSalam(text: string): boolean {
  const plain = normalizeAnswer(text);
  return INTENTS.salam.some((w) => plain.startsWith(w));
}
