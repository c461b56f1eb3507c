import { queueNotice } from '../delivery/notices.ts';
import { normalizeReferralCode } from '../domain/codes.ts';
import { auditStore } from '../store/audit.ts';
import type { Db } from '../store/db.ts';
import { type ReferralRow, referralStore } from '../store/referrals.ts';

/** Why a status change was refused. */
export type StatusRefusal = 'unknown_code' | 'not_open' | 'bad_kpj' | 'no_reason';

/** What an operator decided about a referral. */
export type StatusDecision = { to: 'terdaftar'; kpj: string } | { to: 'ditolak'; reason: string };

/** The outcome: changed (the referrer is told), unchanged (already so: applying twice changes nothing), or refused. */
export type StatusOutcome =
  | { ok: true; changed: boolean; referral: ReferralRow }
  | { ok: false; refusal: StatusRefusal; referral?: ReferralRow };

/** Shortest rejection reason accepted: the referrer must learn what to fix. */
const MIN_REASON_LENGTH = 3;

/** The 11-digit KPJ number with spaces, dots and dashes removed, or undefined when it is not 11 digits. */
function parseKpj(raw: string): string | undefined {
  const kpj = raw.replace(/[\s.-]/g, '');
  return /^\d{11}$/.test(kpj) ? kpj : undefined;
}

function isSameDecision(r: ReferralRow, d: StatusDecision, kpj: string | undefined): boolean {
  return d.to === 'terdaftar' ? r.status === 'terdaftar' && r.kpj === kpj : r.status === 'ditolak' && r.reason === d.reason.trim();
}

/** What a decision would do, without doing it (the upload preview shows this for every row). */
export function checkDecision(db: Db, rawCode: string, d: StatusDecision): StatusOutcome {
  const code = normalizeReferralCode(rawCode);
  const r = code ? referralStore(db).byCode(code) : undefined;
  if (!r) return { ok: false, refusal: 'unknown_code' };
  const kpj = d.to === 'terdaftar' ? parseKpj(d.kpj) : undefined;
  if (isSameDecision(r, d, kpj)) return { ok: true, changed: false, referral: r };
  if (r.status !== 'diajukan') return { ok: false, refusal: 'not_open', referral: r };
  if (d.to === 'terdaftar' && !kpj) return { ok: false, refusal: 'bad_kpj', referral: r };
  if (d.to === 'ditolak' && d.reason.trim().length < MIN_REASON_LENGTH) return { ok: false, refusal: 'no_reason', referral: r };
  return { ok: true, changed: true, referral: r };
}

/**
 * Marks a submitted referral registered (with its KPJ) or rejected (with a reason), tells the referrer through
 * the outbox and audits it, in one transaction: the one rule for the admin CLI, the panel and result uploads.
 */
export function decideReferral(db: Db, rawCode: string, d: StatusDecision, actor: string, now: number, via = 'mark'): StatusOutcome {
  return db.transaction((): StatusOutcome => {
    const check = checkDecision(db, rawCode, d);
    if (!check.ok || !check.changed) return check;
    const r = check.referral;
    const referrals = referralStore(db);
    if (d.to === 'terdaftar') {
      const kpj = parseKpj(d.kpj) as string;
      referrals.setStatus(r.code, 'terdaftar', now, { kpj });
      queueNotice(db, r.referrer_key, 'notify.registered', { name: r.worker_name, code: r.code, kpj }, now);
    } else {
      const reason = d.reason.trim();
      referrals.setStatus(r.code, 'ditolak', now, { reason });
      queueNotice(db, r.referrer_key, 'notify.rejected', { name: r.worker_name, code: r.code, reason }, now);
    }
    auditStore(db).record(actor, `${via}.${d.to}`, r.code, now);
    return { ok: true, changed: true, referral: referrals.byCode(r.code) as ReferralRow };
  })();
}
