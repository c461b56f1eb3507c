import { villageByCode } from '../domain/areas.ts';
import { decodeNik } from '../domain/nik.ts';
import type { Db } from '../store/db.ts';
import { type ExportFilter, type ExportRow, referralStore } from '../store/referrals.ts';
import { sanitizeText } from '../util/sanitize.ts';

/**
 * The operator export's columns, in order. No birth date and no sex: with the village (which names the
 * district) and the serial they rebuild the NIK, so they go only where the NIK goes (see {@link REVEAL_COLUMNS}).
 */
export const EXPORT_COLUMNS = [
  'code',
  'status',
  'created_at',
  'referrer',
  'community',
  'worker_name',
  'nik_masked',
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

/** The columns `--reveal-nik` adds: the NIK and what it encodes. */
export const REVEAL_COLUMNS = ['nik', 'birth_date', 'gender'] as const;

/** What a reveal cell holds for a row whose sealed NIK cannot be opened (wrong key, altered data). */
export const UNREADABLE = 'UNREADABLE';

/**
 * The columns a community admin's CSV carries: what they need to follow a registration up, nothing more
 * (the consent covers this registration, not the worker's phone, birth date or the referrer's chat id).
 */
export const COMMUNITY_COLUMNS = ['code', 'status', 'created_at', 'village', 'occupation', 'worker_first_name', 'referrer_name'] as const;

/** Quotes a CSV cell; a leading = + - @ is neutralised so spreadsheets never run it as a formula. */
export function csvCell(value: string | number | null | undefined): string {
  // Why sanitised: a name with a bidi override or a terminal escape would show an admin something else than is stored.
  let s = value === null || value === undefined ? '' : sanitizeText(String(value));
  // A signed plain number (a +62… phone) is data, not a formula: leave it readable.
  if (/^[=@\t\r]|^[+-](?!\d+$)/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Opens a sealed NIK for an audited reveal; throws when it cannot (the caller reports the row). */
export type Reveal = (sealed: string) => string;

/** The CSV lines (header first) of the referrals matching `filter`; `reveal` adds the NIK, birth date and sex. */
export function* referralCsvLines(db: Db, filter: ExportFilter, reveal?: Reveal, onUnreadable?: (code: string) => void): Generator<string> {
  yield [...EXPORT_COLUMNS, ...(reveal ? REVEAL_COLUMNS : [])].join(',');
  for (const r of referralStore(db).forExport(filter)) {
    const cells = operatorCells(r);
    if (reveal) cells.push(...revealCells(r, reveal, onUnreadable));
    yield cells.map(csvCell).join(',');
  }
}

/** The CSV header line of the panel's export (NIKs masked; the panel reveals them one at a time, never in bulk). */
export function csvHeader(): string {
  return EXPORT_COLUMNS.join(',');
}

/** One referral as a CSV line of the operator columns, for the panel's export of its filtered view. */
export function referralCsvLine(r: ExportRow): string {
  return operatorCells(r).map(csvCell).join(',');
}

function operatorCells(r: ExportRow): (string | number | null)[] {
  const v = villageByCode(r.village_code);
  return [
    r.code,
    r.status,
    new Date(r.created_at).toISOString(),
    r.referrer_key,
    r.community_code,
    r.worker_name,
    r.nik_masked,
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
}

/** The NIK, birth date and sex of a row; an unreadable sealed NIK is marked as such instead of stopping the export. */
function revealCells(r: ExportRow, reveal: Reveal, onUnreadable?: (code: string) => void): string[] {
  let nik: string;
  try {
    nik = reveal(r.nik_sealed);
  } catch {
    onUnreadable?.(r.code);
    return [UNREADABLE, '', ''];
  }
  // The century is read as of the registration day, as it was when the NIK was typed.
  const facts = decodeNik(nik, new Date(r.created_at).toISOString().slice(0, 10));
  return [nik, facts?.birthDate ?? '', facts?.gender ?? r.gender];
}

/** A community admin's CSV of their community's registrations ({@link COMMUNITY_COLUMNS}), with its row count. */
export function communityCsv(db: Db, communityId: number): { text: string; rows: number } {
  const lines = [COMMUNITY_COLUMNS.join(',')];
  for (const r of referralStore(db).forExport({ communityId })) {
    const cells = [
      r.code,
      r.status,
      new Date(r.created_at).toISOString(),
      villageByCode(r.village_code)?.name ?? '',
      r.occupation_text ?? r.occupation,
      r.worker_name.split(/\s+/)[0] ?? '',
      r.referrer_name,
    ];
    lines.push(cells.map(csvCell).join(','));
  }
  return { text: `${lines.join('\n')}\n`, rows: lines.length - 1 };
}
