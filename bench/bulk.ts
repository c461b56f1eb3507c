// Bulk upload benchmark: how long reading and checking a village's spreadsheet takes (target: 1,000 rows < 5 s).
// Run: npx tsx bench/bulk.ts [rows]   (bench/run.ts may call measureBulkValidation()).
import { performance } from 'node:perf_hooks';
import { warmAreas } from '../src/domain/areas.ts';
import { vaultFromKey } from '../src/domain/vault.ts';
import { checkRows } from '../src/features/villages/batch-rows.ts';
import { COLUMNS } from '../src/features/villages/columns.ts';
import { readSheet, type SheetFormat, writeSheet } from '../src/reports/spreadsheet.ts';
import { isMain } from './is-main.ts';

/** What one run measured: rows, file size and milliseconds to read and check the file, per format. */
export interface BulkResult {
  rows: number;
  formats: { format: SheetFormat; bytes: number; readMs: number; checkMs: number; totalMs: number; ready: number; invalid: number }[];
}

/** `n` rows as an office fills them: every 20th row has a wrong phone number, every 5th names its desa. */
function officeRows(n: number): string[][] {
  const desa = ['', 'Mayak', '32.03.03.2007', 'Karangnunggal', ''];
  return Array.from({ length: n }, (_, i) => {
    const nik = `320303${String((i % 28) + 1).padStart(2, '0')}${String((i % 12) + 1).padStart(2, '0')}${80 + (i % 20)}${String(i + 1).padStart(4, '0')}`;
    const row: Record<(typeof COLUMNS)[number], string> = {
      nama: `Penduduk ${['Asri', 'Bagus', 'Cahya', 'Dewi', 'Eka'][i % 5]} ${['Lestari', 'Pratama', 'Wijaya'][i % 3]}`,
      nik,
      no_hp: i % 20 === 19 ? '021555' : `0813${String(40000000 + i)}`,
      pekerjaan: ['petani', 'nelayan', 'pkl', 'tukang bangunan', 'pengrajin bambu'][i % 5] ?? 'petani',
      desa: desa[i % 5] ?? '',
      penghasilan: '',
      jht: i % 2 ? 'ya' : '',
      periode_bulan: '12',
      pembayar: i % 10 === 0 ? 'apbdes' : '',
    };
    return COLUMNS.map((c) => row[c]);
  });
}

/** Reads and checks `n` generated rows as .xlsx and as CSV, with the chat's validators, as an upload does. */
export async function measureBulkValidation(n = 1000): Promise<BulkResult> {
  await warmAreas();
  const vault = vaultFromKey(Buffer.alloc(32, 7));
  const data = officeRows(n);
  const formats: BulkResult['formats'] = [];
  for (const format of ['xlsx', 'csv'] as const) {
    const file = await writeSheet({ sheetName: 'Daftar', header: COLUMNS, rows: data }, format);
    const t0 = performance.now();
    const sheet = await readSheet(file, format, 2000);
    const t1 = performance.now();
    const checked = checkRows(sheet, {
      today: '2026-11-23',
      minAge: 15,
      maxAge: 65,
      homeVillage: '32.03.03.2013',
      vault,
      registered: () => false,
      locale: 'id',
    });
    const t2 = performance.now();
    const invalid = checked.rows.filter((r) => r.problems.length > 0).length;
    formats.push({ format, bytes: file.length, readMs: t1 - t0, checkMs: t2 - t1, totalMs: t2 - t0, ready: checked.ready.length, invalid });
  }
  return { rows: n, formats };
}

if (isMain('bench/bulk.ts')) {
  const n = Number(process.argv[2] ?? 1000);
  const r = await measureBulkValidation(n);
  for (const f of r.formats)
    console.log(
      `bulk ${f.format}: ${r.rows} rows (${(f.bytes / 1024).toFixed(0)} KB) read ${f.readMs.toFixed(0)} ms + checked ${f.checkMs.toFixed(0)} ms = ${f.totalMs.toFixed(0)} ms (${f.ready} ready, ${f.invalid} to fix; target < 5000 ms)`,
    );
}
