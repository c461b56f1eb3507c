/**
 * BPU contributions (iuran): JKK, JKM and optional JHT per month, with the date-bound PP 50/2025
 * discount. The figures live in rates.data.json with their sources; this module only computes.
 */
import { z } from 'zod';
import rawData from './rates.data.json' with { type: 'json' };

/** Who pays the contributions; 'apbn'/'apbd'/'apbdes' are state, regional and village budgets. */
export type Payer = 'self' | 'referrer' | 'apbdes' | 'apbd' | 'apbn' | 'donor';

/** The sector that decides which discount window applies. */
export type Sector = 'transport' | 'other';

/** How many months a payment covers. */
export type PeriodMonths = 1 | 3 | 6 | 12;

/** All payers, for validation and menus. */
export const PAYERS: readonly Payer[] = ['self', 'referrer', 'apbdes', 'apbd', 'apbn', 'donor'];

/** The payment periods BPJS accepts for BPU. */
export const PERIOD_MONTHS: readonly PeriodMonths[] = [1, 3, 6, 12];

const isoDate = z.string().refine(isIsoDate, 'a real date as YYYY-MM-DD');
const validity = { source: z.string().min(1), validFrom: isoDate, validTo: isoDate.nullable() };
const rupiah = z.number().int().nonnegative();

const schema = z.object({
  currency: z.literal('IDR'),
  programs: z.array(
    z.union([
      z.object({ id: z.enum(['jkk', 'jht']), percentOfIncome: z.number().positive().max(100), ...validity }),
      z.object({ id: z.literal('jkm'), flat: rupiah, ...validity }),
    ]),
  ),
  brackets: z
    .array(
      z.object({
        base: rupiah.positive(),
        // Amounts as printed in the Lampiran, when they differ from the percentage.
        jkk: rupiah.optional(),
        jht: rupiah.optional(),
        verified: z.boolean(),
        singleSource: z.boolean(),
        ...validity,
      }),
    )
    .min(1),
  offeredBases: z.array(rupiah.positive()).min(1),
  discounts: z.array(
    z.object({
      id: z.string().min(1),
      sectors: z.array(z.enum(['transport', 'other'])).min(1),
      percent: z.number().positive().max(100),
      appliesTo: z.array(z.enum(['jkk', 'jkm'])).min(1),
      excludedPayers: z.array(z.enum(['self', 'referrer', 'apbdes', 'apbd', 'apbn', 'donor'])),
      // Why a flag, defaulting to true: whether APBDes (village budget) payers are excluded like
      // APBN/APBD is unconfirmed. Excluding them means the bot never promises a discount that the
      // village may then not get; an operator flips it to false once BPJS confirms otherwise.
      excludeApbdes: z.boolean().default(true),
      singleSource: z.boolean(),
      ...validity,
      validTo: isoDate,
    }),
  ),
});

/** The contribution table, validated when the module loads so a bad edit fails at startup. */
export type RateTable = z.infer<typeof schema>;

/** Validates a contribution table (the shipped JSON, or a test fixture). */
export function parseRateTable(data: unknown): RateTable {
  return schema.parse(data);
}

const TABLE: RateTable = parseRateTable(rawData);

/** An income base the bot can offer; `verified` when a verified table row exists for it. */
export interface IncomeBracket {
  base: number;
  verified: boolean;
  singleSource: boolean;
}

/** What {@link computeIuran} needs; `date` is the conversation's date in Asia/Jakarta. */
export interface IuranInput {
  date: string;
  sector: Sector;
  incomeBase: number;
  jht: boolean;
  payer: Payer;
  periodMonths: PeriodMonths;
}

/** The discount rule as the bot reports it. */
export interface DiscountRule {
  id: string;
  validFrom: string;
  validTo: string;
  singleSource: boolean;
  percent: number;
}

/** One covered month: 'YYYY-MM', its total and the discount in it. */
export interface IuranMonth {
  month: string;
  total: number;
  discount: number;
}

/**
 * Integer rupiah. `jkk`/`jkm`/`jht` are the undiscounted monthly amounts (jht 0 when not chosen);
 * `discount` and `monthly` are for the first covered month; `period` sums every covered month, each
 * with or without the discount (see `months`); `discountRule` is the rule used in any covered month.
 */
