import type { Db } from './db.ts';
import { perDatabase } from './per-database.ts';

/** One line of the audit trail. */
export interface AuditRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  detail: string;
}

/** Records who did what with personal data and admin powers (owner of the `audit` table). */
export const auditStore = perDatabase((db: Db) => {
  const insert = db.prepare('INSERT INTO audit (at, actor, action, detail) VALUES (?, ?, ?, ?)');
  const list = db.prepare<[number], AuditRow>('SELECT * FROM audit ORDER BY id DESC LIMIT ?');
  const search = db.prepare<{ actor: string | null; action: string | null; since: number; limit: number }, AuditRow>(
    `SELECT * FROM audit WHERE (@actor IS NULL OR actor = @actor) AND (@action IS NULL OR action LIKE @action || '%')
     AND at >= @since ORDER BY id DESC LIMIT @limit`,
  );
  return {
    /** Appends an entry. */
    record: (actor: string, action: string, detail: string, now: number) => void insert.run(now, actor, action, detail),
    /** The newest entries first. */
    recent: (limit = 100) => list.all(limit),
    /** The newest entries matching an actor, an action prefix (`mark.`, `broadcast.`) and a start time. */
    search: (f: { actor?: string; action?: string; since?: number }, limit = 200) =>
      search.all({ actor: f.actor ?? null, action: f.action?.replace(/[%_]/g, '') ?? null, since: f.since ?? 0, limit }),
  };
});

/** The audit store's operations. */
export type AuditStore = ReturnType<typeof auditStore>;
