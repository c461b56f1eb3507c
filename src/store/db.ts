import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrations } from './migrations.ts';

/** An open better-sqlite3 database. */
export type Db = Database.Database;

/** Opens (creating folder and file when needed) and migrates the database at `path`. */
export function openDatabase(path: string, opts: { busyTimeoutMs?: number; upTo?: number } = {}): Db {
  if (path !== ':memory:') prepareOwnerOnlyFile(path);
  const db = new Database(path);
  // Why: a deleted or overwritten row (an erased person, a re-masked NIK) must not stay readable in free pages.
  db.pragma('secure_delete = ON');
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

/**
 * Makes the database readable by its owner only: a folder it creates is 0700, the file (and an existing WAL/SHM
 * of an older install) 0600. Why the file is created first: SQLite gives the WAL and SHM files the mode of the
 * database file, so they are born 0600 too. An existing folder is left alone (it may be shared, like /tmp).
 */
function prepareOwnerOnlyFile(path: string): void {
  const folder = dirname(path);
  if (!existsSync(folder)) {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    chmodSync(folder, 0o700);
  }
  if (!existsSync(path)) writeFileSync(path, '', { mode: 0o600, flag: 'a' });
  for (const file of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(file)) chmodSync(file, 0o600);
}