export interface IuranBreakdown {
  jkk: number;
  jkm: number;
  jht: number;
  discount: number;
  monthly: number;
  period: number;
  periodMonths: PeriodMonths;
  estimate: boolean;
  discountRule?: { id: string; validTo: string; singleSource: boolean; percent: number };
  months: IuranMonth[];
}

/** The income bases to offer on `date` (default today in Jakarta): verified rows and common estimated ones. */
export function incomeBrackets(date: string, table: RateTable = TABLE): IncomeBracket[] {
  assertDate(date);
  const rows = table.brackets.filter((r) => inWindow(date, r.validFrom, r.validTo));
  const bases = new Set([...table.offeredBases, ...rows.filter((r) => r.verified).map((r) => r.base)]);
  const { min, max } = baseRange(rows);
  return [...bases]
    .filter((b) => b >= min && b <= max)
    .sort((a, b) => a - b)
    .map((base) => {
      const row = rows.find((r) => r.base === base && r.verified);
      return { base, verified: row !== undefined, singleSource: row?.singleSource ?? false };
    });
}

/**
 * Computes the contributions for a period starting in the month of `date`. Month i of the period is
 * checked on date + i months, so a 12-month prepayment made in November 2026 by a non-transport
 * worker gets the discount for November and December only, then pays full price.
 * Throws RangeError for a malformed date or a base outside the table (programming errors: the bot
 * offers bases from {@link incomeBrackets}).
 */
export function computeIuran(input: IuranInput, table: RateTable = TABLE): IuranBreakdown {
  const { date, sector, incomeBase, payer, periodMonths } = input;
  assertDate(date);
  if (!PERIOD_MONTHS.includes(periodMonths)) throw new RangeError(`periodMonths must be 1, 3, 6 or 12, got ${periodMonths}`);
  if (!PAYERS.includes(payer)) throw new RangeError(`unknown payer ${String(payer)}`);
  const rows = table.brackets.filter((r) => inWindow(date, r.validFrom, r.validTo));
  const { min, max } = baseRange(rows);
  if (!Number.isInteger(incomeBase) || incomeBase < min || incomeBase > max) {
    throw new RangeError(`incomeBase must be an integer from ${min} to ${max}, got ${incomeBase}`);
  }

  const row = rows.find((r) => r.base === incomeBase && r.verified);
  const jkk = row?.jkk ?? Math.round((incomeBase * percentOf(table, 'jkk', date)) / 100);
  const jkm = flatJkm(table, date);
  const jht = input.jht ? (row?.jht ?? Math.round((incomeBase * percentOf(table, 'jht', date)) / 100)) : 0;
  const full = jkk + jkm + jht;

  let usedRule: RateTable['discounts'][number] | undefined;
  const months: IuranMonth[] = [];
  for (let i = 0; i < periodMonths; i++) {
    const day = addMonths(date, i);
    const rule = activeRule(table, day, sector, payer);
    const discount = rule ? discountOf(rule, jkk, jkm) : 0;
    if (rule) usedRule ??= rule;
    months.push({ month: day.slice(0, 7), total: full - discount, discount });
  }
  const first = months[0]!;
  return {
    jkk,
    jkm,
    jht,
    discount: first.discount,
    monthly: first.total,
    period: months.reduce((s, m) => s + m.total, 0),
    periodMonths,
    estimate: row === undefined,
    ...(usedRule && {
      discountRule: { id: usedRule.id, validTo: usedRule.validTo, singleSource: usedRule.singleSource, percent: usedRule.percent },
    }),
    months,
  };
}

/** A conversation's contribution choices so far; any not made yet takes its default. */
export interface ContributionChoices {
  sector?: Sector;
  incomeBase?: number;
  jht?: boolean;
  periodMonths?: PeriodMonths;
  payer?: Payer;
  /** Who is registered: a worker registering themself pays for themself unless they chose a payer. */
  forWhom?: 'self' | 'other';
}

/**
 * The contribution inputs for `choices` on `date`, with the defaults in one place: sector 'other', the
 * lowest common income (Rp 1,000,000), no JHT, one month, paid by the registrant (or the worker themself).
 */
