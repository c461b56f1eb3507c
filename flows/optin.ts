import { emit, setup } from 'xstate';
import { keyed, say } from '../src/engine/flow-types.ts';
import type { FlowDefinition } from '../src/engine/run-flow.ts';
import { flowTypes } from './kit.ts';
import { yesNoTransitions } from './questions/confirm.ts';

interface Ctx {
  communityId: number;
  name: string;
}

/** Builds the "receive this community's announcements?" question; the answer is stored by `save`. */
export function createOptInFlow(): FlowDefinition {
  const ask = (c: Ctx) => say('comm.optin.ask', { name: c.name }, keyed('comm.optin.yes', 'comm.optin.no'));
  const machine = setup({
    types: flowTypes<Ctx, { communityId: number; name: string }>(),
    actions: {
      ask: emit(({ context }) => ask(context)),
      // Injected with provide(): stores the answer and its date.
      save: (_, _p: { optedIn: boolean }) => {
        throw new Error('opt-in save not provided');
      },
    },
  }).createMachine({
    id: 'optin',
    context: ({ input }) => ({ communityId: input.communityId, name: input.name }),
    initial: 'asking',
    on: { 'flow.resume': { actions: 'ask' }, 'flow.back': { actions: 'ask' } },
    states: {
      asking: {
        entry: 'ask',
        on: {
          'user.text': yesNoTransitions<Ctx>()(
            { target: 'yes', actions: { type: 'save', params: { optedIn: true } } },
            { target: 'no', actions: { type: 'save', params: { optedIn: false } } },
          ),
        },
      },
      yes: { type: 'final', entry: emit(({ context }) => say('comm.optin.done_yes', { name: context.name })) },
      no: { type: 'final', entry: emit(({ context }) => say('comm.optin.done_no', { name: context.name })) },
    },
    // They came through a sign-up link: the menu opens with the offer to register.
    output: () => ({ showMenu: true, menuPrompt: 'menu.prompt_arrived' }),
  });
  return { id: 'optin', version: 1, machine, titleKey: 'comm.optin.title' };
}
