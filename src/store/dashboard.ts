import { conversationStore } from './conversations.ts';
import type { Db } from './db.ts';
import { preparedOnce, type ReferralScope, scopeClause } from './referral-queue.ts';
import type { Status } from './referrals.ts';

/** The figures of the panel's home page, for one scope. */
export interface DashboardFigures {
  byStatus: { status: Status; n: number }[];
  /** Registrations still being filled in; null when the scope cannot tell (a region: the village is not known yet). */
  started: number | null;
  /** Referrals submitted per day (`day` counts days since the epoch in the bot's time zone). */
  perDay: { day: number; n: number }[];
  /** Submitted registrations per desa that are neither withdrawn nor rejected, most first. */
  desa: { village_code: string; n: number }[];
  topReferrers: { key: string; name: string | null; n: number }[];
}

/** Computes the home page's figures inside a scope; `since` bounds the per-day chart, `offsetMs` is the time zone's. */
export function dashboardFigures(
  db: Db,
  scope: ReferralScope,
  opts: { since: number; offsetMs: number; desaLimit: number; referrerLimit: number },
): DashboardFigures {
  const p: Record<string, string | number> = {};
  const where = scopeClause(scope, p);
  const byStatus = preparedOnce(db, `SELECT r.status, count(*) AS n FROM referrals r WHERE ${where} GROUP BY r.status`).all(p) as {
    status: Status;
    n: number;
  }[];
  const perDay = preparedOnce(
    db,
    `SELECT CAST((r.created_at + @offset) / 86400000 AS INTEGER) AS day, count(*) AS n FROM referrals r
     WHERE r.created_at >= @since AND ${where} GROUP BY day ORDER BY day`,
  ).all({ ...p, since: opts.since, offset: opts.offsetMs }) as { day: number; n: number }[];
  const desa = preparedOnce(
    db,
    `SELECT r.village_code, count(*) AS n FROM referrals r WHERE ${where} AND r.status NOT IN ('dibatalkan', 'ditolak')
     GROUP BY r.village_code ORDER BY n DESC, r.village_code LIMIT @limit`,
  ).all({ ...p, limit: opts.desaLimit }) as { village_code: string; n: number }[];
  // Grouped first and joined with users after, so only the few top referrers are looked up.
  const topReferrers = preparedOnce(
    db,
    `SELECT g.key, u.name, g.n FROM (
       SELECT r.referrer_key AS key, count(*) AS n, min(r.created_at) AS first FROM referrals r
       WHERE ${where} AND r.status <> 'dibatalkan' GROUP BY r.referrer_key ORDER BY n DESC, first LIMIT @limit
     ) g LEFT JOIN users u ON u.key = g.key ORDER BY g.n DESC, g.first`,
  ).all({ ...p, limit: opts.referrerLimit }) as { key: string; name: string | null; n: number }[];
  return { byStatus, started: startedIn(db, scope), perDay, desa, topReferrers };
}

/** Registrations being filled in inside a scope; null for a region, whose drafts have no village yet to place them. */
function startedIn(db: Db, scope: ReferralScope): number | null {
  if (scope.kind === 'region') return null;
  return conversationStore(db).countOpenFlows('registration', scope.kind === 'all' ? undefined : scope.ids);
}

/** Registered referrals sharing the same payment facts and local registration month, with how many there are. */
export interface CoverGroup {
  paid_until: string | null;
  declared_until: string | null;
  /** One registration time of the group (all fall in the same local month, which is what the cover rule reads). */
  registered_at: number;
  n: number;
}

/**
 * The payment facts of the registered referrals inside a scope, grouped so the page can apply the reminders' cover
 * rule (src/jobs/protection.ts) to a few groups instead of every row; `offsetMs` is the time zone's, for the month.
 */
export function coverGroups(db: Db, scope: ReferralScope, offsetMs: number): CoverGroup[] {
  const p: Record<string, string | number> = { offset: offsetMs };
  const where = scopeClause(scope, p);
  // registered_at is the referral's last update, as the reminders read it (it became `terdaftar` then).
  return preparedOnce(
    db,
    `SELECT p.paid_until, p.declared_until, min(r.updated_at) AS registered_at, count(*) AS n
     FROM referrals r LEFT JOIN payments p ON p.referral_code = r.code
     WHERE r.status = 'terdaftar' AND r.erased_at IS NULL AND ${where}
     GROUP BY p.paid_until, p.declared_until, strftime('%Y-%m', (r.updated_at + @offset) / 1000, 'unixepoch')`,
  ).all(p) as CoverGroup[];
}
