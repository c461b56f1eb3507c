import type { Db } from './db.ts';
import { perDatabase } from './per-database.ts';

/** A community (an association, an ojek base, a village office…). */
export interface CommunityRow {
  id: number;
  code: string;
  name: string;
  created_at: number;
  created_by: string;
}

/** A member of a community and their announcement opt-in. */
export interface MembershipRow {
  community_id: number;
  user_key: string;
  joined_at: number;
  via_code: string;
  opted_in: number | null;
  opted_at: number | null;
}

/** Arrivals through one sign-up code, and the owner when it is a member's personal code. */
export interface ArrivalRow {
  code: string;
  n: number;
  owner_key: string | null;
  owner_name: string | null;
}

/** Owner of the `communities`, `community_admins`, `memberships` and `personal_codes` tables. */
export const communityStore = perDatabase((db: Db) => {
  const s = {
    insert: db.prepare('INSERT INTO communities (code, name, created_at, created_by) VALUES (?, ?, ?, ?)'),
    byCode: db.prepare<[string], CommunityRow>('SELECT * FROM communities WHERE code = ? COLLATE NOCASE'),
    byId: db.prepare<[number], CommunityRow>('SELECT * FROM communities WHERE id = ?'),
    all: db.prepare<[], CommunityRow>('SELECT * FROM communities ORDER BY name'),
    addAdmin: db.prepare('INSERT OR IGNORE INTO community_admins (community_id, user_key, added_at, added_by) VALUES (?, ?, ?, ?)'),
    removeAdmin: db.prepare('DELETE FROM community_admins WHERE community_id = ? AND user_key = ?'),
    adminOf: db.prepare<[string], CommunityRow>(
      'SELECT c.* FROM communities c JOIN community_admins a ON a.community_id = c.id WHERE a.user_key = ? ORDER BY c.name',
    ),
    admins: db.prepare<[number], { user_key: string }>('SELECT user_key FROM community_admins WHERE community_id = ?'),
    join: db.prepare('INSERT OR IGNORE INTO memberships (community_id, user_key, joined_at, via_code) VALUES (?, ?, ?, ?)'),
    membership: db.prepare<[number, string], MembershipRow>('SELECT * FROM memberships WHERE community_id = ? AND user_key = ?'),
    memberList: db.prepare<[number, number], MembershipRow & { name: string | null; opted_out_at: number | null }>(
      `SELECT m.*, u.name, u.opted_out_at FROM memberships m LEFT JOIN users u ON u.key = m.user_key
       WHERE m.community_id = ? ORDER BY m.joined_at DESC LIMIT ?`,
    ),
    membershipsOf: db.prepare<[string], MembershipRow>('SELECT * FROM memberships WHERE user_key = ? ORDER BY joined_at'),
    setOptIn: db.prepare('UPDATE memberships SET opted_in = ?, opted_at = ? WHERE community_id = ? AND user_key = ?'),
    personalByCode: db.prepare<[string], { code: string; user_key: string }>('SELECT * FROM personal_codes WHERE code = ? COLLATE NOCASE'),
    personalOf: db.prepare<[string], { code: string; user_key: string }>('SELECT * FROM personal_codes WHERE user_key = ?'),
    insertPersonal: db.prepare('INSERT INTO personal_codes (code, user_key, created_at) VALUES (?, ?, ?)'),
    // `@c` NULL: every community. A member of two communities counts once.
    members: db.prepare<{ c: number | null }, { n: number }>(
      'SELECT count(DISTINCT user_key) AS n FROM memberships WHERE (@c IS NULL OR community_id = @c)',
    ),
    optedIn: db.prepare<{ c: number | null }, { n: number }>(
      `SELECT count(DISTINCT m.user_key) AS n FROM memberships m JOIN users u ON u.key = m.user_key
       WHERE (@c IS NULL OR m.community_id = @c) AND m.opted_in = 1 AND u.opted_out_at IS NULL`,
    ),
    arrivals: db.prepare<{ c: number | null }, ArrivalRow>(
      `SELECT m.via_code AS code, count(*) AS n, p.user_key AS owner_key, u.name AS owner_name
       FROM memberships m LEFT JOIN personal_codes p ON p.code = m.via_code LEFT JOIN users u ON u.key = p.user_key
       WHERE (@c IS NULL OR m.community_id = @c) GROUP BY m.via_code ORDER BY n DESC, m.via_code`,
    ),
  };
  return {
    /** Creates a community; returns it. */
    create: (code: string, name: string, by: string, now: number): CommunityRow => {
      s.insert.run(code, name, now, by);
      return s.byCode.get(code) as CommunityRow;
    },
    /** A community by its code (case-insensitive). */
    byCode: (code: string) => s.byCode.get(code),
    /** A community by id. */
    byId: (id: number) => s.byId.get(id),
    /** Every community, by name. */
    all: () => s.all.all(),
    /** Makes a user (channel:chatId) an admin of a community. */
    addAdmin: (communityId: number, userKey: string, by: string, now: number) => void s.addAdmin.run(communityId, userKey, now, by),
    /** Removes an admin from a community; false when they were not one. */
    removeAdmin: (communityId: number, userKey: string) => s.removeAdmin.run(communityId, userKey).changes > 0,
    /** The communities a user administers. */
    adminOf: (userKey: string) => s.adminOf.all(userKey),
    /** The admins of a community. */
    admins: (communityId: number) => s.admins.all(communityId).map((r) => r.user_key),
    /** Adds a member (first arrival wins; arriving again changes nothing); true when newly joined. */
    join: (communityId: number, userKey: string, viaCode: string, now: number) =>
      s.join.run(communityId, userKey, now, viaCode).changes > 0,
    /** A membership. */
    membership: (communityId: number, userKey: string) => s.membership.get(communityId, userKey),
    /** A community's newest members with their name and whether they said berhenti (for the panel). */
    memberList: (communityId: number, limit = 200) => s.memberList.all(communityId, limit),
    /** Every membership of a user, oldest first. */
    membershipsOf: (userKey: string) => s.membershipsOf.all(userKey),
    /** Stores the member's answer to "receive this community's announcements?" with its date. */
    setOptIn: (communityId: number, userKey: string, optedIn: boolean, now: number) =>
      void s.setOptIn.run(optedIn ? 1 : 0, now, communityId, userKey),
    /** The owner of a personal code. */
    personalByCode: (code: string) => s.personalByCode.get(code),
    /** A user's personal code, if they have one. */
    personalOf: (userKey: string) => s.personalOf.get(userKey)?.code,
    /** Stores a user's personal code. */
    insertPersonal: (code: string, userKey: string, now: number) => void s.insertPersonal.run(code, userKey, now),
    /** How many members a community has (every community's, each person once, when none is given). */
    memberCount: (communityId?: number) => s.members.get({ c: communityId ?? null })?.n ?? 0,
    /** Members who said yes to announcements and have not said berhenti since. */
    optedInCount: (communityId?: number) => s.optedIn.get({ c: communityId ?? null })?.n ?? 0,
    /** Members per sign-up code they came through, most first. */
    arrivals: (communityId?: number) => s.arrivals.all({ c: communityId ?? null }),
  };
});

/** The community store's operations. */
export type CommunityStore = ReturnType<typeof communityStore>;
