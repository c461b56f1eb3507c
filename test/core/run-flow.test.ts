import { describe, expect, it } from 'vitest';
import { assign, createActor, emit, setup } from 'xstate';
import { type FlowEvent, type FlowOutput, type Say, type SayMany, say, sayMany, type TurnMeta } from '../../src/engine/flow-types.ts';
import { type FlowDefinition, runFlow, SnapshotRestoreError } from '../../src/engine/run-flow.ts';
import type { MessageKey } from '../../src/i18n.ts';

// Why: the test machine's keys are not in the shipped locales.
const k = (key: string) => key as MessageKey;
const meta: TurnMeta = { userKey: 'test:u1', locale: 'id', now: 0, today: '2026-11-23' };
const text = (t: string): FlowEvent => ({ type: 'user.text', text: t, meta });

interface Ctx {
  items: string[];
  count: number;
}

/**
 * A machine using everything flows use: a context from input, entry actions at start, guards, assign, emit of one
 * and of several messages, custom actions with side effects in between, eventless transitions, a final state with
 * output. `log` records the side effects in the order they ran, with the context each one saw.
 */
function machineWith(log: string[], failOn?: string): FlowDefinition {
  const machine = setup({
    types: {
      context: {} as Ctx,
      events: {} as FlowEvent,
      emitted: {} as Say | SayMany,
      output: {} as FlowOutput,
      input: {} as { meta: TurnMeta; first?: string },
    },
    actions: {
      write: ({ context, event }) => {
        const what = event.type === 'user.text' ? event.text : event.type;
        if (what === failOn) throw new Error(`cannot write ${what}`);
        log.push(`write ${what} after ${context.items.join(',')}`);
      },
    },
  }).createMachine({
    id: 'list',
    context: ({ input }) => ({ items: input.first ? [input.first] : [], count: 0 }),
    initial: 'start',
    states: {
      start: { entry: ['write', emit(say(k('t.hello')))], always: 'collecting' },
      collecting: {
        entry: emit(({ context }) => say(k('t.ask'), { n: context.items.length })),
        on: {
          'user.text': [
            { guard: ({ event }) => event.text === 'done', target: 'checking' },
            {
              guard: ({ event }) => event.text.length > 1,
              actions: [
                assign({ items: ({ context, event }) => [...context.items, event.text], count: ({ context }) => context.count + 1 }),
                'write',
                emit(({ context }) => sayMany([say(k('t.added'), { n: context.items.length }), say(k('t.more'))])),
              ],
            },
            { actions: emit(say(k('t.too_short'))) },
          ],
          'flow.resume': { actions: emit(say(k('t.resumed'))) },
        },
      },
      checking: { always: [{ guard: ({ context }) => context.items.length === 0, target: 'collecting' }, { target: 'finished' }] },
      finished: { type: 'final', entry: ['write', emit(say(k('t.bye')))] },
    },
    output: ({ context }) => ({ showMenu: context.count > 1 }),
  });
  return { id: 'list', version: 1, machine, titleKey: k('t.title') };
}

/** What runFlow did before it ran without an actor: start one, send the event, read its snapshot, stop it. */
function withActor(def: FlowDefinition, stored: { snapshot: unknown } | undefined, event: FlowEvent | undefined, input: object) {
  const says: Say[] = [];
  const actor = stored ? createActor(def.machine, { snapshot: stored.snapshot as never, input }) : createActor(def.machine, { input });
  actor.on('say', (e) => says.push(e as Say));
  actor.on('say.many', (e) => says.push(...(e as SayMany).says));
  actor.start();
  if (event) actor.send(event);
  const snap = actor.getSnapshot();
  const result =
    snap.status === 'done' ? { says, done: true, output: snap.output } : { says, done: false, snapshot: actor.getPersistedSnapshot() };
  actor.stop();
  return result;
}

describe('runFlow', () => {
  it('says, stores and does exactly what a started XState actor does, turn by turn', () => {
    const script = [undefined, text('a'), text('apel'), { type: 'flow.resume', meta } as FlowEvent, text('jeruk'), text('done')];
    const run = (step: typeof runFlow) => {
      const log: string[] = [];
      const def = machineWith(log);
      const turns: unknown[] = [];
      let stored: { snapshot: unknown } | undefined;
      for (const event of script) {
        // Through JSON, as the store keeps it.
        const r = step(def, stored && { snapshot: JSON.parse(JSON.stringify(stored.snapshot)) }, event, { meta, first: 'x' });
        turns.push(r);
        stored = r.snapshot === undefined ? undefined : { snapshot: r.snapshot };
      }
      return { turns, log };
    };
    const mine = run(runFlow);
    expect(mine).toEqual(run(withActor as typeof runFlow));
    expect(mine.log).toEqual([
      'write xstate.init after x',
      'write apel after x,apel',
      'write jeruk after x,apel,jeruk',
      'write done after x,apel,jeruk',
    ]);
    expect(mine.turns.at(-1)).toEqual({
      says: [{ type: 'say', key: 't.bye' }],
      done: true,
      output: { showMenu: true },
    });
  });

  it('restores a snapshot an XState actor persisted (stored before runFlow stopped using one)', () => {
    const def = machineWith([]);
    const first = withActor(def, undefined, undefined, { meta });
    const r = runFlow(def, { snapshot: JSON.parse(JSON.stringify(first.snapshot)) }, text('apel'), { meta });
    expect(r.says.map((s) => s.key)).toEqual(['t.added', 't.more']);
    expect(r.snapshot).toMatchObject({ value: 'collecting', context: { items: ['apel'], count: 1 } });
  });

  it('throws the error of a failing action, after the actions before it ran and none after', () => {
    const log: string[] = [];
    const def = machineWith(log, 'boom');
    const started = runFlow(def, undefined, undefined, { meta });
    expect(() => runFlow(def, { snapshot: started.snapshot }, text('boom'), { meta })).toThrow('cannot write boom');
    expect(log).toEqual(['write xstate.init after ']);
    expect(() => runFlow(machineWith([], 'xstate.init'), undefined, undefined, { meta })).toThrow('cannot write xstate.init');
  });

  it('refuses a snapshot that does not fit the machine with SnapshotRestoreError', () => {
    const def = machineWith([]);
    const { snapshot } = runFlow(def, undefined, undefined, { meta }) as { snapshot: Record<string, unknown> };
    for (const bad of [{ ...snapshot, value: 'gone' }, { ...snapshot, status: 'done' }, 'garbage', {}]) {
      expect(() => runFlow(def, { snapshot: bad }, text('apel'), { meta })).toThrow(SnapshotRestoreError);
    }
  });
});
