import type { Db } from './db.ts';

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

/** Prepared statements for communities, their admins, members and personal codes. */
export function communityStore(db: Db) {
  const s = {
    insert: db.prepare('INSERT INTO communities (code, name, created_at, created_by) VALUES (?, ?, ?, ?)'),
    byCode: db.prepare<[string], CommunityRow>('SELECT * FROM communities WHERE code = ? COLLATE NOCASE'),
    byId: db.prepare<[number], CommunityRow>('SELECT * FROM communities WHERE id = ?'),
    all: db.prepare<[], CommunityRow>('SELECT * FROM communities ORDER BY name'),
    addAdmin: db.prepare('INSERT OR IGNORE INTO community_admins (community_id, user_key, added_at, added_by) VALUES (?, ?, ?, ?)'),
    adminOf: db.prepare<[string], CommunityRow>(
      'SELECT c.* FROM communities c JOIN community_admins a ON a.community_id = c.id WHERE a.user_key = ? ORDER BY c.name',
    ),
    admins: db.prepare<[number], { user_key: string }>('SELECT user_key FROM community_admins WHERE community_id = ?'),
    join: db.prepare('INSERT OR IGNORE INTO memberships (community_id, user_key, joined_at, via_code) VALUES (?, ?, ?, ?)'),
    membership: db.prepare<[number, string], MembershipRow>('SELECT * FROM memberships WHERE community_id = ? AND user_key = ?'),
    membershipsOf: db.prepare<[string], MembershipRow>('SELECT * FROM memberships WHERE user_key = ? ORDER BY joined_at'),
    setOptIn: db.prepare('UPDATE memberships SET opted_in = ?, opted_at = ? WHERE community_id = ? AND user_key = ?'),
    personalByCode: db.prepare<[string], { code: string; user_key: string }>('SELECT * FROM personal_codes WHERE code = ? COLLATE NOCASE'),
    personalOf: db.prepare<[string], { code: string; user_key: string }>('SELECT * FROM personal_codes WHERE user_key = ?'),
    insertPersonal: db.prepare('INSERT INTO personal_codes (code, user_key, created_at) VALUES (?, ?, ?)'),
    setOptedOut: db.prepare('UPDATE users SET opted_out_at = ? WHERE key = ?'),
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
    /** The communities a user administers. */
    adminOf: (userKey: string) => s.adminOf.all(userKey),
    /** The admins of a community. */
    admins: (communityId: number) => s.admins.all(communityId).map((r) => r.user_key),
    /** Adds a member (first arrival wins; arriving again changes nothing); true when newly joined. */
    join: (communityId: number, userKey: string, viaCode: string, now: number) =>
      s.join.run(communityId, userKey, now, viaCode).changes > 0,
    /** A membership. */
    membership: (communityId: number, userKey: string) => s.membership.get(communityId, userKey),
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
    /** `berhenti` (a time) or `mulai` (null): whether the user receives announcements at all. */
    setOptedOut: (userKey: string, at: number | null) => void s.setOptedOut.run(at, userKey),
  };
}

/** The community store's operations. */
export type CommunityStore = ReturnType<typeof communityStore>;
