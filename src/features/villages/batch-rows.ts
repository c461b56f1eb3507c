import { OCCUPATION_OPTIONS } from '../../../flows/occupations.ts';
import { regencyName, searchVillages, villageByCode } from '../../domain/areas.ts';
import { parseFullName } from '../../domain/names.ts';
import { maskNik, parseNik } from '../../domain/nik.ts';
import { classifyOccupationText, type OccupationId, sectorOf } from '../../domain/occupations.ts';
import { parsePhone } from '../../domain/phone.ts';
import { incomeBrackets, type Payer, PERIOD_MONTHS, type PeriodMonths, type Sector } from '../../domain/rates.ts';
import type { Vault } from '../../domain/vault.ts';
import { matchOption } from '../../engine/answers.ts';
import { type Locale, type MessageKey, type Params, t } from '../../i18n.ts';
import type { SheetData } from '../../reports/spreadsheet.ts';
import { COLUMNS, type Column, EXAMPLE_ROW, REQUIRED } from './columns.ts';

/** A row ready to become a referral (the NIK sealed; stored as JSON in the batch until it is submitted). */
export interface BatchRowData {
  name: string;
  nikSealed: string;
  nikMasked: string;
  gender: 'L' | 'P';
  phone: string;
  occupation: OccupationId;
  occupationText: string | null;
  sector: Sector;
  villageCode: string;
  incomeBase: number;
  jht: boolean;
  periodMonths: PeriodMonths;
  /** The row's own payer; absent: the one chosen for the batch. */
  payer?: Payer;
}

/** What validating rows needs: today, the age range, the community's kabupaten and desa, the vault and the duplicate check. */
export interface RowRules {
  today: string;
  minAge: number;
  maxAge: number;
  /** The desa community's village code; its kabupaten is where village names are looked up. */
  homeVillage: string;
  vault: Vault;
  /** Whether a NIK hash already has an open or registered referral (the referral store's hash). */
  registered: (nikHash: string) => boolean;
  locale: Locale;
}

/** The outcome of a file: rows ready, and per data row what is wrong (empty when nothing). */
export interface RowsChecked {
  ready: { rowNo: number; nikHash: string; data: BatchRowData }[];
  rows: { rowNo: number; cells: string[]; problems: string[] }[];
  /** Required columns the header lacks (then no row is checked). */
  missing: Column[];
}

type Problem = { key: MessageKey; params?: Params };

const PAYER_WORDS: { id: Payer; words: string[] }[] = [
  { id: 'apbdes', words: ['apbdes', 'dana desa', 'add', 'dd', 'desa'] },
  { id: 'apbd', words: ['apbd', 'pemda', 'pemerintah daerah'] },
  { id: 'apbn', words: ['apbn'] },
  { id: 'donor', words: ['donor', 'donatur', 'komunitas', 'csr'] },
  { id: 'referrer', words: ['referrer', 'pendaftar'] },
  { id: 'self', words: ['self', 'sendiri', 'pekerja', 'pekerja sendiri'] },
];

/** Checks every row with the chat's validators; NIKs repeated in the file or already registered are refused. */
export function checkRows(sheet: SheetData, rules: RowRules): RowsChecked {
  const index = new Map(sheet.header.map((h, i) => [h.trim().replace(/\s+/g, '_'), i]));
  const missing = REQUIRED.filter((c) => !index.has(c));
  if (missing.length) return { ready: [], rows: [], missing };
  const cell = (cells: string[], c: Column) => (cells[index.get(c) ?? -1] ?? '').trim();
  const regency = villageByCode(rules.homeVillage) ? rules.homeVillage.slice(0, 5) : '';
  const villages = villageResolver(regency, rules.homeVillage);
  const seen = new Map<string, number>();
  const brackets = incomeBrackets(rules.today).map((b) => b.base);
  const out: RowsChecked = { ready: [], rows: [], missing: [] };
  for (const r of sheet.rows) {
    const get = (c: Column) => cell(r.cells, c);
    if (COLUMNS.every((c) => get(c) === '') || COLUMNS.every((c) => get(c) === EXAMPLE_ROW[c])) continue;
    const problems: Problem[] = [];
    const check = <T>(result: { ok: true; value: T } | { ok: false; problem: Problem }): T | undefined => {
      if (result.ok) return result.value;
      problems.push(result.problem);
      return undefined;
    };
    const name = check(nameOf(get('nama')));
    const nik = check(nikOf(get('nik'), rules));
    let nikHash: string | undefined;
    if (nik) {
      nikHash = rules.vault.hmac(nik.nik);
      const first = seen.get(nikHash);
      if (first !== undefined) problems.push({ key: 'village.row.nik_twice', params: { row: first } });
      else if (rules.registered(nikHash)) problems.push({ key: 'village.row.nik_registered' });
      seen.set(nikHash, first ?? r.rowNo);
    }
    const phone = check(phoneOf(get('no_hp')));
    const occupation = check(occupationOf(get('pekerjaan')));
    const villageCode = check(villages(get('desa')));
    const incomeBase = check(incomeOf(get('penghasilan'), brackets));
    const jht = check(jhtOf(get('jht')));
    const periodMonths = check(periodOf(get('periode_bulan')));
    const payer = check(payerOf(get('pembayar')));
    out.rows.push({ rowNo: r.rowNo, cells: r.cells, problems: problems.map((p) => t(rules.locale, p.key, p.params)) });
    if (
      problems.length ||
      !name ||
      !nik ||
      !nikHash ||
      !phone ||
      !occupation ||
      !villageCode ||
      !incomeBase ||
      jht === undefined ||
      !periodMonths
    )
      continue;
    out.ready.push({
      rowNo: r.rowNo,
      nikHash,
      data: {
        name,
        nikSealed: rules.vault.encrypt(nik.nik),
        nikMasked: maskNik(nik.nik),
        gender: nik.gender,
        phone,
        ...occupation,
        villageCode,
        incomeBase,
        jht,
        periodMonths,
        ...(payer ? { payer } : {}),
      },
    });
  }
  return out;
}

