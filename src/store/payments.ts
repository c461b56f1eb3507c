import type { Db } from './db.ts';
import { perDatabase } from './per-database.ts';

/** What is known about one registered referral's payments: imported from BPJS data and/or self-declared. */
export interface PaymentRow {
  referral_code: string;
  /** Last month paid (`YYYY-MM`) as the operator's import says. */
  paid_until: string | null;
  imported_at: number | null;
  /** Last month the participant or referrer said "sudah bayar" for: self-declared, not confirmed. */
  declared_until: string | null;
  declared_at: number | null;
}

/** Owner of the `payments` table. */
export const paymentStore = perDatabase((db: Db) => {
  const s = {
    get: db.prepare<[string], PaymentRow>('SELECT * FROM payments WHERE referral_code = ?'),
    imported: db.prepare(
      `INSERT INTO payments (referral_code, paid_until, imported_at) VALUES (?, ?, ?)
       ON CONFLICT(referral_code) DO UPDATE SET paid_until = excluded.paid_until, imported_at = excluded.imported_at`,
    ),
    declared: db.prepare(
      `INSERT INTO payments (referral_code, declared_until, declared_at) VALUES (?, ?, ?)
       ON CONFLICT(referral_code) DO UPDATE SET declared_until = max(coalesce(declared_until, ''), excluded.declared_until),
         declared_at = excluded.declared_at`,
    ),
    forget: db.prepare('DELETE FROM payments WHERE referral_code = ?'),
    byKpj: db.prepare<[string], { code: string }>("SELECT code FROM referrals WHERE kpj = ? AND status = 'terdaftar'"),
  };
  return {
    /** The payment facts of a referral, if any. */
    of: (code: string) => s.get.get(code),
    /** Records the operator's import: paid through `month` (`YYYY-MM`). The import is the source of truth, so it replaces. */
    recordImport: (code: string, month: string, now: number) => void s.imported.run(code, month, now),
    /** Records "sudah bayar" for `month` (`YYYY-MM`); never moves a declaration backwards. */
    recordDeclared: (code: string, month: string, now: number) => void s.declared.run(code, month, now),
    /** Removes a referral's payment facts (erasure). */
    forget: (code: string) => void s.forget.run(code),
    /** The registered referrals carrying a KPJ number (normally one). */
    codesByKpj: (kpj: string) => s.byKpj.all(kpj).map((r) => r.code),
  };
});
