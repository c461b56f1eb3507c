import type { Hono } from 'hono';
import { normalizeReferralCode } from '../domain/codes.ts';
import { scopeOf } from '../features/panel-access.ts';
import { checkDecision, decideReferral, type StatusDecision, type StatusOutcome } from '../features/referral-status.ts';
import type { MessageKey } from '../i18n.ts';
import { csvCell } from '../reports/referral-csv.ts';
import { parseCsv, readSheet, SheetReadError, sheetFormatOf } from '../reports/spreadsheet.ts';
import { auditStore } from '../store/audit.ts';
import { inScope } from '../store/referral-queue.ts';
import { allow } from './auth.ts';
import type { PanelDeps, PanelEnv } from './context.ts';
import { h } from './html.ts';
import { csrfField, type PanelContext, page, tr } from './layout.ts';

/** Most rows one upload may hold (a branch's day of results is far fewer). */
const MAX_UPLOAD_ROWS = 5000;
const REJECT_WORDS = new Set(['ditolak', 'rejected', 'tolak', 'reject']);

/** One line of an uploaded results file, read and checked. */
interface UploadRow {
  line: number;
  code: string;
  decision?: StatusDecision;
  /** Why the row cannot be applied; undefined when it can (or changes nothing). */
  error?: MessageKey;
  /** True when the referral already is so: applying changes nothing. */
  unchanged?: boolean;
}

/** Reads `code,kpj` and `code,ditolak,reason` rows (a header row is skipped) and checks each against the rules. */
function readResults(c: PanelContext, deps: PanelDeps, table: readonly { rowNo: number; cells: string[] }[]): UploadRow[] | MessageKey {
  const rows = table.map((r) => ({ cells: r.cells.map((x) => x.trim()), line: r.rowNo })).filter((r) => r.cells.some((x) => x !== ''));
  if (rows[0]?.cells[0]?.toLowerCase() === 'code') rows.shift();
  if (rows.length === 0) return 'panel.upload.empty';
  if (rows.length > MAX_UPLOAD_ROWS) return 'panel.upload.too_many';
  const scope = scopeOf(c.get('role'));
  return rows.map(({ cells, line }): UploadRow => {
    const [rawCode = '', second = '', ...rest] = cells;
    const code = normalizeReferralCode(rawCode) ?? rawCode;
    const decision: StatusDecision = REJECT_WORDS.has(second.toLowerCase())
      ? { to: 'ditolak', reason: rest.join(', ') }
      : { to: 'terdaftar', kpj: second };
    if (!inScope(deps.db, scope, code)) return { line, code, error: 'panel.refusal.unknown_code' };
    return { line, code, decision, ...outcomeFields(checkDecision(deps.db, code, decision)) };
  });
}

function outcomeFields(o: StatusOutcome): Pick<UploadRow, 'error' | 'unchanged'> {
  if (!o.ok) return { error: `panel.refusal.${o.refusal}` };
  return o.changed ? {} : { unchanged: true };
}

/**
 * The uploaded table: an .xlsx or .csv file (read as the village bulk upload reads them), or pasted CSV text.
 * Undefined when the file cannot be read.
 */
async function uploadedTable(c: PanelContext): Promise<{ rowNo: number; cells: string[] }[] | undefined> {
  const body = await c.req.parseBody();
  const file = body.file;
  if (file instanceof File && file.size > 0) {
    const format = sheetFormatOf(file.name, file.type) ?? 'csv';
    try {
      const sheet = await readSheet(Buffer.from(await file.arrayBuffer()), format, MAX_UPLOAD_ROWS);
      return [{ rowNo: 1, cells: sheet.header }, ...sheet.rows];
    } catch (e) {
      if (e instanceof SheetReadError) return e.message === 'empty' ? [] : undefined;
      throw e;
    }
  }
  return parseCsv(typeof body.csv === 'string' ? body.csv.slice(0, 2_000_000) : '');
}

/** The table as CSV text, carried from the preview to the apply step in a hidden field. */
function asCsv(table: readonly { cells: string[] }[]): string {
  return table.map((r) => r.cells.map(csvCell).join(',')).join('\n');
}

