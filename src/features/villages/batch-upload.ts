import { createHash } from 'node:crypto';
import { assign } from 'xstate';
import { createBatchUploadFlow } from '../../../flows/batch-upload.ts';
import { newReferralCode } from '../../domain/codes.ts';
import { computeIuran, contributionInput, type Payer } from '../../domain/rates.ts';
import type { Vault } from '../../domain/vault.ts';
import { normalizeAnswer } from '../../engine/answers.ts';
import type { DocumentArrival, PreparedDocument } from '../../engine/bot.ts';
import type { DocumentFacts, TurnMeta } from '../../engine/flow-types.ts';
import type { FlowDefinition } from '../../engine/run-flow.ts';
import { asLocale, t } from '../../i18n.ts';
import { readSheet, SheetReadError, sheetFormatOf, writeSheet } from '../../reports/spreadsheet.ts';
import { auditStore } from '../../store/audit.ts';
import { batchStore } from '../../store/batches.ts';
import { communityStore } from '../../store/communities.ts';
import { conversationStore } from '../../store/conversations.ts';
import type { Db } from '../../store/db.ts';
import { desaRequestStore } from '../../store/desa-requests.ts';
import { referralStore } from '../../store/referrals.ts';
import { todayIn } from '../../util/time.ts';
import { type BatchRowData, checkRows, type RowsChecked } from './batch-rows.ts';
import { ERROR_COLUMN } from './columns.ts';

/** Most rows one file may hold. */
export const MAX_ROWS = 2000;
/** Largest file accepted, in bytes (5 MB). */
export const MAX_BYTES = 5 * 1024 * 1024;

/** What bulk registration needs from the app. */
export interface BatchDeps {
  db: Db;
  vault: Vault;
  minAge: number;
  maxAge: number;
  timeZone: string;
}

