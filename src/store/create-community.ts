import { newCommunityCode } from '../domain/community-code.ts';
import { sanitizeLine } from '../util/sanitize.ts';
import { auditStore } from './audit.ts';
import { type CommunityRow, communityStore } from './communities.ts';
import type { Db } from './db.ts';

/** Shortest and longest community name accepted. */
export const COMMUNITY_NAME_LENGTH = { min: 3, max: 80 } as const;

/** A community name that passed `normalizeCommunityName` (the type makes every caller check it). */
export type CommunityName = string & { readonly __brand: 'CommunityName' };

/** A community name with its whitespace tidied, or undefined when it is not 3 to 80 characters long. */
export function normalizeCommunityName(raw: string): CommunityName | undefined {
  // Why sanitised: the name is shown to every member and printed in operators' terminals (no bidi, no escapes).
  const name = sanitizeLine(raw);
  return name.length >= COMMUNITY_NAME_LENGTH.min && name.length <= COMMUNITY_NAME_LENGTH.max ? (name as CommunityName) : undefined;
}

/** Who creates which community, and optionally its first admin (`channel:chatId`). */
export interface NewCommunity {
  name: CommunityName;
  by: string;
  now: number;
  admin?: string;
}

/**
 * Creates a community with a readable code and audits it (and its first admin), in one transaction: the one
 * way to create a community, for the chat command and the admin CLI alike. Community and personal codes share
 * the link payload space, so the code is free in both.
 */
export function createCommunity(db: Db, c: NewCommunity): CommunityRow {
  const name = c.name;
  const communities = communityStore(db);
  return db.transaction(() => {
    const code = newCommunityCode(name, (x) => communities.byCode(x) !== undefined || communities.personalByCode(x) !== undefined);
    const created = communities.create(code, name, c.by, c.now);
    auditStore(db).record(c.by, 'community.create', `code=${code} name=${name}`, c.now);
    if (c.admin !== undefined) addCommunityAdmin(db, created, c.admin, c.by, c.now);
    return created;
  })();
}

/** Makes `admin` (`channel:chatId`) an admin of a community and audits it; adding one twice changes nothing but the audit. */
export function addCommunityAdmin(db: Db, community: CommunityRow, admin: string, by: string, now: number): void {
  db.transaction(() => {
    communityStore(db).addAdmin(community.id, admin, by, now);
    auditStore(db).record(by, 'community.add_admin', `code=${community.code} admin=${admin}`, now);
  })();
}

/** Removes `admin` from a community's admins and audits it; false (and no audit) when they were not one. */
export function removeCommunityAdmin(db: Db, community: CommunityRow, admin: string, by: string, now: number): boolean {
  return db.transaction(() => {
    const removed = communityStore(db).removeAdmin(community.id, admin);
    if (removed) auditStore(db).record(by, 'community.remove_admin', `code=${community.code} admin=${admin}`, now);
    return removed;
  })();
}
