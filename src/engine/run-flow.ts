import { type AnyStateMachine, createActor } from 'xstate';
import type { MessageKey } from '../i18n.ts';
import type { FlowEvent, FlowOutput, Say, SayMany, TurnMeta } from './flow-types.ts';

/** A flow the bot can run: an XState machine with an id and a version for its stored snapshots. */
export interface FlowDefinition {
  id: string;
  /** Bump when a change makes old snapshots unsafe to restore; old ones are then reset politely. */
  version: number;
  machine: AnyStateMachine;
  /** Locale key of the flow's name, shown in "continue …" menu entries and notices. */
  titleKey: MessageKey;
  /** Dropped rather than paused when the user goes to the menu (nothing in it is worth resuming). */
  transient?: boolean;
}

/** The outcome of one event sent into a flow. */
export interface FlowStep {
  says: Say[];
  /** The persisted snapshot to store, or undefined when the flow finished. */
  snapshot?: unknown;
  done: boolean;
  output?: FlowOutput;
}

/** A stored snapshot could not be restored (changed machine, corrupt JSON…). */
export class SnapshotRestoreError extends Error {
  constructor(flowId: string, cause: unknown) {
    super(`Cannot restore the stored ${flowId} snapshot`, { cause });
    this.name = 'SnapshotRestoreError';
  }
}

/**
 * The only XState glue: restore (or start) an actor, send one event, collect the `say` events it
 * emits, and take its persisted snapshot. Everything runs synchronously — the machines' side effects
 * are synchronous SQLite writes — so the caller can wrap a whole turn in one transaction.
 */
export function runFlow(
  def: FlowDefinition,
  stored: { snapshot: unknown } | undefined,
  event: FlowEvent | undefined,
  startInput: { meta: TurnMeta } & Record<string, unknown>,
): FlowStep {
  const says: Say[] = [];
  let actor: ReturnType<typeof createActor>;
  try {
    actor = stored
      ? createActor(def.machine, { snapshot: stored.snapshot as never, input: startInput })
      : createActor(def.machine, { input: startInput });
  } catch (err) {
    throw new SnapshotRestoreError(def.id, err);
  }
  actor.on('say', (e) => says.push(e as Say));
  actor.on('say.many', (e) => says.push(...(e as SayMany).says));
  let failure: unknown;
  actor.subscribe({ error: (err) => (failure = err) });
  actor.start();
  const restored = actor.getSnapshot();
  if (stored && restored.status !== 'active') {
    actor.stop();
    throw new SnapshotRestoreError(def.id, failure ?? new Error(`restored snapshot status ${restored.status}`));
  }
  if (event) actor.send(event);
  const snap = actor.getSnapshot();
  if (failure || snap.status === 'error') {
    actor.stop();
    throw failure instanceof Error ? failure : new Error(`flow ${def.id} failed: ${String(failure ?? snap.error)}`);
  }
  const done = snap.status === 'done';
  const result: FlowStep = done
    ? { says, done, output: (snap.output ?? {}) as FlowOutput }
    : { says, done, snapshot: actor.getPersistedSnapshot() };
  actor.stop();
  return result;
}
