import { assign, emit } from 'xstate';
import {
  type Choice,
  type FlowEvent,
  type FlowOutput,
  type Say,
  type SayMany,
  say,
  sayMany,
  type TurnMeta,
} from '../src/engine/flow-types.ts';
import type { MessageKey, Params } from '../src/i18n.ts';
import { readOnce } from './read-once.ts';

/**
 * The `types` of a flow's `setup()`: its context and its start input (with the turn's meta); the events,
 * emitted messages and output are the same for every flow, as the engine sends and reads them.
 */
export function flowTypes<C, I extends object = object>() {
  return {
    context: {} as C,
    events: {} as FlowEvent,
    emitted: {} as Say | SayMany,
    output: {} as FlowOutput,
    input: {} as I & { meta: TurnMeta },
  };
}

/** Context every question-by-question flow keeps: the questions asked so far, for `kembali`. */
export interface TrailContext {
  trail: string[];
}

/** The trail after entering question `q` (re-entering the current question adds nothing). */
function pushTrail(trail: readonly string[], q: string): string[] {
  return trail.at(-1) === q ? [...trail] : [...trail, q];
}

/**
 * Root-level `flow.back` transitions for a question flow: go to the question asked before the
 * current one, keeping every answer; at the first question, say so.
 */
export function backTransitions<C extends TrailContext = TrailContext>(questions: readonly string[]) {
  return [
    ...questions.map((q) => ({
      guard: ({ context }: { context: C }) => context.trail.at(-2) === q,
      target: `.${q}`,
      // Drop the current question and the one we go back to: entering it pushes it again.
      actions: assign<C, FlowEvent, undefined, FlowEvent, never>(({ context }) => ({ trail: context.trail.slice(0, -2) }) as Partial<C>),
    })),
    { actions: emit<C, FlowEvent, undefined, FlowEvent, Say>(say('back.first_question')) },
  ];
}

/** The turn facts of any event a flow sees, including the start event (which carries its input). */
function metaOf(event: { type: string; meta?: TurnMeta; input?: { meta?: TurnMeta } }): TurnMeta {
  const meta = event.meta ?? event.input?.meta;
  if (!meta) throw new Error(`event ${event.type} carries no turn meta`);
  return meta;
}

/** An accepted answer: what to store, and the branch it takes (`default` unless the answer names one). */
export interface Accepted<P, B extends string> {
  ok: true;
  patch: P;
  branch: B;
  /** What the bot says about how it read the answer ("1,5 jt → Rp1.500.000"), before the next question. */
  note?: Say[];
}

/** An answer that is not accepted, with the message that says why and what to type instead. */
export interface Refused {
  ok: false;
  say: Say;
}

/** An answer read: what to store and which way to go next, or what to tell the user about it. */
export type Parsed<C, B extends string = 'default'> = Accepted<Partial<C>, B> | Refused;

/** Accepts an answer, storing `patch` and taking the `default` branch or the one named. */
export function accept<P>(patch: P): Accepted<P, 'default'>;
export function accept<P, B extends string>(patch: P, branch: B): Accepted<P, B>;
export function accept<P>(patch: P, branch = 'default'): Accepted<P, string> {
  return { ok: true, patch, branch };
}

/** The accepted answer with a note on how it was read (said before the next question). */
export function noted<P, B extends string>(accepted: Accepted<P, B>, ...note: Say[]): Accepted<P, B> {
  return { ...accepted, note };
}

/** Refuses an answer with the message that says why and what to type instead. */
export function refuse(key: MessageKey, params?: Params, choices?: Choice[]): Refused {
  return { ok: false, say: { ...say(key, params, choices), refusal: true } };
}

/**
 * How one question is asked and how its answer is read (shared definitions live in `flows/questions/`);
 * `S` is what the answer stores, when it is only part of the flow's context `C`.
 */
