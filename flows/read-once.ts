import type { FlowEvent } from '../src/engine/flow-types.ts';

/**
 * Wraps a reader of the user's message so it runs once per event: XState asks a transition's guards and
 * then its actions, each with the same event object, and an answer (a village search, a duplicate-NIK
 * lookup) should be read once per message. The cache is keyed by the event object, so it goes with the
 * event; the other arguments must be the same for every call with one event (they are: one state reads it).
 */
export function readOnce<A extends unknown[], R>(read: (event: FlowEvent, ...args: A) => R): (event: FlowEvent, ...args: A) => R {
  const seen = new WeakMap<FlowEvent, R>();
  return (event, ...args) => {
    if (seen.has(event)) return seen.get(event) as R;
    const r = read(event, ...args);
    seen.set(event, r);
    return r;
  };
}