type Checked<T> = { ok: true; value: T } | { ok: false; problem: Problem };
const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const bad = (key: MessageKey, params?: Params): Checked<never> => ({ ok: false, problem: { key, ...(params ? { params } : {}) } });

function nameOf(raw: string): Checked<string> {
  if (!raw) return bad('village.row.empty', { column: 'nama' });
  const r = parseFullName(raw);
  return r.ok ? ok(r.name) : bad(`reg.error.name.${r.error.code}` as MessageKey, r.error.params);
}

function nikOf(raw: string, rules: RowRules): Checked<{ nik: string; gender: 'L' | 'P' }> {
  if (!raw) return bad('village.row.empty', { column: 'nik' });
  const r = parseNik(raw, { today: rules.today, minAge: rules.minAge, maxAge: rules.maxAge });
  return r.ok ? ok({ nik: r.nik, gender: r.gender }) : bad(`reg.error.nik.${r.error.code}` as MessageKey, r.error.params);
}

function phoneOf(raw: string): Checked<string> {
  const r = parsePhone(raw);
  return r.ok ? ok(r.e164) : bad(`reg.error.phone.${r.error.code}` as MessageKey, r.error.params);
}

function occupationOf(raw: string): Checked<{ occupation: OccupationId; occupationText: string | null; sector: Sector }> {
  if (!raw) return bad('village.row.empty', { column: 'pekerjaan' });
  const id = matchOption(raw.replace(/_/g, ' '), OCCUPATION_OPTIONS, { strict: true });
  if (id && id !== 'lainnya') return ok({ occupation: id, occupationText: null, sector: sectorOf(id) });
  const text = raw.replace(/\s+/g, ' ');
  // As in the chat: an occupation not in the list is kept as typed and classified into its sector.
  if (text.length < 3 || text.length > 50 || !/\p{L}/u.test(text)) return bad('reg.error.occupation_text');
  return ok({ occupation: 'lainnya', occupationText: text, sector: classifyOccupationText(text) });
}

function incomeOf(raw: string, brackets: readonly number[]): Checked<number> {
  if (!raw) return ok(brackets[0] ?? 1_000_000);
  const n = Number(raw.replace(/^rp\.?\s*/i, '').replace(/[.,\s](?=\d{3}\b)/g, ''));
  return brackets.includes(n) ? ok(n) : bad('village.row.income', { allowed: brackets.map((b) => String(b)).join(', ') });
}

function jhtOf(raw: string): Checked<boolean> {
  if (!raw) return ok(false);
  const v = matchOption(raw, [
    { id: 'yes', words: ['ya', 'y', 'iya', 'yes', '1'] },
    { id: 'no', words: ['tidak', 'tdk', 'no', 'n', '0', 'ga', 'gak'] },
  ]);
  return v ? ok(v === 'yes') : bad('village.row.jht');
}

function periodOf(raw: string): Checked<PeriodMonths> {
  // A village pays for its budget year: twelve months unless the row says otherwise.
  if (!raw) return ok(12);
  const n = Number(raw.replace(/\s*bulan$/i, ''));
  return PERIOD_MONTHS.includes(n as PeriodMonths) ? ok(n as PeriodMonths) : bad('village.row.period');
}

function payerOf(raw: string): Checked<Payer | undefined> {
  if (!raw) return ok(undefined);
  const v = matchOption(raw, PAYER_WORDS, { strict: true });
  return v ? ok(v) : bad('village.row.payer');
}

const CODE = /^(\d{2})\.?(\d{2})\.?(\d{2})\.?(\d{4})$/;

/**
 * Resolves the desa column: empty → the community's own desa; a Kemendagri code → accepted as is when it exists; a
 * name → the one village of that name in the community's kabupaten (asked again when none or several). Cached per text.
 */
function villageResolver(regency: string, home: string): (raw: string) => Checked<string> {
  const cache = new Map<string, Checked<string>>();
  // The kabupaten's name narrows the search the way a person would type it ("Sukamaju Bogor").
  const within = regency ? ` ${(regencyName(regency) ?? '').replace(/^(kabupaten|kota)\s+/i, '')}` : '';
  return (raw) => {
    if (!raw) return ok(home);
    const hit = cache.get(raw.toLowerCase());
    if (hit) return hit;
    const code = CODE.exec(raw.replace(/\s/g, ''));
    let result: Checked<string>;
    if (code) {
      const dotted = `${code[1]}.${code[2]}.${code[3]}.${code[4]}`;
      result = villageByCode(dotted) ? ok(dotted) : bad('village.row.village_code', { code: dotted });
    } else {
      const inRegency = searchVillages(`${raw}${within}`, 50).hits.filter((h) => regency && h.code.startsWith(`${regency}.`));
      const exact = inRegency.filter((h) => h.match === 'exact');
      const pick = exact.length ? exact : inRegency.filter((h) => h.match === 'typo');
      const only = pick.length === 1 ? pick[0] : undefined;
      result = only
        ? ok(only.code)
        : pick.length > 1
          ? bad('village.row.village_many', { name: raw, count: pick.length })
          : bad('village.row.village_none', { name: raw });
    }
    cache.set(raw.toLowerCase(), result);
    return result;
  };
}
