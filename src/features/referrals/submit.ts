import type { RegistrationDraft } from '../../../flows/registration.ts';
import { newReferralCode } from '../../domain/codes.ts';
import { computeIuran, contributionInput, type IuranInput } from '../../domain/rates.ts';
import type { TurnMeta } from '../../engine/flow-types.ts';
import type { NewReferral, ReferralStore } from '../../store/referrals.ts';
import type { ReferralCtx } from './context.ts';

/** The columns `insertReferral` derives: a fresh code and the contribution computed from the choices. */
type DerivedColumn = 'code' | 'sector' | 'income_base' | 'jht' | 'period_months' | 'payer' | 'monthly_iuran' | 'period_iuran' | 'estimate';

/** Stores a referral under a fresh unused code, its contribution columns computed from `input`; returns the code. */
export function insertReferral(referrals: ReferralStore, row: Omit<NewReferral, DerivedColumn>, input: IuranInput): string {
  const iuran = computeIuran(input);
  let code = newReferralCode();
  while (referrals.codeExists(code)) code = newReferralCode();
  referrals.insert({
    ...row,
    code,
    sector: input.sector,
    income_base: input.incomeBase,
    jht: input.jht ? 1 : 0,
    period_months: iuran.periodMonths,
    payer: input.payer,
    monthly_iuran: iuran.monthly,
    period_iuran: iuran.period,
    estimate: iuran.estimate ? 1 : 0,
  });
  return code;
}

/** A missing field is a bug in the flow, not user input: fail the turn so nothing half-written is stored. */
function need<T>(v: T | undefined, field: string): T {
  if (v === undefined) throw new Error(`registration submitted without ${field}`);
  return v;
}

/** Stores a finished registration as a new referral (contribution computed, referrer attributed) and returns its code. */
export function submitReferral(ctx: ReferralCtx, draft: RegistrationDraft, meta: TurnMeta): string {
  const attribution = ctx.deps.attribution?.(meta.userKey) ?? { communityId: null, attributedTo: null };
  return insertReferral(
    ctx.referrals,
    {
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
      village_code: need(draft.villageCode, 'village'),
      community_id: attribution.communityId,
      attributed_to: attribution.attributedTo,
    },
    contributionInput(draft, meta.today),
  );
}