export interface QuestionDef<C, B extends string = 'default', S = C> {
  prompt: (context: C, meta: TurnMeta) => Say[];
  answer: (text: string, context: C, meta: TurnMeta) => Parsed<S, B>;
}

/** Action names to run on some branches of an answer. */
export type ActionsByBranch<B extends string> = Partial<Record<B, string>>;

/** What a flow adds to a question: where each branch leads, and what else runs on the way. */
export interface QuestionWiring<
  B extends string,
  T extends string,
  E extends string = never,
  X extends ActionsByBranch<B> = Record<never, never>,
> {
  /** The state each branch of the answer leads to: every branch the answer returns, and no other. */
  next: Record<B, T>;
  /** Actions run on entering the question, before it is asked. */
  entry?: readonly E[];
  /** Actions run when the answer takes a branch, besides storing it (e.g. `submit`). */
  actions?: X;
  /** Transitions tried on a typed message before the answer is read (e.g. "nobody to send to"). */
  before?: readonly object[];
  /** In a flow that edits answers from a summary: this answer goes on in the flow, not back to the summary. */
  whileEditing?: 'continue';
}

/** One row of a flow's question table. */
export type Question<
  C,
  B extends string = string,
  T extends string = string,
  E extends string = string,
  X extends ActionsByBranch<B> = ActionsByBranch<B>,
> = QuestionDef<C, B> & QuestionWiring<B, T, E, X>;

/**
 * The row builder of a question table for context `C`: the branch names are read from the answer's
 * type, so a `next` that misses a branch or names one the answer never returns fails the typecheck.
 */
export function questionFor<C>() {
  return <
    B extends string,
    const N extends Record<NoInfer<B>, string>,
    const E extends string = never,
    const X extends ActionsByBranch<NoInfer<B>> = Record<never, never>,
  >(
    row: QuestionDef<C, B> &
      Omit<QuestionWiring<NoInfer<B>, string, E, X>, 'next'> & { next: N & Record<Exclude<keyof N, NoInfer<B>>, never> },
  ): Question<C, B, N[keyof N], E, X> => row;
}

/** A flow's question table: question name → row. */
export type QuestionTable<C> = Record<string, Question<C, string, string>>;

/** Every state some question of the table leads to. */
export type TargetsOf<T> = { [K in keyof T]: T[K] extends { next: Record<string, infer S> } ? S : never }[keyof T];

/** Every action name the table's rows run besides the question's own. */
type ActionsOf<T> = {
  [K in keyof T]: T[K] extends QuestionWiring<string, string, infer E, infer X> ? E | Exclude<X[keyof X], undefined> : never;
}[keyof T];

/** Entry actions of a question state: note it on the trail (for `kembali`), then ask it. */
export function ask<Q extends string>(q: Q) {
  return [
    { type: 'track' as const, params: { q } },
    { type: 'prompt' as const, params: { q } },
  ];
}

/** Prompts of a question flow: what to say when question `Q` is asked, from the context and the turn. */
export type Prompts<Q extends string, C> = Record<Q, (context: C, meta: TurnMeta) => Say[]>;

/** The `track`, `prompt` and `reprompt` actions of a question flow (`reprompt` asks `first` before any was tracked). */
export function questionActions<Q extends string, C extends TrailContext>(prompts: Prompts<Q, C>, first: NoInfer<Q>) {
  return {
    track: assign<C, FlowEvent, { q: Q }, FlowEvent, never>(({ context }, p) => ({ trail: pushTrail(context.trail, p.q) }) as Partial<C>),
    prompt: emit<C, FlowEvent, { q: Q }, FlowEvent, SayMany>(({ context, event }, p) => sayMany(prompts[p.q](context, metaOf(event)))),
    reprompt: emit<C, FlowEvent, undefined, FlowEvent, SayMany>(({ context, event }) =>
      sayMany(prompts[(context.trail.at(-1) ?? first) as Q](context, metaOf(event))),
    ),
  };
}

