import { emit, setup } from 'xstate';
import { keyed, say } from '../src/engine/flow-types.ts';
import type { FlowDefinition } from '../src/engine/run-flow.ts';
import { accept, backTransitions, flowStates, flowTypes, questionFor, questionKit, refuse, type TrailContext } from './kit.ts';
import { communityQuestion, type NamedCommunity } from './questions/community.ts';
import { confirmQuestion } from './questions/confirm.ts';

/** A community the admin may announce to. */
export type BroadcastCommunity = NamedCommunity;

interface Ctx extends TrailContext {
  communities: BroadcastCommunity[];
  communityId?: number;
  text?: string;
}

/** Counts who would receive an announcement, without writing anything. */
export type CountRecipients = (communityId: number) => { recipients: number; skipped: number };

const MIN = 10;
const MAX = 1000;

const chosen = (c: Ctx) => c.communities.find((x) => x.id === c.communityId);

/** The announcement's questions: which community, the text, and the confirmation under a preview. */
function broadcastQuestions(count: CountRecipients) {
  const question = questionFor<Ctx>();
  return {
    community: question({ ...communityQuestion<Ctx>('comm.broadcast.pick'), next: { default: 'text' } }),
    text: question({
      prompt: (c) => [say('comm.broadcast.ask_text', { name: chosen(c)?.name ?? '', min: MIN, max: MAX })],
      answer: (text) =>
        text.length >= MIN && text.length <= MAX
          ? accept({ text })
          : refuse('comm.broadcast.bad_length', { min: MIN, max: MAX, count: text.length }),
      next: { default: 'confirm' },
    }),
    confirm: question({
      ...confirmQuestion<Ctx, 'send', 'drop'>(
        (c) => {
          const n = count(c.communityId ?? 0);
          const params = { name: chosen(c)?.name ?? '', text: c.text ?? '', count: n.recipients, skipped: n.skipped };
          return [say('comm.broadcast.preview', params, keyed('comm.broadcast.send', 'comm.broadcast.dont'))];
        },
        { yes: accept({}, 'send'), no: accept({}, 'drop') },
        { yes: ['kirim', 'kirimkan', 'send', 'kirim sekarang'], no: ['jangan', 'jangan kirim', 'nanti', "don't send"] },
      ),
      // Members may have left or opted out since the preview: with nobody left, say so whatever the answer.
      before: [{ guard: 'nobody', target: 'empty' }],
      next: { send: 'queued', drop: 'dropped' },
      actions: { send: 'queue' },
    }),
  };
}

/** Builds the `siaran` flow: pick the community, type the text, see a preview with the count, confirm. */
export function createBroadcastFlow(count: CountRecipients): FlowDefinition {
  const questions = broadcastQuestions(count);
  const kit = questionKit<typeof questions, Ctx>(questions, 'text');
  const machine = setup({
    types: flowTypes<Ctx, { communities: BroadcastCommunity[] }>(),
    guards: {
      ...kit.guards,
      several: ({ context }) => context.communities.length > 1,
      nobody: ({ context }) => count(context.communityId ?? 0).recipients === 0,
    },
    actions: {
      ...kit.actions,
      // Injected with provide(): creates the broadcast and its outbox rows in the turn's transaction.
      queue: () => {
        throw new Error('broadcast queue action not provided');
      },
      queued: emit(({ context }) => say('comm.broadcast.queued', { count: count(context.communityId ?? 0).recipients })),
      dropped: emit(say('comm.broadcast.dropped')),
      empty: emit(say('comm.broadcast.nobody')),
    },
  }).createMachine({
    id: 'broadcast',
    context: ({ input }) => ({ trail: [], communities: input.communities, communityId: input.communities[0]?.id }),
    initial: 'start',
    on: { 'flow.resume': { actions: 'reprompt' }, 'flow.back': backTransitions<Ctx>(Object.keys(questions)) },
    states: flowStates(questions, {
      start: { always: [{ guard: 'several', target: 'community' }, { target: 'text' }] },
      queued: { type: 'final', entry: 'queued' },
      dropped: { type: 'final', entry: 'dropped' },
      empty: { type: 'final', entry: 'empty' },
    }),
    output: () => ({ showMenu: true }),
  });
  return { id: 'broadcast', version: 1, machine, titleKey: 'comm.broadcast.title' };
}