/** Unggah hasil: upload a results CSV, see a preview with per-row errors, apply (applying twice changes nothing). */
export function uploadRoutes(app: Hono<PanelEnv>, deps: PanelDeps): void {
  const form = (c: PanelContext, error?: MessageKey) =>
    page(c, {
      title: tr(c, 'panel.upload.title'),
      active: 'process',
      body: h`${error ? h`<p class="error" role="alert">${tr(c, error)}</p>` : ''}<p>${tr(c, 'panel.upload.intro')}</p>
<pre class="example">code,kpj
DFT-7K3Q9,12345678901
DFT-4M2P8,ditolak,NIK tidak cocok</pre>
<form method="post" action="/upload" enctype="multipart/form-data">${csrfField(c)}
<label>${tr(c, 'panel.upload.file')} <input type="file" name="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"></label>
<label>${tr(c, 'panel.upload.paste')} <textarea name="csv" rows="5"></textarea></label>
<button type="submit">${tr(c, 'panel.upload.preview')}</button></form>`,
    });

  app.get('/upload', allow('process'), (c) => form(c));

  app.post('/upload', allow('process'), async (c) => {
    const table = await uploadedTable(c);
    if (!table) return form(c, 'panel.upload.bad_csv');
    const rows = readResults(c, deps, table);
    if (typeof rows === 'string') return form(c, rows);
    const ready = rows.filter((r) => !r.error && !r.unchanged).length;
    return page(c, {
      title: tr(c, 'panel.upload.preview_title'),
      active: 'process',
      body: h`<p>${tr(c, 'panel.upload.summary', { ready, unchanged: rows.filter((r) => r.unchanged).length, errors: rows.filter((r) => r.error).length })}</p>
<div class="table"><table><thead><tr><th>#</th><th>${tr(c, 'panel.col.code')}</th><th>${tr(c, 'panel.upload.decision')}</th><th>${tr(c, 'panel.upload.check')}</th></tr></thead><tbody>
${rows.map(
  (r) =>
    h`<tr class="${r.error ? 'bad' : 'ok'}"><td>${r.line}</td><td>${r.code}</td><td>${
      r.decision
        ? r.decision.to === 'terdaftar'
          ? `KPJ ${r.decision.kpj}`
          : `${tr(c, 'community.status.ditolak')}: ${r.decision.reason}`
        : ''
    }</td><td>${r.error ? tr(c, r.error) : tr(c, r.unchanged ? 'panel.upload.unchanged' : 'panel.upload.ok')}</td></tr>`,
)}</tbody></table></div>
<form method="post" action="/upload/apply">${csrfField(c)}<textarea name="csv" hidden>${asCsv(table)}</textarea>
<button type="submit"${ready === 0 ? h` disabled` : ''}>${tr(c, 'panel.upload.apply', { count: ready })}</button> <a href="/upload">${tr(c, 'panel.upload.again')}</a></form>`,
    });
  });

  app.post('/upload/apply', allow('process'), async (c) => {
    const table = await uploadedTable(c);
    const rows = table ? readResults(c, deps, table) : 'panel.upload.bad_csv';
    if (typeof rows === 'string') return form(c, rows);
    let changed = 0;
    let failed = 0;
    for (const r of rows) {
      if (!r.decision || r.error || r.unchanged) continue;
      // Checked again at apply time: another operator may have marked it since the preview.
      const out = decideReferral(deps.db, r.code, r.decision, c.get('role').key, c.get('now'), 'upload');
      if (out.ok && out.changed) changed++;
      else if (!out.ok) failed++;
    }
    const unchanged = rows.length - changed - failed - rows.filter((r) => r.error).length;
    auditStore(deps.db).record(c.get('role').key, 'panel.upload', `rows=${rows.length} changed=${changed}`, c.get('now'));
    return page(c, {
      title: tr(c, 'panel.upload.done_title'),
      active: 'process',
      body: h`<p role="status" class="notice">${tr(c, 'panel.upload.done', { changed, unchanged, errors: failed + rows.filter((r) => r.error).length })}</p>
<p><a href="/referrals">${tr(c, 'panel.nav.referrals')}</a> · <a href="/upload">${tr(c, 'panel.upload.again')}</a></p>`,
    });
  });
}
