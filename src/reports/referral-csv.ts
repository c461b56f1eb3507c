import { villageByCode } from '../domain/areas.ts';
import type { Db } from '../store/db.ts';
import { type ExportFilter, referralStore } from '../store/referrals.ts';
import { sanitizeText } from '../util/sanitize.ts';

/** The export's columns, in order. */
export const EXPORT_COLUMNS = [
  'code',
  'status',
  'created_at',
  'referrer',
  'community',
  'worker_name',
  'nik_masked',
  'birth_date',
  'gender',
  'phone',
  'occupation',
  'village_code',
  'village',
  'district',
  'regency',
  'province',
  'programs',
  'income_base',
  'monthly_iuran',
  'period_months',
  'payer',
  'kpj',
] as const;

/** Quotes a CSV cell; a leading = + - @ is neutralised so spreadsheets never run it as a formula. */
export function csvCell(value: string | number | null | undefined): string {
  // Why sanitised: a name with a bidi override or a terminal escape would show an admin something else than is stored.
  let s = value === null || value === undefined ? '' : sanitizeText(String(value));
  // A signed plain number (a +62… phone) is data, not a formula: leave it readable.
  if (/^[=@\t\r]|^[+-](?!\d+$)/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The CSV lines (header first) of the referrals matching `filter`; `reveal` adds the decrypted NIK. */
export function* referralCsvLines(db: Db, filter: ExportFilter, reveal?: (sealed: string) => string): Generator<string> {
  const rows = referralStore(db).forExport(filter);
  yield [...EXPORT_COLUMNS, ...(reveal ? ['nik'] : [])].join(',');
  for (const r of rows) {
    const v = villageByCode(r.village_code);
    const cells: (string | number | null)[] = [
      r.code,
      r.status,
      new Date(r.created_at).toISOString(),
      r.referrer_key,
      r.community_code,
      r.worker_name,
      r.nik_masked,
      r.birth_date,
      r.gender,
      r.phone,
      r.occupation_text ?? r.occupation,
      r.village_code,
      v?.name ?? '',
      v?.district ?? '',
      v?.regency ?? '',
      v?.province ?? '',
      r.jht ? 'JKK+JKM+JHT' : 'JKK+JKM',
      r.income_base,
      r.monthly_iuran,
      r.period_months,
      r.payer,
      r.kpj,
    ];
    if (reveal) cells.push(reveal(r.nik_sealed));
    yield cells.map(csvCell).join(',');
  }
}

/** The whole CSV as one text, with its row count (masked NIKs only). */
export function referralCsv(db: Db, filter: ExportFilter): { text: string; rows: number } {
  const lines = [...referralCsvLines(db, filter)];
  return { text: `${lines.join('\n')}\n`, rows: lines.length - 1 };
}