/**
 * The machinery of a flow's question table: `parse` (read once per message), the `accepted` guard, and
 * the question actions plus `apply` and `reject`.
 */
export function questionKit<T extends QuestionTable<C>, C extends TrailContext>(table: T, first: NoInfer<keyof T & string>) {
  type Q = keyof T & string;
  const parse = readOnce((event: FlowEvent, q: Q, context: C): Parsed<C, string> => {
    const row = table[q];
    if (!row) throw new Error(`no question ${q}`);
    return event.type === 'user.text' ? row.answer(event.text, context, event.meta) : refuse('input.empty');
  });
  const prompts = Object.fromEntries(Object.entries(table).map(([q, row]) => [q, row.prompt])) as Prompts<Q, C>;
  return {
    parse,
    guards: {
      accepted: ({ context, event }: { context: C; event: FlowEvent }, p: { q: Q; branch: string }) => {
        const r = parse(event, p.q, context);
        return r.ok && r.branch === p.branch;
      },
    },
    actions: {
      ...questionActions(prompts, first),
      apply: assign<C, FlowEvent, { q: Q }, FlowEvent, never>(({ context, event }, p) => {
        const r = parse(event, p.q, context);
        return r.ok ? r.patch : {};
      }),
      note: emit<C, FlowEvent, { q: Q }, FlowEvent, SayMany>(({ context, event }, p) => {
        const r = parse(event, p.q, context);
        return sayMany(r.ok ? (r.note ?? []) : []);
      }),
      reject: emit<C, FlowEvent, { q: Q }, FlowEvent, Say>(({ context, event }, p) => {
        const r = parse(event, p.q, context);
        return r.ok ? say('input.empty') : r.say;
      }),
    },
  };
}

/**
 * The state of question `q`: on a typed answer, the row's `before` transitions and then `first` (e.g. back to
 * a summary), then one per branch to its target, else the refusal is said and the question stays.
 */
function questionState<Q extends string, A extends string>(
  q: Q,
  row: QuestionWiring<string, string, A, Partial<Record<string, A>>>,
  first: readonly object[],
) {
  const actions = (branch: string) => {
    const also = row.actions?.[branch];
    return [{ type: 'apply' as const, params: { q } }, { type: 'note' as const, params: { q } }, ...(also ? [also] : [])];
  };
  return {
    entry: [...(row.entry ?? []), ...ask(q)],
    on: {
      'user.text': [
        ...(row.before ?? []),
        ...first,
        ...Object.entries(row.next).map(([branch, target]) => ({
          guard: { type: 'accepted' as const, params: { q, branch } },
          target,
          // A question answered with something that asks it again (a new search) must run its entry actions.
          reenter: target === q,
          actions: actions(branch),
        })),
        { actions: { type: 'reject' as const, params: { q } } },
      ],
    },
  };
}

/**
 * The states of a question flow: one per row of the table, plus `others` (final states, branch points),
 * which must include every target that is not a question, so a misspelt target fails the typecheck.
 * `first(q)` adds transitions tried before the branches of question `q`.
 */
export function flowStates<
  T extends Record<string, QuestionWiring<string, string, string, ActionsByBranch<string>>>,
  const O extends Record<Exclude<TargetsOf<T> & string, keyof T>, object>,
>(table: T, others: O, first: (q: keyof T & string, row: T[keyof T]) => readonly object[] = () => []) {
  const questions = Object.fromEntries(
    Object.entries(table).map(([q, row]) => [
      q,
      questionState(
        q as keyof T & string,
        row as QuestionWiring<string, string, ActionsOf<T>, Partial<Record<string, ActionsOf<T>>>>,
        first(q as keyof T & string, row as T[keyof T]),
      ),
    ]),
  ) as Record<keyof T & string, ReturnType<typeof questionState<keyof T & string, ActionsOf<T>>>>;
  return { ...questions, ...others };
}
