import type { Db } from './db.ts';

/**
 * Wraps a store factory so it runs once per open database: its statements are prepared on first use and
 * the same object is handed to every later caller. Why: a store is asked for per call in many places
 * (`queueNotice`, admin commands), and preparing SQL is the costly part. Keyed weakly, so a closed and
 * dropped database takes its statements with it.
 */
export function perDatabase<T>(build: (db: Db) => T): (db: Db) => T {
  const cache = new WeakMap<Db, T>();
  return (db) => {
    let store = cache.get(db);
    if (store === undefined) {
      store = build(db);
      cache.set(db, store);
    }
    return store;
  };
}
