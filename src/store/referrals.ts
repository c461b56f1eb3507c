import type { Db } from './db.ts';
import { perDatabase } from './per-database.ts';

/** Referral statuses as stored (Indonesian, as operators and users read them). */
export const STATUSES = ['diajukan', 'terdaftar', 'ditolak', 'dibatalkan'] as const;
/** A referral's status. */
export type Status = (typeof STATUSES)[number];

/** A stored referral. */
export interface ReferralRow {
  id: number;
  code: string;
  status: Status;
  created_at: number;
  updated_at: number;
  referrer_key: string;
  for_whom: 'other' | 'self';
  worker_name: string;
  nik_sealed: string;
  nik_hash: string;
  nik_masked: string;
  gender: 'L' | 'P';
  phone: string;
  phone_owner: 'worker' | 'referrer';
  occupation: string;
  occupation_text: string | null;
  sector: string;
  village_code: string;
  income_base: number;
  jht: number;
  period_months: number;
  payer: string;
  monthly_iuran: number;
  period_iuran: number;
  estimate: number;
  kpj: string | null;
  reason: string | null;
  community_id: number | null;
  attributed_to: string | null;
}

/** The fields a new referral is written with. */
export type NewReferral = Omit<ReferralRow, 'id' | 'status' | 'updated_at' | 'kpj' | 'reason'>;

/** A referral as exported, with its community's code and the referrer's display name. */
export type ExportRow = ReferralRow & { community_code: string | null; referrer_name: string | null };

/** Which referrals to export. */
export interface ExportFilter {
  status?: Status;
  /** Epoch ms: only referrals created at or after it. */
  since?: number;
  /** Only this community's referrals (community admins never see others'). */
  communityId?: number;
}

/** A referrer and how many registrations they submitted. */
export interface ReferrerCount {
  key: string;
  name: string | null;
  n: number;
}

