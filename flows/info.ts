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
  /** The topic list was shown in this conversation, so a number typed after an answer still means a topic. */
  listShown: boolean;
  /** Opened by a question answered at the menu: answer it first. */
  first?: { topic: TopicId; question: string };
  next?: FlowOutput['next'];
  handOver?: boolean;
}

type Reading =
  | { kind: 'topic'; topic: TopicId }
  | { kind: 'next'; next: NonNullable<FlowOutput['next']> }
  | { kind: 'menuNumber' }
  | { kind: 'none' };

/**
 * Words that leave the list for another flow, as the answers' next steps suggest. A bare `daftar` asks for
 * whom (a vendor reading "ketik daftar" may mean himself); `daftar sendiri` does not.
 */
const LEAVE: Record<string, NonNullable<FlowOutput['next']>> = {
  daftar: { flow: 'registration' },
  register: { flow: 'registration' },
  daftarkan: { flow: 'registration', input: { forWhom: 'other' } },
  'daftar sendiri': { flow: 'registration', input: { forWhom: 'self' } },
  hitung: { flow: 'calculator' },
};

/**
 * Builds the "Info perlindungan & iuran" flow: the topics as numbered choices; a number or a question
 * answers it and the flow stays, so the next number still means a topic of the list the user saw. Anything
 * else after an answer is handed back to the menu; at the list, anything unanswerable is recorded (`record`).
 */
export function createInfoFlow(services: InfoServices): FlowDefinition {
  const read = readOnce((event, listShown: boolean): Reading => {
    if (event.type !== 'user.text') return { kind: 'none' };
    const n = choiceNumber(event.text, services.topics.length);
    const picked = n === undefined ? undefined : services.topics[n - 1];
    // After an answer given at the menu, a number is a menu number: the topic list was never shown.
    if (picked) return listShown ? { kind: 'topic', topic: picked } : { kind: 'menuNumber' };
    const leave = lookup(LEAVE, normalizeAnswer(event.text));
    if (leave) return { kind: 'next', next: leave };
    const matched = services.match(event.text);
    return matched ? { kind: 'topic', topic: matched } : { kind: 'none' };
  });
  const reading = ({ context, event }: { context: Ctx; event: Parameters<typeof read>[0] }) => read(event, context.listShown);

  const list = (intro: boolean): SayMany => {
    const choices = services.topics.map((id) => ({ key: `faq.topic.${id}` as const }));
    return sayMany(intro ? [say('faq.list.unsure', {}, choices)] : [say('faq.list.prompt', {}, choices)]);
  };

  const machine = setup({
    types: flowTypes<Ctx, { unsure?: boolean; first?: { topic: TopicId; question: string } }>(),
    guards: {
      isTopic: (a) => reading(a).kind === 'topic',
      isNext: (a) => reading(a).kind === 'next',
      answeredFirst: ({ context }) => context.first !== undefined,
    },
    actions: {
      showList: emit((_, p: { intro: boolean }) => list(p.intro)),
      listShown: assign({ listShown: true, unsure: false }),
      answerFirst: emit(({ context, event }) => {
        const meta = (event as { input?: { meta: TurnMeta } }).input?.meta;
        if (!context.first || !meta) throw new Error('no first question to answer');
        return services.answer(context.first.topic, meta, context.first.question);
      }),
      answer: emit((a) => {
        const r = reading(a);
        if (r.kind !== 'topic' || a.event.type !== 'user.text') throw new Error('answer without a topic');
        return services.answer(r.topic, a.event.meta, a.event.text);
      }),
      setNext: assign((a) => {
        const r = reading(a);
        return r.kind === 'next' ? { next: r.next } : {};
      }),
      handOver: assign({ handOver: true }),
      again: emit(() => ({ ...say('faq.list.again', { max: services.topics.length }), refusal: true as const })),
      // Injected with provide(): the DB write of an unanswered question.
      record: () => {
        throw new Error('info record action not provided');
      },
    },
  });

  const leaveOrAnswer = [
    { guard: 'isTopic', target: 'answered', reenter: true, actions: 'answer' },
    { guard: 'isNext', target: 'done', actions: 'setNext' },
  ] as const;

  const built = machine.createMachine({
    id: 'info',
    context: ({ input }) => ({ unsure: input.unsure === true, listShown: input.first === undefined, first: input.first }),
    initial: 'start',
    on: {
      'flow.resume': { target: '.list', actions: 'listShown' },
      'flow.back': { target: '.list', actions: 'listShown' },
    },
    states: {
      start: { always: [{ guard: 'answeredFirst', target: 'answered', actions: 'answerFirst' }, { target: 'list' }] },
      list: {
        entry: { type: 'showList', params: ({ context }) => ({ intro: context.unsure }) },
        on: { 'user.text': [...leaveOrAnswer, { actions: ['record', 'again'] }] },
      },
      // An answer was given: another number or question is answered too; anything else is for the menu.
      answered: { on: { 'user.text': [...leaveOrAnswer, { target: 'done', actions: 'handOver' }] } },
      done: { type: 'final' },
    },
    output: ({ context }) => (context.next ? { next: context.next } : context.handOver ? { handOver: true } : {}),
  });

  return { id: 'info', version: 2, machine: built, titleKey: 'faq.title', transient: true };
}
