import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrations } from './migrations.ts';

/** An open better-sqlite3 database. */
export type Db = Database.Database;

/** Opens (creating folder and file when needed) and migrates the database at `path`. */
export function openDatabase(path: string, opts: { busyTimeoutMs?: number; upTo?: number } = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // Why: WAL makes NORMAL durable across process crashes (only an OS crash can lose the last commit).
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 5000}`);
  migrate(db, opts.upTo);
  return db;
}

/** The newest schema version this code knows. */
export const latestVersion = migrations.length;

/** Applies every migration newer than the database's `user_version`, each in its own transaction. */
export function migrate(db: Db, upTo = migrations.length): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(`Database schema v${current} is newer than this daftarin (v${migrations.length}); update the code.`);
  }
  for (let v = current; v < upTo; v++) {
    db.transaction(() => {
      db.exec(migrations[v] as string);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
