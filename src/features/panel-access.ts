import { createHash, randomBytes } from 'node:crypto';
import { communityStore } from '../store/communities.ts';
import type { Db } from '../store/db.ts';
import { operatorStore } from '../store/operators.ts';
import { panelAuthStore } from '../store/panel-auth.ts';
import type { ReferralScope } from '../store/referral-queue.ts';

/** Who is using the web panel, and what that lets them do. */
export type PanelRole =
  | { kind: 'super'; key: string }
  | { kind: 'operator'; key: string; region: string | null }
  | { kind: 'community'; key: string; communityIds: number[] };

/** The kinds of panel users. */
export type PanelRoleKind = PanelRole['kind'];

/** How long a login link works. */
const LINK_TTL_MS = 10 * 60_000;

/**
 * The panel role of a user (`channel:chatId`): super-admin, else operator, else community admin, else none.
 * Why that order: a super-admin who also administers a community must not lose sight of the rest.
 */
export function panelRoleOf(db: Db, userKey: string, superKeys: readonly string[]): PanelRole | undefined {
  if (superKeys.includes(userKey)) return { kind: 'super', key: userKey };
  const op = operatorStore(db).get(userKey);
  if (op) return { kind: 'operator', key: userKey, region: op.region };
  const ids = communityStore(db)
    .adminOf(userKey)
    .map((c) => c.id);
  return ids.length > 0 ? { kind: 'community', key: userKey, communityIds: ids } : undefined;
}

/** The referrals a role may see. */
export function scopeOf(role: PanelRole): ReferralScope {
  if (role.kind === 'super') return { kind: 'all' };
  if (role.kind === 'operator') return role.region ? { kind: 'region', prefix: role.region } : { kind: 'all' };
  return { kind: 'communities', ids: role.communityIds };
}

/** The hash under which a secret token (login link, session cookie) is stored; the token itself never is. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new random token (256 bits, URL-safe). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Issues a one-time login link (valid 10 minutes, single use) for a user; returns its URL under `baseUrl`. */
export function issuePanelLink(db: Db, userKey: string, now: number, baseUrl: string): string {
  const token = newToken();
  panelAuthStore(db).addLink(tokenHash(token), userKey, now, now + LINK_TTL_MS);
  return `${baseUrl.replace(/\/+$/, '')}/login?t=${token}`;
}
