import { assign, emit } from 'xstate';
import { type Choice, type FlowEvent, type Say, type SayMany, say, sayMany, type TurnMeta } from '../src/engine/flow-types.ts';
import type { MessageKey, Params } from '../src/i18n.ts';

/** Context every question-by-question flow keeps: the questions asked so far, for `kembali`. */
export interface TrailContext {
  trail: string[];
}

/** The trail after entering question `q` (re-entering the current question adds nothing). */
export function pushTrail(trail: readonly string[], q: string): string[] {
  return trail.at(-1) === q ? [...trail] : [...trail, q];
}

/**
 * Root-level `flow.back` transitions for a question flow: go to the question asked before the
 * current one, keeping every answer; at the first question, say so.
 */
// biome-ignore lint/suspicious/noExplicitAny: XState's transition types depend on each machine's own context and events.
export function backTransitions(questions: readonly string[]): any {
  return [
    ...questions.map((q) => ({
      guard: ({ context }: { context: TrailContext }) => context.trail.at(-2) === q,
      target: `.${q}`,
      // Drop the current question and the one we go back to: entering it pushes it again.
      actions: assign(({ context }: { context: TrailContext }) => ({ trail: context.trail.slice(0, -2) })),
    })),
    { actions: emit(say('back.first_question')) },
  ];
}

/** The turn facts of any event a flow sees, including the start event (which carries its input). */
export function metaOf(event: { type: string; meta?: TurnMeta; input?: { meta?: TurnMeta } }): TurnMeta {
  const meta = event.meta ?? event.input?.meta;
  if (!meta) throw new Error(`event ${event.type} carries no turn meta`);
  return meta;
}

/** Prompts of a question flow: what to say when question `Q` is asked, from the context and the turn. */
export type Prompts<Q extends string, C> = Record<Q, (context: C, meta: TurnMeta) => Say[]>;

/** An answer read: what to store (and which way to go next), or what to tell the user about it. */
export type Parsed<C> = { ok: true; patch: Partial<C>; branch?: string } | { ok: false; say: Say };

/** Readers of each question's answer. */
export type Answers<Q extends string, C> = Record<Q, (text: string, context: C, meta: TurnMeta) => Parsed<C>>;

/** An answer that is not accepted, with the message that says why and what to type instead. */
export function refuse(key: MessageKey, params?: Params, choices?: Choice[]): { ok: false; say: Say } {
  return { ok: false, say: say(key, params, choices) };
}

/** Entry actions of a question state: note it on the trail (for `kembali`), then ask it. */
export function ask<Q extends string>(q: Q) {
  return [
    { type: 'track' as const, params: { q } },
    { type: 'prompt' as const, params: { q } },
  ];
}

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
 * The machinery every question-by-question flow shares, for its prompts and answers tables: `parse` (memoised
 * per event, so a transition's guard and action read an answer once), the `accepted` guard, and the question
 * actions plus `apply` and `reject`.
 */
export function questionKit<Q extends string, C extends TrailContext>(prompts: Prompts<Q, C>, answers: Answers<Q, C>, first: NoInfer<Q>) {
  const memo = new WeakMap<object, Parsed<C>>();
  const parse = (q: Q, context: C, event: FlowEvent): Parsed<C> => {
    if (event.type !== 'user.text') return refuse('input.empty');
    let r = memo.get(event);
    if (!r) {
      r = answers[q](event.text, context, event.meta);
      memo.set(event, r);
    }
    return r;
  };
  return {
    parse,
    guards: {
      accepted: ({ context, event }: { context: C; event: FlowEvent }, p: { q: Q; branch?: string }) => {
        const r = parse(p.q, context, event);
        return r.ok && r.branch === p.branch;
      },
    },
    actions: {
      ...questionActions(prompts, first),
      apply: assign<C, FlowEvent, { q: Q }, FlowEvent, never>(({ context, event }, p) => {
        const r = parse(p.q, context, event);
        return r.ok ? r.patch : {};
      }),
      reject: emit<C, FlowEvent, { q: Q }, FlowEvent, Say>(({ context, event }, p) => {
        const r = parse(p.q, context, event);
        return r.ok ? say('input.empty') : r.say;
      }),
    },
  };
}

/**
 * A question state: on a typed answer, `before` transitions first (e.g. back to a summary), then one per
 * accepted branch (`default` = no branch) to its target, else the refusal is said and the question stays.
 */
export function questionState<Q extends string>(q: Q, targets: Record<string, string>, before: readonly object[] = []) {
  return {
    entry: ask(q),
    on: {
      'user.text': [
        ...before,
        ...Object.entries(targets).map(([branch, target]) => ({
          guard: { type: 'accepted' as const, params: { q, branch: branch === 'default' ? undefined : branch } },
          target,
          // A question answered with something that asks it again (a new search) must run its entry actions.
          reenter: target === q,
          actions: { type: 'apply' as const, params: { q } },
        })),
        { actions: { type: 'reject' as const, params: { q } } },
      ],
    },
  };
}
