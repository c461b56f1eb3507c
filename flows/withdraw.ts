import { emit, setup } from 'xstate';
import { keyed, say } from '../src/engine/flow-types.ts';
import type { FlowDefinition } from '../src/engine/run-flow.ts';
import { flowTypes } from './kit.ts';
import { yesNoTransitions } from './questions/confirm.ts';

interface Ctx {
  code: string;
  name: string;
}

/** Builds the "withdraw a submitted referral" flow; the status change is injected as `withdraw`. */
export function createWithdrawFlow(): FlowDefinition {
  const confirm = (c: Ctx) => say('withdraw.confirm', { code: c.code, name: c.name }, keyed('common.yes', 'common.no'));
  const machine = setup({
    types: flowTypes<Ctx, { code: string; name: string }>(),
    actions: {
      ask: emit(({ context }) => confirm(context)),
      say: emit(({ context }, p: { key: 'withdraw.done' | 'withdraw.kept' }) => say(p.key, { code: context.code })),
      withdraw: () => {
        throw new Error('withdraw action not provided');
      },
    },
  }).createMachine({
    id: 'withdraw',
    context: ({ input }) => ({ code: input.code, name: input.name }),
    initial: 'confirm',
    on: { 'flow.resume': { actions: 'ask' }, 'flow.back': { actions: 'ask' } },
    states: {
      confirm: {
        entry: 'ask',
        on: {
          'user.text': yesNoTransitions<Ctx>()({ target: 'done', actions: 'withdraw' }, { target: 'kept' }),
        },
      },
      done: { type: 'final', entry: { type: 'say', params: { key: 'withdraw.done' } } },
      kept: { type: 'final', entry: { type: 'say', params: { key: 'withdraw.kept' } } },
    },
    output: () => ({ showMenu: true }),
  });
  return { id: 'withdraw', version: 1, machine, titleKey: 'withdraw.title' };
}
