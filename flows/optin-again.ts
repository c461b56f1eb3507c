import { emit, setup } from 'xstate';
import { keyed, say } from '../src/engine/flow-types.ts';
import type { FlowDefinition } from '../src/engine/run-flow.ts';
import { accept, backTransitions, flowStates, flowTypes, questionFor, questionKit, type TrailContext } from './kit.ts';
import { communityQuestion, type NamedCommunity } from './questions/community.ts';
import { confirmQuestion } from './questions/confirm.ts';

/** A community whose announcements the user may receive again. */
export type OptInCommunity = NamedCommunity;

interface Ctx extends TrailContext {
  communities: OptInCommunity[];
  communityId?: number;
}

const chosen = (c: Ctx) => c.communities.find((x) => x.id === c.communityId);

const question = questionFor<Ctx>();

/** Which community (when there are several), then a yes/no: `mulai` never says yes on the user's behalf. */
const questions = {
  community: question({ ...communityQuestion<Ctx>('optin_again.pick'), next: { default: 'confirm' } }),
  confirm: question({
    ...confirmQuestion<Ctx, 'yes', 'no'>(
      (c) => [say('optin_again.confirm', { name: chosen(c)?.name ?? '' }, keyed('comm.optin.yes', 'comm.optin.no'))],
      {
        yes: accept({}, 'yes'),
        no: accept({}, 'no'),
      },
    ),
    next: { yes: 'subscribed', no: 'kept' },
    actions: { yes: 'subscribe' },
  }),
};

/** Builds the `mulai` flow: pick the community, confirm, and only then receive its announcements again (`subscribe`). */
export function createOptInAgainFlow(): FlowDefinition {
  const kit = questionKit<typeof questions, Ctx>(questions, 'confirm');
  const machine = setup({
    types: flowTypes<Ctx, { communities: OptInCommunity[] }>(),
    guards: { ...kit.guards, several: ({ context }) => context.communities.length > 1 },
    actions: {
      ...kit.actions,
      // Injected with provide(): stores the yes for the chosen community and lifts `berhenti`.
      subscribe: () => {
        throw new Error('optin_again subscribe action not provided');
      },
      subscribed: emit(({ context }) => say('comm.optin.done_yes', { name: chosen(context)?.name ?? '' })),
      kept: emit(({ context }) => say('optin_again.kept', { name: chosen(context)?.name ?? '' })),
    },
  }).createMachine({
    id: 'optin_again',
    context: ({ input }) => ({ trail: [], communities: input.communities, communityId: input.communities[0]?.id }),
    initial: 'start',
    on: { 'flow.resume': { actions: 'reprompt' }, 'flow.back': backTransitions<Ctx>(Object.keys(questions)) },
    states: flowStates(questions, {
      start: { always: [{ guard: 'several', target: 'community' }, { target: 'confirm' }] },
      subscribed: { type: 'final', entry: 'subscribed' },
      kept: { type: 'final', entry: 'kept' },
    }),
    output: () => ({ showMenu: true }),
  });
  return { id: 'optin_again', version: 1, machine, titleKey: 'optin_again.title' };
}
