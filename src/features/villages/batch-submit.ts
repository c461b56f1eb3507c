import { computeIuran, contributionInput, type Payer } from '../../domain/rates.ts';
import type { TurnMeta } from '../../engine/flow-types.ts';
import type { auditStore } from '../../store/audit.ts';
import type { batchStore } from '../../store/batches.ts';
import type { communityStore } from '../../store/communities.ts';
import type { conversationStore } from '../../store/conversations.ts';
import type { desaRequestStore } from '../../store/desa-requests.ts';
import type { referralStore } from '../../store/referrals.ts';
import { insertReferral } from '../referrals/submit.ts';
import type { BatchRowData } from './batch-rows.ts';

/** The stores bulk registration reads and writes, opened once per feature. */
export interface BatchStores {
  batches: ReturnType<typeof batchStore>;
  referrals: ReturnType<typeof referralStore>;
  desa: ReturnType<typeof desaRequestStore>;
  communities: ReturnType<typeof communityStore>;
  conversations: ReturnType<typeof conversationStore>;
  audit: ReturnType<typeof auditStore>;
}

/** What the admin's consent turn submits. */
export interface BatchSubmission {
  communityId: number;
  batchId: number;
  payer: Payer;
  consentText: string;
  meta: TurnMeta;
}

/** The batch's totals for a payer: each row's own months and payer, rates of `today` (same inputs → computed once). */
export function batchTotal(s: BatchStores, batchId: number, payer: Payer, today: string) {
  const memo = new Map<string, ReturnType<typeof computeIuran>>();
  let monthly = 0;
  let period = 0;
  let discounted = false;
  for (const row of s.batches.rows(batchId)) {
    const d = JSON.parse(row.data) as BatchRowData;
    const input = contributionInput({ ...d, payer: d.payer ?? payer }, today);
    const key = JSON.stringify(input);
    const iuran = memo.get(key) ?? computeIuran(input);
    memo.set(key, iuran);
    monthly += iuran.monthly;
    period += iuran.period;
    discounted ||= iuran.months.some((m) => m.discount > 0);
  }
  return { monthly, period, discounted };
}

/** Creates the batch's referrals, all in the turn's transaction; a row registered meanwhile by someone else is skipped. */
export function submitBatch(s: BatchStores, sub: BatchSubmission) {
  const { communityId, batchId, payer, consentText, meta } = sub;
  const batch = s.batches.byId(batchId);
  const allowed = s.communities.adminOf(meta.userKey).some((x) => x.id === communityId) && s.desa.desaOf(communityId) !== undefined;
  if (batch?.status !== 'draft' || batch.admin_key !== meta.userKey || batch.community_id !== communityId || !allowed)
    throw new Error("batch is not this admin's draft in an approved desa community");
  let created = 0;
  let skipped = 0;
  for (const row of s.batches.rows(batch.id)) {
    if (s.referrals.openByNikHash(row.nik_hash)) {
      skipped++;
      continue;
    }
    const code = insertRowReferral(s, sub, row.nik_hash, JSON.parse(row.data) as BatchRowData);
    s.batches.setReferralCode(batch.id, row.row_no, code);
    created++;
  }
  if (!s.batches.markSubmitted(batch.id, { payer, consentText, by: meta.userKey, now: meta.now, created }))
    throw new Error('batch was submitted meanwhile');
  s.audit.record(
    meta.userKey,
    'batch.submit',
    `batch=${batch.id} community=${communityId} created=${created} skipped=${skipped} payer=${payer}`,
    meta.now,
  );
  return { created, skipped };
}

/** Stores one checked row as a referral by the admin for someone else; returns its new code. */
function insertRowReferral(s: BatchStores, sub: BatchSubmission, nikHash: string, d: BatchRowData): string {
  const { communityId, payer, meta } = sub;
  return insertReferral(
    s.referrals,
    {
      created_at: meta.now,
      referrer_key: meta.userKey,
      for_whom: 'other',
      worker_name: d.name,
      nik_sealed: d.nikSealed,
      nik_hash: nikHash,
      nik_masked: d.nikMasked,
      gender: d.gender,
      phone: d.phone,
      phone_owner: 'worker',
      occupation: d.occupation,
      occupation_text: d.occupationText,
      village_code: d.villageCode,
      community_id: communityId,
      attributed_to: meta.userKey,
    },
    contributionInput({ ...d, payer: d.payer ?? payer, forWhom: 'other' }, meta.today),
  );
}