/** Owner of the `referrals` table. */
export const referralStore = perDatabase((db: Db) => {
  const s = {
    insert: db.prepare(
      `INSERT INTO referrals (code, status, created_at, updated_at, referrer_key, for_whom, worker_name, nik_sealed, nik_hash, nik_masked,
        gender, phone, phone_owner, occupation, occupation_text, sector, village_code, income_base, jht, period_months, payer,
        monthly_iuran, period_iuran, estimate, community_id, attributed_to)
       VALUES (@code, 'diajukan', @created_at, @created_at, @referrer_key, @for_whom, @worker_name, @nik_sealed, @nik_hash, @nik_masked,
        @gender, @phone, @phone_owner, @occupation, @occupation_text, @sector, @village_code, @income_base, @jht, @period_months, @payer,
        @monthly_iuran, @period_iuran, @estimate, @community_id, @attributed_to)`,
    ),
    byCode: db.prepare<[string], ReferralRow>('SELECT * FROM referrals WHERE code = ?'),
    openByHash: db.prepare<[string], ReferralRow>(
      "SELECT * FROM referrals WHERE nik_hash = ? AND status IN ('diajukan', 'terdaftar') LIMIT 1",
    ),
    byReferrer: db.prepare<[string, number], ReferralRow>(
      'SELECT * FROM referrals WHERE referrer_key = ? AND erased_at IS NULL ORDER BY created_at DESC, id DESC LIMIT ?',
    ),
    setStatus: db.prepare('UPDATE referrals SET status = @status, kpj = @kpj, reason = @reason, updated_at = @now WHERE code = @code'),
    codeExists: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM referrals WHERE code = ?'),
    forExport: db.prepare<{ status: string | null; since: number; c: number | null }, ExportRow>(
      `SELECT r.*, c.code AS community_code, u.name AS referrer_name FROM referrals r
       LEFT JOIN communities c ON c.id = r.community_id LEFT JOIN users u ON u.key = r.referrer_key
       WHERE r.erased_at IS NULL AND (@status IS NULL OR r.status = @status) AND r.created_at >= @since AND (@c IS NULL OR r.community_id = @c)
       ORDER BY r.created_at, r.id`,
    ),
    // `@c` NULL: every community (and referrals of none).
    byStatus: db.prepare<{ c: number | null }, { status: Status; n: number }>(
      'SELECT status, count(*) AS n FROM referrals WHERE (@c IS NULL OR community_id = @c) GROUP BY status',
    ),
    topReferrers: db.prepare<{ c: number | null; limit: number }, ReferrerCount>(
      `SELECT r.referrer_key AS key, u.name, count(*) AS n FROM referrals r LEFT JOIN users u ON u.key = r.referrer_key
       WHERE (@c IS NULL OR r.community_id = @c) AND r.status <> 'dibatalkan'
       GROUP BY r.referrer_key ORDER BY n DESC, min(r.created_at) LIMIT @limit`,
    ),
    // nik_sealed '': an erased referral, nothing sealed left.
    sealed: db.prepare<[], { id: number; code: string; nik_sealed: string }>(
      "SELECT id, code, nik_sealed FROM referrals WHERE nik_sealed <> '' ORDER BY id",
    ),
    anySealed: db.prepare<[], { nik_sealed: string }>("SELECT nik_sealed FROM referrals WHERE nik_sealed <> '' LIMIT 1"),
    reseal: db.prepare('UPDATE referrals SET nik_sealed = @sealed, nik_hash = @hash WHERE id = @id'),
    byVillage: db.prepare<{ c: number | null }, { village_code: string; n: number }>(
      `SELECT village_code, count(*) AS n FROM referrals WHERE (@c IS NULL OR community_id = @c) AND status NOT IN ('dibatalkan', 'ditolak')
       GROUP BY village_code ORDER BY n DESC, village_code`,
    ),
  };
  return {
    /** Writes a new referral with status `diajukan`. */
    insert: (r: NewReferral) => void s.insert.run(r),
    /** A referral by its code. */
    byCode: (code: string) => s.byCode.get(code),
    /** The open or registered referral of a NIK hash, if any. */
    openByNikHash: (hash: string) => s.openByHash.get(hash),
    /** A referrer's referrals, newest first. */
    byReferrer: (referrerKey: string, limit = 20) => s.byReferrer.all(referrerKey, limit),
    /** Whether a code is taken. */
    codeExists: (code: string) => s.codeExists.get(code) !== undefined,
    /** Changes a referral's status (and its KPJ number or rejection reason). */
    setStatus: (code: string, status: Status, now: number, extra: { kpj?: string; reason?: string } = {}) =>
      s.setStatus.run({ code, status, now, kpj: extra.kpj ?? null, reason: extra.reason ?? null }).changes > 0,
    /**
     * The referrals matching `filter`, oldest first, read one at a time (an export may be large). Finish or
     * break off one iteration before starting the next: the statement is shared.
     */
    forExport: (filter: ExportFilter) =>
      s.forExport.iterate({ status: filter.status ?? null, since: filter.since ?? 0, c: filter.communityId ?? null }),
    /** Referrals per status (of a community, or all); statuses without any are absent. */
    countByStatus: (communityId?: number) => s.byStatus.all({ c: communityId ?? null }),
    /** The referrers with the most registrations not withdrawn, earliest first on a tie. */
    topReferrers: (limit: number, communityId?: number) => s.topReferrers.all({ c: communityId ?? null, limit }),
    /** Every referral's sealed NIK (for a key rotation), oldest first. */
    allSealed: () => s.sealed.all(),
    /** One sealed NIK, if any referral exists: proof that data depends on the key. */
    anySealed: () => s.anySealed.get()?.nik_sealed,
    /** Replaces a referral's sealed NIK and its keyed hash (after a key rotation). */
    reseal: (id: number, sealed: string, hash: string) => void s.reseal.run({ id, sealed, hash }),
    /** Registrations still counting (not withdrawn or rejected) per village, most first. */
    countByVillage: (communityId?: number) => s.byVillage.all({ c: communityId ?? null }),
  };
});

/** The referral store's operations. */
export type ReferralStore = ReturnType<typeof referralStore>;
