import { assign, emit, setup } from 'xstate';
import { matchOption, yesNo } from '../src/engine/answers.ts';
import { type FlowEvent, type FlowOutput, keyed, type Say, type SayMany, say, type TurnMeta } from '../src/engine/flow-types.ts';
import type { FlowDefinition } from '../src/engine/run-flow.ts';
import { ask, backTransitions, questionActions, type TrailContext } from './kit.ts';

/** A community the admin may announce to. */
export interface BroadcastCommunity {
  id: number;
  name: string;
}

interface Ctx extends TrailContext {
  communities: BroadcastCommunity[];
  communityId?: number;
  text?: string;
}

/** Counts who would receive an announcement, without writing anything. */
export type CountRecipients = (communityId: number) => { recipients: number; skipped: number };

const MIN = 10;
const MAX = 1000;

type Q = 'community' | 'text' | 'confirm';

/** Builds the `siaran` flow: pick the community, type the text, see a preview with the count, confirm. */
export function createBroadcastFlow(count: CountRecipients): FlowDefinition {
  const chosen = (c: Ctx) => c.communities.find((x) => x.id === c.communityId);
  const prompts: Record<Q, (c: Ctx, meta: TurnMeta) => Say[]> = {
    community: (c) => [
      say(
        'comm.broadcast.pick',
        {},
        c.communities.map((x) => ({ raw: x.name })),
      ),
    ],
    text: (c) => [say('comm.broadcast.ask_text', { name: chosen(c)?.name ?? '', min: MIN, max: MAX })],
    confirm: (c) => {
      const n = count(c.communityId ?? 0);
      return [
        say(
          'comm.broadcast.preview',
          { name: chosen(c)?.name ?? '', text: c.text ?? '', count: n.recipients, skipped: n.skipped },
          keyed('comm.broadcast.send', 'comm.broadcast.dont'),
        ),
      ];
    },
  };
  const pick = (text: string, c: Ctx) => {
    const n = Number(text.trim());
    return Number.isInteger(n) && n >= 1 && n <= c.communities.length ? c.communities[n - 1] : undefined;
  };
  const machine = setup({
    types: {
      context: {} as Ctx,
      events: {} as FlowEvent,
      emitted: {} as Say | SayMany,
      output: {} as FlowOutput,
      input: {} as { meta: TurnMeta; communities: BroadcastCommunity[] },
    },
    guards: {
      several: ({ context }) => context.communities.length > 1,
      picked: ({ context, event }) => event.type === 'user.text' && pick(event.text, context) !== undefined,
      goodText: ({ event }) => event.type === 'user.text' && event.text.length >= MIN && event.text.length <= MAX,
      yes: ({ event }) => event.type === 'user.text' && matchOption(event.text, yesNo) === 'yes',
      no: ({ event }) => event.type === 'user.text' && matchOption(event.text, yesNo) === 'no',
      nobody: ({ context }) => count(context.communityId ?? 0).recipients === 0,
    },
    actions: {
      ...questionActions(prompts, 'text'),
      // Injected with provide(): creates the broadcast and its outbox rows in the turn's transaction.
      queue: () => {
        throw new Error('broadcast queue action not provided');
      },
    },
  }).createMachine({
    id: 'broadcast',
    context: ({ input }) => ({ trail: [], communities: input.communities, communityId: input.communities[0]?.id }),
    initial: 'start',
    on: { 'flow.resume': { actions: 'reprompt' }, 'flow.back': backTransitions(['community', 'text', 'confirm']) },
    states: {
      start: { always: [{ guard: 'several', target: 'community' }, { target: 'text' }] },
      community: {
        entry: ask('community'),
        on: {
          'user.text': [
            {
              guard: 'picked',
              target: 'text',
              actions: assign({
                communityId: ({ context, event }) => (event.type === 'user.text' ? pick(event.text, context)?.id : undefined),
              }),
            },
            { actions: emit(({ context }) => say('reg.error.choose', { max: context.communities.length })) },
          ],
        },
      },
      text: {
        entry: ask('text'),
        on: {
          'user.text': [
            {
              guard: 'goodText',
              target: 'confirm',
              actions: assign({ text: ({ event }) => (event.type === 'user.text' ? event.text : '') }),
            },
            {
              actions: emit(({ event }) =>
                say('comm.broadcast.bad_length', { min: MIN, max: MAX, count: event.type === 'user.text' ? event.text.length : 0 }),
              ),
            },
          ],
        },
      },
      confirm: {
        entry: ask('confirm'),
        on: {
          'user.text': [
            { guard: 'nobody', target: 'empty' },
            { guard: 'yes', target: 'queued', actions: 'queue' },
            { guard: 'no', target: 'dropped' },
            { actions: emit(say('reg.error.yes_no')) },
          ],
        },
      },
      queued: {
        type: 'final',
        entry: emit(({ context }) => say('comm.broadcast.queued', { count: count(context.communityId ?? 0).recipients })),
      },
      dropped: { type: 'final', entry: emit(say('comm.broadcast.dropped')) },
      empty: { type: 'final', entry: emit(say('comm.broadcast.nobody')) },
    },
    output: () => ({ showMenu: true }),
  });
  return { id: 'broadcast', version: 1, machine, titleKey: 'comm.broadcast.title' };
}
