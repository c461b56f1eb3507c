import { assign, emit, setup } from 'xstate';
import { ask, backTransitions, questionActions, type TrailContext } from '../../flows/kit.ts';
import { matchOption, yesNo } from '../../src/engine/answers.ts';
import { type FlowEvent, type FlowOutput, keyed, type Say, type SayMany, say } from '../../src/engine/flow-types.ts';
import type { FlowDefinition } from '../../src/engine/run-flow.ts';
import type { MessageKey } from '../../src/i18n.ts';

// Why: the test flow's keys are not in the shipped locales; the renderer shows a missing key as itself.
const k = (key: string) => key as MessageKey;

/** A tiny three-question flow that exercises the engine without any domain logic. */
interface PetContext extends TrailContext {
  name?: string;
  age?: number;
}

type Q = 'name' | 'age' | 'confirm';

const prompts: Record<Q, (c: PetContext) => Say[]> = {
  name: () => [say(k('test.ask_name'))],
  age: (c) => [say(k('test.ask_age'), { name: c.name ?? '' })],
  confirm: (c) => [say(k('test.confirm'), { name: c.name ?? '', age: c.age ?? 0 }, keyed('common.yes', 'common.no'))],
};

/** Builds the test flow; `save` is its injected side effect (a synchronous DB write). */
export function petFlow(save: (userKey: string, name: string, age: number) => void, version = 1): FlowDefinition {
  const machine = setup({
    types: {
      context: {} as PetContext,
      events: {} as FlowEvent,
      emitted: {} as Say | SayMany,
      output: {} as FlowOutput,
      input: {} as Record<string, unknown>,
    },
    actions: {
      ...questionActions<Q, PetContext>(
        { name: (c) => prompts.name(c), age: (c) => prompts.age(c), confirm: (c) => prompts.confirm(c) },
        'name',
      ),
      save: ({ context, event }) => {
        if (event.type === 'user.text') save(event.meta.userKey, context.name ?? '', context.age ?? 0);
      },
    },
  }).createMachine({
    id: 'pet',
    context: { trail: [] },
    initial: 'name',
    on: { 'flow.resume': { actions: 'reprompt' }, 'flow.back': backTransitions(['name', 'age', 'confirm']) },
    states: {
      name: {
        entry: ask('name'),
        on: {
          'user.text': [
            {
              guard: ({ event }) => event.text.length >= 2,
              target: 'age',
              actions: assign({ name: ({ event }) => (event.type === 'user.text' ? event.text : '') }),
            },
            { actions: emit(say(k('test.bad_name'))) },
          ],
        },
      },
      age: {
        entry: ask('age'),
        on: {
          'user.text': [
            {
              guard: ({ event }) => /^\d{1,2}$/.test(event.text),
              target: 'confirm',
              actions: assign({ age: ({ event }) => (event.type === 'user.text' ? Number(event.text) : 0) }),
            },
            { actions: emit(say(k('test.bad_age'))) },
          ],
        },
      },
      confirm: {
        entry: ask('confirm'),
        on: {
          'user.text': [
            { guard: ({ event }) => matchOption(event.text, yesNo) === 'yes', target: 'done', actions: 'save' },
            { guard: ({ event }) => matchOption(event.text, yesNo) === 'no', target: 'name' },
            { actions: emit(say('cancel.confirm_again')) },
          ],
        },
      },
      done: { type: 'final', entry: emit(say(k('test.saved'))) },
    },
    output: () => ({ showMenu: true }),
  });
  return { id: 'pet', version, machine, titleKey: k('test.title') };
}
