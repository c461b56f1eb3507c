import type { RegistrationDraft } from '../../../flows/registration.ts';
import { newReferralCode } from '../../domain/codes.ts';
import { computeIuran, contributionInput } from '../../domain/rates.ts';
import type { TurnMeta } from '../../engine/flow-types.ts';
import type { ReferralCtx } from './context.ts';

/** A missing field is a bug in the flow, not user input: fail the turn so nothing half-written is stored. */
function need<T>(v: T | undefined, field: string): T {
  if (v === undefined) throw new Error(`registration submitted without ${field}`);
  return v;
}

/** Stores a finished registration as a new referral (contribution computed, referrer attributed) and returns its code. */
export function submitReferral(ctx: ReferralCtx, draft: RegistrationDraft, meta: TurnMeta): string {
  const { referrals, deps } = ctx;
  const choices = contributionInput(draft, meta.today);
  const iuran = computeIuran(choices);
  const attribution = deps.attribution?.(meta.userKey) ?? { communityId: null, attributedTo: null };
  let code = newReferralCode();
  while (referrals.codeExists(code)) code = newReferralCode();
  referrals.insert({
    code,
    created_at: meta.now,
    referrer_key: meta.userKey,
    for_whom: need(draft.forWhom, 'forWhom'),
    worker_name: need(draft.name, 'name'),
    nik_sealed: need(draft.nikSealed, 'nik'),
    nik_hash: need(draft.nikHash, 'nik hash'),
    nik_masked: need(draft.nikMasked, 'masked nik'),
    gender: need(draft.gender, 'gender'),
    phone: need(draft.phone, 'phone'),
    phone_owner: draft.phoneOwner ?? 'worker',
    occupation: need(draft.occupation, 'occupation'),
    occupation_text: draft.occupationText ?? null,
    sector: choices.sector,
    village_code: need(draft.villageCode, 'village'),
    income_base: choices.incomeBase,
    jht: choices.jht ? 1 : 0,
    period_months: iuran.periodMonths,
    payer: choices.payer,
    monthly_iuran: iuran.monthly,
    period_iuran: iuran.period,
    estimate: iuran.estimate ? 1 : 0,
    community_id: attribution.communityId,
    attributed_to: attribution.attributedTo,
  });
  return code;
}