export function contributionInput(choices: ContributionChoices, date: string): IuranInput {
  return {
    date,
    sector: choices.sector ?? 'other',
    incomeBase: choices.incomeBase ?? 1_000_000,
    jht: choices.jht ?? false,
    payer: choices.payer ?? (choices.forWhom === 'self' ? 'self' : 'referrer'),
    periodMonths: choices.periodMonths ?? 1,
  };
}

/** The contributions for a conversation's choices so far on `date` (see {@link contributionInput} for the defaults). */
export function contributionFor(choices: ContributionChoices, date: string): IuranBreakdown {
  return computeIuran(contributionInput(choices, date));
}

/** A run of covered months at one price: how many, the price of each, and whether it is discounted. */
export interface PeriodPart {
  months: number;
  monthly: number;
  discounted: boolean;
}

/**
 * The period split where its price changes ("1 month × Rp8.400 discounted + 2 months × Rp16.800"), so a total
 * that is not monthly × months shows its reasoning. One part when every month costs the same.
 */
export function periodParts(i: IuranBreakdown): PeriodPart[] {
  const parts: PeriodPart[] = [];
  for (const m of i.months) {
    const last = parts.at(-1);
    if (last && last.monthly === m.total) last.months++;
    else parts.push({ months: 1, monthly: m.total, discounted: m.discount > 0 });
  }
  return parts;
}

/** The discount rule that applies on `date` to a worker of `sector` paid by `payer`, if any. */
export function discountInfo(date: string, sector: Sector, payer: Payer, table: RateTable = TABLE): DiscountRule | undefined {
  assertDate(date);
  const r = activeRule(table, date, sector, payer);
  return r && { id: r.id, validFrom: r.validFrom, validTo: r.validTo, singleSource: r.singleSource, percent: r.percent };
}

function activeRule(table: RateTable, date: string, sector: Sector, payer: Payer): RateTable['discounts'][number] | undefined {
  return table.discounts.find(
    (r) =>
      r.sectors.includes(sector) &&
      inWindow(date, r.validFrom, r.validTo) &&
      !r.excludedPayers.includes(payer) &&
      !(payer === 'apbdes' && r.excludeApbdes),
  );
}

// Rounded down: the bot should never promise a rupiah more discount than the rule gives.
function discountOf(rule: RateTable['discounts'][number], jkk: number, jkm: number): number {
  const base = (rule.appliesTo.includes('jkk') ? jkk : 0) + (rule.appliesTo.includes('jkm') ? jkm : 0);
  return Math.floor((base * rule.percent) / 100);
}

function percentOf(table: RateTable, id: 'jkk' | 'jht', date: string): number {
  for (const p of table.programs) if (p.id === id && inWindow(date, p.validFrom, p.validTo)) return p.percentOfIncome;
  throw new RangeError(`no ${id} rate valid on ${date}`);
}

function flatJkm(table: RateTable, date: string): number {
  for (const p of table.programs) if (p.id === 'jkm' && inWindow(date, p.validFrom, p.validTo)) return p.flat;
  throw new RangeError(`no jkm rate valid on ${date}`);
}

// The verified rows span the table: lowest base to the cap.
function baseRange(rows: RateTable['brackets']): { min: number; max: number } {
  if (rows.length === 0) throw new RangeError('no income bracket valid on this date');
  const bases = rows.map((r) => r.base);
  return { min: Math.min(...bases), max: Math.max(...bases) };
}

// ISO dates compare correctly as strings; validTo is inclusive.
function inWindow(date: string, from: string, to: string | null): boolean {
  return date >= from && (to === null || date <= to);
}

function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

function assertDate(date: string): void {
  if (!isIsoDate(date)) throw new RangeError(`date must be YYYY-MM-DD, got ${JSON.stringify(date)}`);
}

// Calendar arithmetic on plain dates; the day is clamped to the month's end (31 Jan + 1 → 28/29 Feb).
// Why not dayjs: a summary computes up to 12 of these per amount, and building date objects for it was a measurable
// share of a registration turn (issue 16).
function addMonths(date: string, n: number): string {
  const months = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 + n;
  const year = Math.floor(months / 12);
  const month = months - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(Number(date.slice(8, 10)), lastDay);
  return `${year}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
