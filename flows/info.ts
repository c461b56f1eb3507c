import { assign, emit, setup } from 'xstate';
import { choiceNumber, normalizeAnswer } from '../src/engine/answers.ts';
import { type FlowOutput, type Say, type SayMany, say, sayMany, type TurnMeta } from '../src/engine/flow-types.ts';
import type { FlowDefinition } from '../src/engine/run-flow.ts';
import type { TopicId } from '../src/faq/topics.ts';
import { lookup } from '../src/util/own-key.ts';
import { flowTypes } from './kit.ts';
import { readOnce } from './read-once.ts';

/** What the topic list needs: the topics in order, how to answer one, and the free-text matcher. */
export interface InfoServices {
  topics: readonly TopicId[];
  /** `question` is the message that picked the topic (a number or the question in words). */
  answer(topic: TopicId, meta: TurnMeta, question?: string): Say;
  match(text: string): TopicId | undefined;
}

interface Ctx {
  /** Opened because a free-text question found no answer: say so above the list. */
  unsure: boolean;
  next?: FlowOutput['next'];
}

type Reading = { kind: 'topic'; topic: TopicId } | { kind: 'next'; next: NonNullable<FlowOutput['next']> } | { kind: 'none' };

/** Words that leave the list for another flow, as the answers' next steps suggest. */
const LEAVE: Record<string, NonNullable<FlowOutput['next']>> = {
  daftar: { flow: 'registration', input: { forWhom: 'other' } },
  daftarkan: { flow: 'registration', input: { forWhom: 'other' } },
  register: { flow: 'registration', input: { forWhom: 'other' } },
  'daftar sendiri': { flow: 'registration', input: { forWhom: 'self' } },
  hitung: { flow: 'calculator' },
};

/**
 * Builds the "Info perlindungan & iuran" flow: the topics as numbered choices; a number or a
 * question answers and ends it, anything unanswerable is recorded (via the provided `record`).
 */
export function createInfoFlow(services: InfoServices): FlowDefinition {
  const read = readOnce((event): Reading => (event.type === 'user.text' ? interpret(event.text) : { kind: 'none' }));
  const interpret = (text: string): Reading => {
    const n = choiceNumber(text, services.topics.length);
    const picked = n === undefined ? undefined : services.topics[n - 1];
    if (picked) return { kind: 'topic', topic: picked };
    const leave = lookup(LEAVE, normalizeAnswer(text));
    if (leave) return { kind: 'next', next: leave };
    const matched = services.match(text);
    return matched ? { kind: 'topic', topic: matched } : { kind: 'none' };
  };

  const list = (intro: boolean): SayMany => {
    const choices = services.topics.map((id) => ({ key: `faq.topic.${id}` as const }));
    return sayMany(intro ? [say('faq.list.unsure', {}, choices)] : [say('faq.list.prompt', {}, choices)]);
  };

  const machine = setup({
    types: flowTypes<Ctx, { unsure?: boolean }>(),
    guards: {
      isTopic: ({ event }) => read(event).kind === 'topic',
      isNext: ({ event }) => read(event).kind === 'next',
    },
    actions: {
      showList: emit((_, p: { intro: boolean }) => list(p.intro)),
      answer: emit(({ event }) => {
        const r = read(event);
        if (r.kind !== 'topic' || event.type !== 'user.text') throw new Error('answer without a topic');
        return services.answer(r.topic, event.meta, event.text);
      }),
      setNext: assign(({ event }) => {
        const r = read(event);
        return r.kind === 'next' ? { next: r.next } : {};
      }),
      again: emit(() => say('faq.list.again', { max: services.topics.length })),
      // Injected with provide(): the DB write of an unanswered question.
      record: () => {
        throw new Error('info record action not provided');
      },
    },
  });

  const built = machine.createMachine({
    id: 'info',
    context: ({ input }) => ({ unsure: input.unsure === true }),
    initial: 'list',
    on: {
      'flow.resume': { actions: { type: 'showList', params: { intro: false } } },
      'flow.back': { actions: { type: 'showList', params: { intro: false } } },
    },
    states: {
      list: {
        entry: { type: 'showList', params: ({ context }) => ({ intro: context.unsure }) },
        on: {
          'user.text': [
            { guard: 'isTopic', target: 'done', actions: 'answer' },
            { guard: 'isNext', target: 'done', actions: 'setNext' },
            { actions: ['record', 'again'] },
          ],
        },
      },
      done: { type: 'final' },
    },
    output: ({ context }) => (context.next ? { next: context.next } : {}),
  });

  return { id: 'info', version: 1, machine: built, titleKey: 'faq.title', transient: true };
}
