import {
  type AnyActorScope,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  createEmptyActor,
  type EventObject,
  type ExecutableActionObject,
} from 'xstate';
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

// Why one shared inert actor: the machine logic hands `self`/`system` to actions and inspection, but flows never
// spawn, invoke, delay or message other actors (checked in runFlow), so none of them needs an actor of its own.
let inert: ReturnType<typeof createEmptyActor> | undefined;

/**
 * The actor scope one turn runs in: collects the `say` events and executes effects the way a started XState actor
 * does, without building one. XState calls the rest as methods of the scope, so they live on the prototype rather
 * than as closures made per turn.
 */
class TurnScope implements AnyActorScope {
  readonly says: Say[] = [];
  private readonly deferred: (() => void)[] = [];
  /** Before the first transition an actor defers actions; once running it executes them as they resolve. */
  running = false;
  readonly self: AnyActorScope['self'];
  readonly system: AnyActorScope['system'];
  readonly id = '';
  readonly sessionId = '';

  constructor() {
    inert ??= createEmptyActor();
    this.self = inert;
    this.system = inert.system;
  }

  logger(): void {}

  stopChild(): void {}

  defer(fn: () => void): void {
    this.deferred.push(fn);
  }

  emit(e: EventObject): void {
    if (e.type === 'say') this.says.push(e as Say);
    else if (e.type === 'say.many') for (const one of (e as SayMany).says) this.says.push(one);
  }

  // A bound property, not a method: each microstep wraps it and calls the original detached.
  readonly actionExecutor: (a: ExecutableActionObject) => void = this.execute.bind(this);

  private execute(a: ExecutableActionObject): void {
    const exec = a.exec;
    if (!exec) return;
    if (this.running) exec(a.info, a.params);
    else this.deferred.push(() => exec(a.info, a.params));
  }

  /** Runs what the machine deferred (emits, and the initial state's actions), in order, as an actor's update does. */
  flush(): void {
    for (let i = 0; i < this.deferred.length; i++) (this.deferred[i] as () => void)();
    this.deferred.length = 0;
  }
}

/**
 * The snapshot as XState's `getPersistedSnapshot` stores it (run-flow.test compares the two), for a flow that has no
 * child actors: why not call it, its object-rest copy of the whole snapshot was a tenth of the XState time per turn.
 */
function persisted(snap: AnyMachineSnapshot): unknown {
  const history: Record<string, { id: string }[]> = {};
  for (const key in snap.historyValue) history[key] = (snap.historyValue[key] ?? []).map((node) => ({ id: node.id }));
  return { status: snap.status, value: snap.value, historyValue: history, context: snap.context, children: {} };
}

/** The error a failed transition surfaces with (an actor reports the thrown value itself). */
function failure(flowId: string, err: unknown): Error {
  return err instanceof Error ? err : new Error(`flow ${flowId} failed: ${String(err)}`);
}

/** The stored snapshot as the machine's own, or SnapshotRestoreError when it no longer fits the machine. */
function restore(def: FlowDefinition, persisted: unknown, scope: AnyActorScope): AnyMachineSnapshot {
  let snap: AnyMachineSnapshot;
  try {
    snap = def.machine.restoreSnapshot(persisted as never, scope) as AnyMachineSnapshot;
  } catch (err) {
    throw new SnapshotRestoreError(def.id, err);
  }
  if (snap.status !== 'active') {
    throw new SnapshotRestoreError(def.id, snap.error ?? new Error(`restored snapshot status ${snap.status}`));
  }
  return snap;
}

/**
 * The only XState glue: restore (or start) the flow's snapshot, send one event, collect the `say` events it
 * emits, and take its persisted snapshot. Everything runs synchronously — the machines' side effects are
 * synchronous SQLite writes, executed once and in order as the machine resolves them — so the caller can wrap a
 * whole turn in one transaction. Why no actor: building, starting and stopping one per message (system, mailbox,
 * observers) cost more than the transition itself; the machine's own pure logic with a scope that executes the
 * actions is what an actor runs, as XState's `transition()` does with its inert scope.
 */
export function runFlow(
  def: FlowDefinition,
  stored: { snapshot: unknown } | undefined,
  event: FlowEvent | undefined,
  startInput: { meta: TurnMeta } & Record<string, unknown>,
): FlowStep {
  const scope = new TurnScope();
  let snap: AnyMachineSnapshot;
  if (stored) snap = restore(def, stored.snapshot, scope);
  else {
    snap = def.machine.getInitialSnapshot(scope, startInput) as AnyMachineSnapshot;
    if (snap.status === 'error') throw failure(def.id, snap.error);
    try {
      scope.flush();
    } catch (err) {
      throw failure(def.id, err);
    }
  }
  scope.running = true;
  if (event && snap.status === 'active') {
    try {
      snap = def.machine.transition(snap, event, scope) as AnyMachineSnapshot;
      scope.flush();
    } catch (err) {
      throw failure(def.id, err);
    }
  }
  if (snap.status === 'error') throw failure(def.id, snap.error);
  for (const _ in snap.children) throw new Error(`flow ${def.id} started a child actor; flows run without actors`);
  if (snap.status === 'done') return { says: scope.says, done: true, output: (snap.output ?? {}) as FlowOutput };
  return { says: scope.says, done: false, snapshot: persisted(snap) };
}
