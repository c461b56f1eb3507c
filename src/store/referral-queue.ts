import type Database from 'better-sqlite3';
import type { Db } from './db.ts';
import type { ReferralRow, Status } from './referrals.ts';

/** Which referrals a panel user may see: all, a region (Kemendagri code prefix), or some communities. */
export type ReferralScope = { kind: 'all' } | { kind: 'region'; prefix: string } | { kind: 'communities'; ids: readonly number[] };

/** The queue's filters (all optional, combined with AND inside the scope). */
export interface QueueFilter {
  status?: Status;
  /** Kemendagri code prefix, narrowing further inside the scope. */
  region?: string;
  communityId?: number;
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
  /** Part of a referral code (`7K3Q`, `DFT-7K3Q9`). */
  code?: string;
}

/** A queue row: the referral, its community's code and the referrer's name (as the CSV export has it). */
export type QueueRow = ReferralRow & { community_code: string | null; referrer_name: string | null };

type Params = Record<string, string | number>;

/** `village_code` starts with `prefix`, as a range so the index serves it ('~' sorts after digits and dots). */
function regionClause(name: string, prefix: string, params: Params): string {
  params[`${name}_lo`] = prefix;
  params[`${name}_hi`] = `${prefix}~`;
  return `r.village_code >= @${name}_lo AND r.village_code < @${name}_hi`;
}

/** The WHERE clause of a scope, with its parameters (also used by the dashboard's figures). */
export function scopeClause(scope: ReferralScope, params: Params): string {
  if (scope.kind === 'all') return '1';
  if (scope.kind === 'region') return regionClause('scope', scope.prefix, params);
  params.scope_ids = JSON.stringify(scope.ids);
  return 'r.community_id IN (SELECT value FROM json_each(@scope_ids))';
}

function whereOf(scope: ReferralScope, f: QueueFilter): { sql: string; params: Params } {
  const params: Params = {};
  const parts = [scopeClause(scope, params)];
  if (f.status) {
    parts.push('r.status = @status');
    params.status = f.status;
  }
  if (f.region) parts.push(regionClause('region', f.region, params));
  if (f.communityId !== undefined) {
    parts.push('r.community_id = @community');
    params.community = f.communityId;
  }
  if (f.from !== undefined) {
    parts.push('r.created_at >= @from');
    params.from = f.from;
  }
  if (f.to !== undefined) {
    parts.push('r.created_at < @to');
    params.to = f.to;
  }
  if (f.code) {
    parts.push("r.code LIKE @code ESCAPE '\\'");
    params.code = `%${f.code.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  }
  return { sql: parts.join(' AND '), params };
}

// Why a cache keyed by SQL text: each combination of filters is its own statement (so SQLite can pick an index
// for it), prepared the first time it is used and reused after; there are at most a few dozen combinations.
type AnyStatement = Database.Statement<unknown[], unknown>;
const statements = new WeakMap<Db, Map<string, AnyStatement>>();

/** A statement prepared once per database and SQL text. */
export function preparedOnce(db: Db, sql: string): AnyStatement {
  let map = statements.get(db);
  if (!map) {
    map = new Map();
    statements.set(db, map);
  }
  let stmt = map.get(sql);
  if (!stmt) {
    stmt = db.prepare<unknown[], unknown>(sql);
    map.set(sql, stmt);
  }
  return stmt;
}

/** One page of the referral queue, newest first, and how many match in all. */
export function queuePage(
  db: Db,
  scope: ReferralScope,
  filter: QueueFilter,
  page: { offset: number; limit: number },
): { rows: QueueRow[]; total: number } {
  const { sql, params } = whereOf(scope, filter);
  const total = (preparedOnce(db, `SELECT count(*) AS n FROM referrals r WHERE ${sql}`).get(params) as { n: number }).n;
  const rows = preparedOnce(
    db,
    `SELECT r.*, c.code AS community_code, NULL AS referrer_name FROM referrals r LEFT JOIN communities c ON c.id = r.community_id
     WHERE ${sql} ORDER BY r.created_at DESC, r.id DESC LIMIT @limit OFFSET @offset`,
  ).all({ ...params, limit: page.limit, offset: page.offset }) as QueueRow[];
  return { rows, total };
}

/** Every referral of the filtered view, oldest first (for the CSV export). */
export function* queueRows(db: Db, scope: ReferralScope, filter: QueueFilter): Generator<QueueRow> {
  const { sql, params } = whereOf(scope, filter);
  yield* preparedOnce(
    db,
    `SELECT r.*, c.code AS community_code, u.name AS referrer_name FROM referrals r
     LEFT JOIN communities c ON c.id = r.community_id LEFT JOIN users u ON u.key = r.referrer_key
     WHERE ${sql} ORDER BY r.created_at, r.id`,
  ).iterate(params) as Generator<QueueRow>;
}

/** Whether a referral (by code) lies inside a scope. */
export function inScope(db: Db, scope: ReferralScope, code: string): boolean {
  const params: Params = { code };
  const sql = `SELECT 1 AS one FROM referrals r WHERE r.code = @code AND ${scopeClause(scope, params)}`;
  return preparedOnce(db, sql).get(params) !== undefined;
}
