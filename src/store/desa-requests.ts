import type { Db } from './db.ts';
import { perDatabase } from './per-database.ts';

/** Who asks for a desa community: the village's pillars. */
export const DESA_ROLES = ['kepala_desa', 'perangkat_desa', 'bhabinkamtibmas', 'babinsa', 'pendamping_desa', 'ketua_paguyuban'] as const;
/** One of {@link DESA_ROLES}. */
export type DesaRole = (typeof DESA_ROLES)[number];

/** Where a request stands (Indonesian, as operators read them). */
export type DesaRequestStatus = 'menunggu' | 'disetujui' | 'ditolak';

/** A stored desa community request. */
export interface DesaRequestRow {
  id: number;
  code: string;
  requester_key: string;
  role: DesaRole;
  village_code: string;
  name: string;
  note: string | null;
  status: DesaRequestStatus;
  created_at: number;
  decided_at: number | null;
  decided_by: string | null;
  reason: string | null;
  community_id: number | null;
}

/** A community that is a desa's: its village, its target, and whether its admins want the daily summary. */
export interface DesaCommunityRow {
  community_id: number;
  village_code: string;
  target: number;
  request_id: number | null;
  summary_opt_in: number;
}

/** Owner of the `desa_requests` and `desa_communities` tables. */
export const desaRequestStore = perDatabase((db: Db) => {
  const s = {
    insert: db.prepare(
      `INSERT INTO desa_requests (code, requester_key, role, village_code, name, note, created_at)
       VALUES (@code, @requester_key, @role, @village_code, @name, @note, @created_at)`,
    ),
    byCode: db.prepare<[string], DesaRequestRow>('SELECT * FROM desa_requests WHERE code = ? COLLATE NOCASE'),
    pending: db.prepare<[], DesaRequestRow>("SELECT * FROM desa_requests WHERE status = 'menunggu' ORDER BY created_at, id"),
    openOf: db.prepare<[string], DesaRequestRow>(
      "SELECT * FROM desa_requests WHERE requester_key = ? AND status = 'menunggu' ORDER BY id DESC LIMIT 1",
    ),
    decide: db.prepare(
      `UPDATE desa_requests SET status = @status, decided_at = @now, decided_by = @by, reason = @reason, community_id = @community_id
       WHERE id = @id AND status = 'menunggu'`,
    ),
    link: db.prepare('INSERT INTO desa_communities (community_id, village_code, target, request_id) VALUES (?, ?, ?, ?)'),
    desaOf: db.prepare<[number], DesaCommunityRow>('SELECT * FROM desa_communities WHERE community_id = ?'),
    allDesa: db.prepare<[], DesaCommunityRow>('SELECT * FROM desa_communities ORDER BY community_id'),
    setSummary: db.prepare('UPDATE desa_communities SET summary_opt_in = ? WHERE community_id = ?'),
  };
  return {
    /** Stores a new request (status `menunggu`). */
    insert: (r: Pick<DesaRequestRow, 'code' | 'requester_key' | 'role' | 'village_code' | 'name' | 'note' | 'created_at'>) =>
      void s.insert.run(r),
    /** A request by its code (case-insensitive). */
    byCode: (code: string) => s.byCode.get(code),
    /** Requests still waiting for a decision, oldest first. */
    pending: () => s.pending.all(),
    /** The requester's waiting request, if any (one at a time). */
    openOf: (userKey: string) => s.openOf.get(userKey),
    /** Records a decision; false when the request was already decided (two admins at once). */
    decide: (
      id: number,
      d: { status: Exclude<DesaRequestStatus, 'menunggu'>; by: string; now: number; reason: string | null; communityId: number | null },
    ) => s.decide.run({ id, status: d.status, by: d.by, now: d.now, reason: d.reason, community_id: d.communityId }).changes > 0,
    /** Ties a community to its desa and target. */
    linkDesa: (communityId: number, villageCode: string, target: number, requestId: number | null) =>
      void s.link.run(communityId, villageCode, target, requestId),
    /** The desa of a community, when it is a desa community. */
    desaOf: (communityId: number) => s.desaOf.get(communityId),
    /** Every desa community. */
    allDesa: () => s.allDesa.all(),
    /** Turns the daily summary on or off for a desa community. */
    setSummary: (communityId: number, on: boolean) => void s.setSummary.run(on ? 1 : 0, communityId),
  };
});

/** The desa request store's operations. */
export type DesaRequestStore = ReturnType<typeof desaRequestStore>;
