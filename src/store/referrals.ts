import type { Db } from './db.ts';

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
  birth_date: string;
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

/** Prepared statements for referrals. */
export function referralStore(db: Db) {
  const s = {
    insert: db.prepare(
      `INSERT INTO referrals (code, status, created_at, updated_at, referrer_key, for_whom, worker_name, nik_sealed, nik_hash, nik_masked,
        birth_date, gender, phone, phone_owner, occupation, occupation_text, sector, village_code, income_base, jht, period_months, payer,
        monthly_iuran, period_iuran, estimate, community_id, attributed_to)
       VALUES (@code, 'diajukan', @created_at, @created_at, @referrer_key, @for_whom, @worker_name, @nik_sealed, @nik_hash, @nik_masked,
        @birth_date, @gender, @phone, @phone_owner, @occupation, @occupation_text, @sector, @village_code, @income_base, @jht, @period_months, @payer,
        @monthly_iuran, @period_iuran, @estimate, @community_id, @attributed_to)`,
    ),
    byCode: db.prepare<[string], ReferralRow>('SELECT * FROM referrals WHERE code = ?'),
    openByHash: db.prepare<[string], ReferralRow>(
      "SELECT * FROM referrals WHERE nik_hash = ? AND status IN ('diajukan', 'terdaftar') LIMIT 1",
    ),
    byReferrer: db.prepare<[string, number], ReferralRow>(
      'SELECT * FROM referrals WHERE referrer_key = ? ORDER BY created_at DESC, id DESC LIMIT ?',
    ),
    setStatus: db.prepare('UPDATE referrals SET status = @status, kpj = @kpj, reason = @reason, updated_at = @now WHERE code = @code'),
    codeExists: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM referrals WHERE code = ?'),
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
  };
}

/** The referral store's operations. */
export type ReferralStore = ReturnType<typeof referralStore>;
