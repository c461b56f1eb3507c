import type { Db } from './db.ts';
import { perDatabase } from './per-database.ts';

/** Names of the values kept in the `meta` table. */
export type MetaKey = 'key_check' | 'heartbeat';

/** Owner of the `meta` table: small named values about the database itself (e.g. the data key's check value). */
export const metaStore = perDatabase((db: Db) => {
  const s = {
    get: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
    set: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
    removeIf: db.prepare('DELETE FROM meta WHERE key = ? AND value = ?'),
  };
  return {
    /** The value stored under `key`, if any. */
    get: (key: MetaKey) => s.get.get(key)?.value,
    /** Stores (or replaces) the value under `key`. */
    set: (key: MetaKey, value: string) => void s.set.run(key, value),
    /** Removes the value under `key` only while it still is `value` (so another writer's newer value stays). */
    removeIf: (key: MetaKey, value: string) => s.removeIf.run(key, value).changes > 0,
  };
});
