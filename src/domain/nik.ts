import { asciiDigits } from './digits.ts';
/** Why a NIK was refused: a code for the locale texts plus the values they interpolate. */
export interface NikError {
  code: 'empty' | 'not_digits' | 'length' | 'province' | 'day' | 'month' | 'date' | 'serial' | 'too_young' | 'too_old';
  params: Record<string, string | number>;
}

/** A structurally valid NIK with what it encodes, or the single most useful error. */
export type NikResult =
  | {
      ok: true;
      nik: string;
      birthDate: string;
      gender: 'L' | 'P';
      provinceCode: string;
      regencyCode: string;
      districtCode: string;
      age: number;
    }
  | { ok: false; error: NikError };

/** Options for {@link parseNik}: today's date in Asia/Jakarta and the accepted age range [minAge, maxAge). */
export interface NikOptions {
  today: string;
  minAge: number;
  maxAge: number;
}

/** The 38 province codes a NIK may start with (91/92 stay valid for NIKs issued before the 2022 Papua split). */
export const PROVINCE_CODES: ReadonlySet<string> = new Set(
  [
    [11, 19],
    [21, 21],
    [31, 36],
    [51, 53],
    [61, 65],
    [71, 76],
    [81, 82],
    [91, 96],
  ].flatMap(([from, to]) => Array.from({ length: to! - from! + 1 }, (_, i) => String(from! + i))),
);

/** The length of every NIK. */
export const NIK_LENGTH = 16;

// Separators people type or paste: ASCII/Unicode spaces and dashes, dots, zero-width characters, BOM.
const SEPARATORS = /[\s\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff.\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d]/g;

/** Strips spaces, dots, dashes and invisible characters a user may type or paste into a NIK. */
export function normalizeNikInput(raw: string): string {
  // NFKC folds full-width digits (e.g. from some phone keyboards) into ASCII ones.
  return asciiDigits(raw.normalize('NFKC')).replace(SEPARATORS, '');
}

/** Checks a NIK's structure (no checksum exists; only Dukcapil proves a NIK is real) and decodes it. */
export function parseNik(raw: string, opts: NikOptions): NikResult {
  const today = parseIsoDate(opts.today);
  const nik = normalizeNikInput(raw);
  const fail = (code: NikError['code'], params: NikError['params'] = {}): NikResult => ({ ok: false, error: { code, params } });

  if (nik === '') return fail('empty');
  if (!/^\d+$/.test(nik)) {
    const chars = [...new Set([...nik].filter((c) => !/\d/.test(c)))];
    return fail('not_digits', { chars: chars.join(', ') });
  }
  if (nik.length !== NIK_LENGTH) return fail('length', { count: nik.length, expected: NIK_LENGTH });

  const provinceCode = nik.slice(0, 2);
  if (!PROVINCE_CODES.has(provinceCode)) return fail('province', { code: provinceCode });

  const rawDay = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  const yy = Number(nik.slice(10, 12));
  const female = rawDay >= 41 && rawDay <= 71;
  if (!female && !(rawDay >= 1 && rawDay <= 31)) return fail('day', { day: rawDay });
  if (month < 1 || month > 12) return fail('month', { month });
  const day = female ? rawDay - 40 : rawDay;

  const year = pickCentury(yy, month, day, today);
  if (day > daysInMonth(year, month)) return fail('date', { day, month, year });

  if (nik.slice(12) === '0000') return fail('serial');

  const age = ageOn({ year, month, day }, today);
  if (age < opts.minAge) return fail('too_young', { age, min: opts.minAge });
  if (age >= opts.maxAge) return fail('too_old', { age, max: opts.maxAge });

  return {
    ok: true,
    nik,
    birthDate: `${year}-${pad2(month)}-${pad2(day)}`,
    gender: female ? 'P' : 'L',
    provinceCode,
    regencyCode: `${provinceCode}.${nik.slice(2, 4)}`,
    districtCode: `${provinceCode}.${nik.slice(2, 4)}.${nik.slice(4, 6)}`,
    age,
  };
}

/** How many trailing digits a masked NIK shows. */
const MASK_VISIBLE = 4;

/**
 * Masks a NIK for chat, exports and logs as `************0001`: the last four digits only. Why not the region
 * too: region + birth date (digits 7–12) + serial is the whole NIK, and the region is guessable from the
 * village, so a mask that kept it would be rebuildable next to a birth date.
 */
export function maskNik(nik: string): string {
  const n = normalizeNikInput(nik);
  // Why < 16 is fully hidden: in a mistyped 12–15 digit NIK the last four would include digits 5–12.
  if (n.length < NIK_LENGTH) return '*'.repeat(8);
  return `${'*'.repeat(NIK_LENGTH - MASK_VISIBLE)}${n.slice(-MASK_VISIBLE)}`;
}

/** What a valid NIK encodes (birth date, sex, region), without the registration's age limits; undefined if invalid. */
export function decodeNik(nik: string, today: string): Extract<NikResult, { ok: true }> | undefined {
  const r = parseNik(nik, { today, minAge: 0, maxAge: Number.POSITIVE_INFINITY });
  return r.ok ? r : undefined;
}

interface Ymd {
  year: number;
  month: number;
  day: number;
}

function parseIsoDate(s: string): Ymd {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) throw new TypeError(`today must be YYYY-MM-DD, got ${JSON.stringify(s)}`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

// Why 20yy first: children get a NIK at birth, so a 10-year-old is far likelier than a 110-year-old.
// 19yy is used only when 20yy would be a birth date after today. The choice compares the raw
// (day, month) tuple, so it is well defined even for a date that turns out not to exist.
function pickCentury(yy: number, month: number, day: number, today: Ymd): number {
  const y2000 = 2000 + yy;
  const notFuture = compareYmd({ year: y2000, month, day }, today) <= 0;
  return notFuture ? y2000 : 1900 + yy;
}

function compareYmd(a: Ymd, b: Ymd): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

// Completed years. Someone born on 29 Feb turns a year older on 1 Mar in non-leap years.
function ageOn(birth: Ymd, today: Ymd): number {
  const beforeBirthday = today.month < birth.month || (today.month === birth.month && today.day < birth.day);
  return today.year - birth.year - (beforeBirthday ? 1 : 0);
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
