import type { Db } from './db.ts';
import { perDatabase } from './per-database.ts';

/** Names of the values kept in the `meta` table. */
export type MetaKey = 'key_check';

/** Owner of the `meta` table: small named values about the database itself (e.g. the data key's check value). */
export const metaStore = perDatabase((db: Db) => {
  const s = {
    get: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
    set: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
  };
  return {
    /** The value stored under `key`, if any. */
    get: (key: MetaKey) => s.get.get(key)?.value,
    /** Stores (or replaces) the value under `key`. */
    set: (key: MetaKey, value: string) => void s.set.run(key, value),
  };
});
