import { emit, setup } from 'xstate';
import { keyed, say } from '../src/engine/flow-types.ts';
import type { FlowDefinition } from '../src/engine/run-flow.ts';
import { flowTypes } from './kit.ts';
import { yesNoTransitions } from './questions/confirm.ts';

/** What is to be erased: one referral the user made, or everything about the user. */
export type EraseTarget = { kind: 'referral'; code: string; name: string } | { kind: 'me'; referrals: number };

interface Ctx {
  target: EraseTarget;
  /** What the erasure removed, set by the provided `erase` action (referrals in which the user was the worker). */
  erased?: number;
}

/** Builds the erasure confirmation (`hapus KODE`, `hapus data saya`); the deletion is injected as `erase`. */
export function createEraseFlow(): FlowDefinition {
  const ask = (c: Ctx) =>
    c.target.kind === 'referral'
      ? say('erase.referral.confirm', { code: c.target.code, name: c.target.name }, keyed('erase.yes', 'common.no'))
      : say('erase.me.confirm', { count: c.target.referrals }, keyed('erase.yes', 'common.no'));
  const done = (c: Ctx) =>
    c.target.kind === 'referral' ? say('erase.referral.done', { code: c.target.code }) : say('erase.me.done', { count: c.erased ?? 0 });
  const machine = setup({
    types: flowTypes<Ctx, { target: EraseTarget }>(),
    actions: {
      ask: emit(({ context }) => ask(context)),
      done: emit(({ context }) => done(context)),
      kept: emit(say('erase.kept')),
      // Injected with provide(): erases in the turn's transaction and assigns `erased`.
      erase: () => {
        throw new Error('erase action not provided');
      },
    },
  }).createMachine({
    id: 'erase',
    context: ({ input }) => ({ target: input.target }),
    initial: 'confirm',
    on: { 'flow.resume': { actions: 'ask' }, 'flow.back': { actions: 'ask' } },
    states: {
      confirm: {
        entry: 'ask',
        on: { 'user.text': yesNoTransitions<Ctx>()({ target: 'erased', actions: 'erase' }, { target: 'kept' }) },
      },
      erased: { type: 'final', entry: 'done' },
      kept: { type: 'final', entry: 'kept' },
    },
    output: () => ({ showMenu: true }),
  });
  return { id: 'erase', version: 1, machine, titleKey: 'erase.title' };
}
