import { createHash } from 'node:crypto';
import type { Vault } from '../../domain/vault.ts';
import type { DocumentArrival, PreparedDocument } from '../../engine/bot.ts';
import type { DocumentFacts } from '../../engine/flow-types.ts';
import { asLocale } from '../../i18n.ts';
import { readSheet, type SheetFormat, SheetReadError, sheetFormatOf, writeSheet } from '../../reports/spreadsheet.ts';
import type { Db } from '../../store/db.ts';
import { todayIn } from '../../util/time.ts';
import { checkRows, type RowsChecked } from './batch-rows.ts';
import type { BatchStores } from './batch-submit.ts';
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

/** The app's settings plus the opened stores, handed to the document reader. */
export interface BatchContext {
  deps: BatchDeps;
  s: BatchStores;
}

/** A downloaded file within the limits, or the facts of why it is not usable. */
type Upload = { content: Buffer; format: SheetFormat; fileHash: string } | { failed: PreparedDocument };

/** The batch flow's facts for a file it cannot use. */
const fail = (error: string, extra: DocumentFacts = {}): PreparedDocument => ({ flow: 'batch-upload', facts: { error, ...extra } });

/** Reads a spreadsheet sent while the batch flow waits: limits, "already submitted", every row checked, the draft stored. */
export async function prepareBatchDocument(ctx: BatchContext, arrival: DocumentArrival): Promise<PreparedDocument | undefined> {
  const { deps, s } = ctx;
  if (arrival.activeFlow !== 'batch-upload') return undefined;
  const state = s.conversations.flowState(arrival.userKey, 'batch-upload');
  if (!state) return undefined;
  const { communityId } = JSON.parse(state.input) as { communityId: number };
  const home = s.desa.desaOf(communityId);
  if (!home) return fail('not_desa');
  const upload = await download(arrival);
  if ('failed' in upload) return upload.failed;
  const { content, format, fileHash } = upload;
  const prior = s.batches.submittedFile(communityId, fileHash);
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
  const checked = checkRows(sheet, {
    today: todayIn(deps.timeZone, arrival.now),
    minAge: deps.minAge,
    maxAge: deps.maxAge,
    homeVillage: home.village_code,
    vault: deps.vault,
    registered: (hash) => s.referrals.openByNikHash(hash) !== undefined,
    locale: asLocale(s.conversations.user(arrival.userKey)?.locale),
  });
  if (checked.missing.length) return fail('header', { columns: checked.missing.join(', ') });
  const invalid = checked.rows.filter((r) => r.problems.length > 0).length;
  const facts = { total: checked.rows.length, ready: checked.ready.length, invalid };
  const batchId = storeDraft(s, arrival, { communityId, fileHash, checked, facts });
  const name = arrival.document.name;
  const reply =
    invalid > 0 ? { content: await errorFile(sheet.header, checked, format), filename: `perbaiki-${baseName(name)}.${format}` } : undefined;
  return { flow: 'batch-upload', facts: { batchId, ...facts }, ...(reply ? { reply } : {}) };
}

/** Checks format and size, then downloads the file and hashes it. */
async function download(arrival: DocumentArrival): Promise<Upload> {
  const doc = arrival.document;
  const format = sheetFormatOf(doc.name, doc.mime);
  if (!format) return { failed: fail('format') };
  if (doc.size > MAX_BYTES) return { failed: fail('too_big', { mb: MAX_BYTES / 1024 / 1024 }) };
  let content: Buffer;
  try {
    content = await doc.read();
  } catch {
    // The platform did not deliver the file (expired, network): ask for it again rather than fail the turn.
    return { failed: fail('download') };
  }
  if (content.length > MAX_BYTES) return { failed: fail('too_big', { mb: MAX_BYTES / 1024 / 1024 }) };
  const fileHash = createHash('sha256').update(content).digest('hex');
  return { content, format, fileHash };
}

/** Stores the ready rows as the admin's draft; returns its id, or 0 when nothing is ready. */
function storeDraft(
  s: BatchStores,
  arrival: DocumentArrival,
  d: { communityId: number; fileHash: string; checked: RowsChecked; facts: { total: number; ready: number; invalid: number } },
): number {
  // A file with nothing ready stores no draft: an earlier usable draft stays the one the flow holds.
  if (d.facts.ready === 0) return 0;
  return s.batches.createDraft(
    {
      community_id: d.communityId,
      admin_key: arrival.userKey,
      file_name: arrival.document.name.slice(0, 200),
      file_hash: d.fileHash,
      created_at: arrival.now,
      ...d.facts,
    },
    d.checked.ready.map((r) => ({ rowNo: r.rowNo, nikHash: r.nikHash, data: JSON.stringify(r.data) })),
  );
}

/** The same spreadsheet with a column saying what is wrong in each row (empty for rows that are fine). */
function errorFile(header: string[], checked: RowsChecked, format: SheetFormat): Promise<Buffer> {
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
