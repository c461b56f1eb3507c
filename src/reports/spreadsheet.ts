import type ExcelJS from 'exceljs';
import { sanitizeLine } from '../util/sanitize.ts';
import { csvCell } from './referral-csv.ts';

/** The two file formats a village office sends and gets back. */
export type SheetFormat = 'xlsx' | 'csv';

/** A table read from a file: the header row and the data rows (file row numbers kept for the error file). */
export interface SheetData {
  format: SheetFormat;
  header: string[];
  rows: { rowNo: number; cells: string[] }[];
}

/** A sheet to write: a title, a header, rows; an optional second sheet of notes (the template's explanations). */
export interface SheetSpec {
  sheetName: string;
  header: readonly string[];
  rows: readonly (readonly string[])[];
  notes?: { sheetName: string; header: readonly string[]; rows: readonly (readonly string[])[] };
}

/** Why a file could not be read at all. */
export class SheetReadError extends Error {}

/** The format a file name or MIME type says, if it is one we read. */
export function sheetFormatOf(name: string, mime?: string): SheetFormat | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith('.xlsx') || mime === 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') return 'xlsx';
  if (lower.endsWith('.csv') || mime === 'text/csv' || mime === 'text/comma-separated-values') return 'csv';
  return undefined;
}

/** Reads the first worksheet of an .xlsx, or a CSV (comma or semicolon, as Indonesian Excel writes it). */
export async function readSheet(content: Buffer, format: SheetFormat, maxRows: number): Promise<SheetData> {
  const table = format === 'csv' ? parseCsv(content.toString('utf8').replace(/^\uFEFF/, '')) : await readXlsx(content, maxRows);
  const [head, ...rest] = table.filter((r) => r.cells.some((c) => c !== ''));
  if (!head) throw new SheetReadError('empty');
  return { format, header: head.cells.map((c) => c.toLowerCase()), rows: rest };
}

/** exceljs, loaded on first use: it takes seconds to import, which no start of the bot should wait for. */
async function excel(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}

async function readXlsx(content: Buffer, maxRows: number): Promise<{ rowNo: number; cells: string[] }[]> {
  const wb = new (await excel()).Workbook();
  try {
    await wb.xlsx.load(content as unknown as ArrayBuffer);
  } catch (err) {
    throw new SheetReadError(`not an xlsx file: ${(err as Error).message}`);
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new SheetReadError('no worksheet');
  const out: { rowNo: number; cells: string[] }[] = [];
  // Why the bound: a sheet may declare a million formatted, empty rows; one row past the limit is enough to refuse it.
  const last = Math.min(ws.actualRowCount > 0 ? ws.rowCount : 0, maxRows + 2);
  for (let r = 1; r <= last; r++) {
    const row = ws.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c)));
    out.push({ rowNo: r, cells });
  }
  if (ws.rowCount > last) out.push({ rowNo: ws.rowCount, cells: ['…'] });
  return out;
}

/** A cell as the text a person sees: whole numbers in full (a NIK typed as a number), dates as YYYY-MM-DD. */
function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (v && typeof v === 'object' && 'result' in v) return sanitizeLine(String(v.result ?? ''));
  return sanitizeLine(cell.text ?? '');
}

/** Parses CSV (RFC 4180 quotes; `,` or `;` chosen from the header line). */
export function parseCsv(text: string): { rowNo: number; cells: string[] }[] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const sep = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const rows: { rowNo: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let rowNo = 1;
  const endRow = () => {
    cells.push(cell);
    rows.push({ rowNo, cells: cells.map((c) => sanitizeLine(c).replace(/^'(?=[=+\-@])/, '')) });
    cells = [];
    cell = '';
    rowNo++;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted && ch === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (quoted && ch === '"') quoted = false;
    else if (quoted) cell += ch;
    else if (ch === '"' && cell === '') quoted = true;
    else if (ch === sep) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n') endRow();
    else if (ch !== '\r') cell += ch;
  }
  if (cell !== '' || cells.length > 0) endRow();
  return rows;
}

/** Writes a sheet as .xlsx (with the notes sheet, a bold header and text-formatted cells) or as CSV. */
export async function writeSheet(spec: SheetSpec, format: SheetFormat): Promise<Buffer> {
  if (format === 'csv') {
    const lines = [spec.header, ...spec.rows].map((r) => r.map((c) => csvCell(c)).join(','));
    return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
  }
  const wb = new (await excel()).Workbook();
  addSheet(wb, spec.sheetName, spec.header, spec.rows);
  if (spec.notes) addSheet(wb, spec.notes.sheetName, spec.notes.header, spec.notes.rows);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function addSheet(wb: ExcelJS.Workbook, name: string, header: readonly string[], rows: readonly (readonly string[])[]): void {
  const ws = wb.addWorksheet(name);
  // Text format ('@'): Excel would otherwise turn a NIK into 3.20101E+15 and drop a phone number's leading 0.
  ws.columns = header.map((h) => ({ header: h, key: h, width: Math.max(14, h.length + 4), style: { numFmt: '@' } }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow([...r]);
}
