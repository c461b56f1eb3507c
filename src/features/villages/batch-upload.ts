import { assign } from 'xstate';
import { createBatchUploadFlow } from '../../../flows/batch-upload.ts';
import type { Payer } from '../../domain/rates.ts';
import { normalizeAnswer } from '../../engine/answers.ts';
import type { DocumentArrival } from '../../engine/bot.ts';
import type { TurnMeta } from '../../engine/flow-types.ts';
import type { FlowDefinition } from '../../engine/run-flow.ts';
import { t } from '../../i18n.ts';
import { auditStore } from '../../store/audit.ts';
import { batchStore } from '../../store/batches.ts';
import { communityStore } from '../../store/communities.ts';
import { conversationStore } from '../../store/conversations.ts';
import type { Db } from '../../store/db.ts';
import { desaRequestStore } from '../../store/desa-requests.ts';
import { referralStore } from '../../store/referrals.ts';
import { type BatchDeps, prepareBatchDocument } from './batch-document.ts';
import { type BatchStores, batchTotal, submitBatch } from './batch-submit.ts';

export { type BatchDeps, MAX_BYTES, MAX_ROWS } from './batch-document.ts';

/** Bulk registration: the batch flow, the document reader the engine calls before a turn, and the submission. */
export function batchFeature(deps: BatchDeps) {
  const s = batchStores(deps.db);
  const totalFor = (batchId: number, payer: Payer, today: string) => batchTotal(s, batchId, payer, today);
  const flow = createBatchUploadFlow({ totalFor, isConsent });
  const batchFlow: FlowDefinition = {
    ...flow,
    machine: flow.machine.provide({
      actions: {
        submitBatch: assign(({ context, event }) => {
          const c = context as { communityId: number; batchId?: number; payer?: Payer };
          const e = event as { text: string; meta: TurnMeta };
          const sub = {
            communityId: c.communityId,
            batchId: c.batchId ?? 0,
            payer: c.payer ?? ('apbdes' as Payer),
            consentText: e.text,
            meta: e.meta,
          };
          return submitBatch(s, sub);
        }),
      },
    }),
  };
  const prepareDocument = (arrival: DocumentArrival) => prepareBatchDocument({ deps, s }, arrival);
  return { flows: [batchFlow], prepareDocument, totalFor };
}

/** Opens the stores bulk registration uses, once per database. */
function batchStores(db: Db): BatchStores {
  return {
    batches: batchStore(db),
    referrals: referralStore(db),
    desa: desaRequestStore(db),
    communities: communityStore(db),
    conversations: conversationStore(db),
    audit: auditStore(db),
  };
}

/** Whether the typed text is the consent statement, in Indonesian or the admin's language. */
function isConsent(text: string, meta: TurnMeta): boolean {
  const typed = normalizeAnswer(text);
  return (['id', meta.locale] as const).some((l) => normalizeAnswer(t(l, 'village.batch.consent_statement')) === typed);
}