/** Bulk registration: the batch flow, the document reader the engine calls before a turn, and the submission. */
export function batchFeature(deps: BatchDeps) {
  const batches = batchStore(deps.db);
  const referrals = referralStore(deps.db);
  const desa = desaRequestStore(deps.db);
  const communities = communityStore(deps.db);
  const conversations = conversationStore(deps.db);
  const audit = auditStore(deps.db);

  /** The batch's totals for a payer: each row's own months and payer, rates of `today` (same inputs → computed once). */
  const totalFor = (batchId: number, payer: Payer, today: string) => {
    const memo = new Map<string, ReturnType<typeof computeIuran>>();
    let monthly = 0;
    let period = 0;
    let discounted = false;
    for (const row of batches.rows(batchId)) {
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
  };

  const isConsent = (text: string, meta: TurnMeta) => {
    const typed = normalizeAnswer(text);
    return (['id', meta.locale] as const).some((l) => normalizeAnswer(t(l, 'village.batch.consent_statement')) === typed);
  };

  const flow = createBatchUploadFlow({ totalFor, isConsent });
  const batchFlow: FlowDefinition = {
    ...flow,
    machine: flow.machine.provide({
      actions: {
        submitBatch: assign(({ context, event }) => {
          const c = context as { communityId: number; batchId?: number; payer?: Payer };
          const e = event as { text: string; meta: TurnMeta };
          return submit(c.communityId, c.batchId ?? 0, c.payer ?? 'apbdes', e.text, e.meta);
        }),
      },
    }),
  };

  /** Creates the batch's referrals, all in the turn's transaction; a row registered meanwhile by someone else is skipped. */
  function submit(communityId: number, batchId: number, payer: Payer, consentText: string, meta: TurnMeta) {
    const batch = batches.byId(batchId);
    const allowed = communities.adminOf(meta.userKey).some((x) => x.id === communityId) && desa.desaOf(communityId) !== undefined;
    if (batch?.status !== 'draft' || batch.admin_key !== meta.userKey || batch.community_id !== communityId || !allowed)
      throw new Error("batch is not this admin's draft in an approved desa community");
    let created = 0;
    let skipped = 0;
    for (const row of batches.rows(batch.id)) {
      if (referrals.openByNikHash(row.nik_hash)) {
        skipped++;
        continue;
      }
      const d = JSON.parse(row.data) as BatchRowData;
      const input = contributionInput({ ...d, payer: d.payer ?? payer, forWhom: 'other' }, meta.today);
      const iuran = computeIuran(input);
      let code = newReferralCode();
      while (referrals.codeExists(code)) code = newReferralCode();
      referrals.insert({
        code,
        created_at: meta.now,
        referrer_key: meta.userKey,
        for_whom: 'other',
        worker_name: d.name,
        nik_sealed: d.nikSealed,
        nik_hash: row.nik_hash,
        nik_masked: d.nikMasked,
        gender: d.gender,
        phone: d.phone,
        phone_owner: 'worker',
        occupation: d.occupation,
        occupation_text: d.occupationText,
        sector: input.sector,
        village_code: d.villageCode,
        income_base: input.incomeBase,
        jht: input.jht ? 1 : 0,
        period_months: iuran.periodMonths,
        payer: input.payer,
        monthly_iuran: iuran.monthly,
        period_iuran: iuran.period,
        estimate: iuran.estimate ? 1 : 0,
        community_id: communityId,
        attributed_to: meta.userKey,
      });
      batches.setReferralCode(batch.id, row.row_no, code);
      created++;
    }
    if (!batches.markSubmitted(batch.id, { payer, consentText, by: meta.userKey, now: meta.now, created }))
      throw new Error('batch was submitted meanwhile');
    audit.record(
      meta.userKey,
      'batch.submit',
      `batch=${batch.id} community=${communityId} created=${created} skipped=${skipped} payer=${payer}`,
      meta.now,
    );
    return { created, skipped };
  }

  /** Reads a spreadsheet sent while the batch flow waits: limits, "already submitted", every row checked, the draft stored. */
  async function prepareDocument(arrival: DocumentArrival): Promise<PreparedDocument | undefined> {
    if (arrival.activeFlow !== 'batch-upload') return undefined;
    const state = conversations.flowState(arrival.userKey, 'batch-upload');
    if (!state) return undefined;
    const { communityId } = JSON.parse(state.input) as { communityId: number };
    const home = desa.desaOf(communityId);
    const fail = (error: string, extra: DocumentFacts = {}): PreparedDocument => ({ flow: 'batch-upload', facts: { error, ...extra } });
    if (!home) return fail('not_desa');
    const doc = arrival.document;
    const format = sheetFormatOf(doc.name, doc.mime);
    if (!format) return fail('format');
    if (doc.size > MAX_BYTES) return fail('too_big', { mb: MAX_BYTES / 1024 / 1024 });
    let content: Buffer;
    try {
      content = await doc.read();
    } catch {
      // The platform did not deliver the file (expired, network): ask for it again rather than fail the turn.
      return fail('download');
    }
    if (content.length > MAX_BYTES) return fail('too_big', { mb: MAX_BYTES / 1024 / 1024 });
    const fileHash = createHash('sha256').update(content).digest('hex');
    const prior = batches.submittedFile(communityId, fileHash);
    if (prior)
      return { flow: 'batch-upload', facts: { already: true, date: todayIn(deps.timeZone, prior.submitted_at ?? prior.created_at) } };
    let sheet: Awaited<ReturnType<typeof readSheet>>;
    try {
      sheet = await readSheet(content, format, MAX_ROWS);
    } catch (err) {
      if (err instanceof SheetReadError) return fail('unreadable');
      throw err;
    }
    if (sheet.rows.length > MAX_ROWS) return fail('too_many', { max: MAX_ROWS });
    const locale = asLocale(conversations.user(arrival.userKey)?.locale);
    const checked = checkRows(sheet, {
      today: todayIn(deps.timeZone, arrival.now),
      minAge: deps.minAge,
      maxAge: deps.maxAge,
      homeVillage: home.village_code,
      vault: deps.vault,
      registered: (hash) => referrals.openByNikHash(hash) !== undefined,
      locale,
    });
    if (checked.missing.length) return fail('header', { columns: checked.missing.join(', ') });
    const invalid = checked.rows.filter((r) => r.problems.length > 0).length;
    const facts = { total: checked.rows.length, ready: checked.ready.length, invalid };
    // A file with nothing ready stores no draft: an earlier usable draft stays the one the flow holds.
    const batchId =
      facts.ready === 0
        ? 0
        : batches.createDraft(
            {
              community_id: communityId,
              admin_key: arrival.userKey,
              file_name: doc.name.slice(0, 200),
              file_hash: fileHash,
              created_at: arrival.now,
              ...facts,
            },
            checked.ready.map((r) => ({ rowNo: r.rowNo, nikHash: r.nikHash, data: JSON.stringify(r.data) })),
          );
    const reply =
      invalid > 0
        ? { content: await errorFile(sheet.header, checked, format), filename: `perbaiki-${baseName(doc.name)}.${format}` }
        : undefined;
    return { flow: 'batch-upload', facts: { batchId, ...facts }, ...(reply ? { reply } : {}) };
  }

  return { flows: [batchFlow], prepareDocument, totalFor };
}

/** The same spreadsheet with a column saying what is wrong in each row (empty for rows that are fine). */
function errorFile(header: string[], checked: RowsChecked, format: 'xlsx' | 'csv'): Promise<Buffer> {
  const width = header.length;
  const rows = checked.rows.map((r) => [...Array.from({ length: width }, (_, i) => r.cells[i] ?? ''), r.problems.join('; ')]);
  return writeSheet({ sheetName: 'Daftar', header: [...header, ERROR_COLUMN], rows }, format);
}

/** A file name without its extension or characters a file system may not like. */
function baseName(name: string): string {
  return (
    name
      .replace(/\.[^.]*$/, '')
      .replace(/[^\w.-]+/g, '_')
      .slice(0, 60) || 'daftar'
  ).replace(/^perbaiki-/, '');
}
