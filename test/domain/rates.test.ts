import { describe, expect, it } from 'vitest';
import data from '../../src/domain/rates.data.json' with { type: 'json' };
import {
  computeIuran,
  contributionFor,
  contributionInput,
  discountInfo,
  type IuranInput,
  incomeBrackets,
  parseRateTable,
} from '../../src/domain/rates.ts';
import { startOfDayIn, todayIn } from '../../src/util/time.ts';

const base: IuranInput = { date: '2025-06-01', sector: 'other', incomeBase: 1_000_000, jht: false, payer: 'self', periodMonths: 1 };
const iuran = (patch: Partial<IuranInput>) => computeIuran({ ...base, ...patch });
const monthly = (patch: Partial<IuranInput>) => iuran(patch).monthly;

describe('computeIuran without a discount', () => {
  it('gives Rp16.800 for JKK+JKM and Rp36.800 with JHT at the lowest base', () => {
    expect(iuran({})).toEqual({
      jkk: 10_000,
      jkm: 6_800,
      jht: 0,
      discount: 0,
      monthly: 16_800,
      period: 16_800,
      periodMonths: 1,
      estimate: false,
      months: [{ month: '2025-06', total: 16_800, discount: 0 }],
    });
    expect(iuran({ jht: true })).toMatchObject({ jkk: 10_000, jkm: 6_800, jht: 20_000, monthly: 36_800, estimate: false });
  });

  it('marks bases without a verified row as estimates', () => {
    expect(iuran({ incomeBase: 2_000_000 })).toMatchObject({ jkk: 20_000, monthly: 26_800, estimate: true });
    expect(iuran({ incomeBase: 1_000_000 }).estimate).toBe(false);
    expect(iuran({ incomeBase: 20_700_000, jht: true })).toMatchObject({ jkk: 207_000, jht: 414_000, estimate: false });
  });

  it('multiplies over 3, 6 and 12 months', () => {
    const plain = { date: '2024-06-01' };
    expect(iuran({ ...plain, periodMonths: 3 }).period).toBe(50_400);
    expect(iuran({ ...plain, periodMonths: 6 }).period).toBe(100_800);
    expect(iuran({ ...plain, periodMonths: 12 }).period).toBe(201_600);
    expect(iuran({ ...plain, periodMonths: 12, jht: true }).period).toBe(441_600);
    expect(iuran({ ...plain, periodMonths: 12 }).months.map((m) => m.month)).toEqual([
      '2024-06',
      '2024-07',
      '2024-08',
      '2024-09',
      '2024-10',
      '2024-11',
      '2024-12',
      '2025-01',
      '2025-02',
      '2025-03',
      '2025-04',
      '2025-05',
    ]);
    // From June 2025 a 12-month period reaches April and May 2026, inside the other-sector window.
    expect(iuran({ periodMonths: 12 }).period).toBe(10 * 16_800 + 2 * 8_400);
  });
});

describe('PP 50/2025 discount', () => {
  it('halves JKK+JKM for transport workers on 2026-11-23', () => {
    const r = iuran({ date: '2026-11-23', sector: 'transport' });
    expect(r).toMatchObject({ jkk: 10_000, jkm: 6_800, discount: 8_400, monthly: 8_400 });
    expect(r.discountRule).toEqual({ id: 'pp50-2025-transport', validTo: '2027-03-31', singleSource: false, percent: 50 });
  });

  it('covers the transport window 2026-01-01..2027-03-31 inclusive', () => {
    expect(monthly({ date: '2025-12-31', sector: 'transport' })).toBe(16_800);
    expect(monthly({ date: '2026-01-01', sector: 'transport' })).toBe(8_400);
    expect(monthly({ date: '2027-03-31', sector: 'transport' })).toBe(8_400);
    expect(monthly({ date: '2027-04-01', sector: 'transport' })).toBe(16_800);
  });

  it('applies to other sectors in Apr–Dec 2026 (two independent reports: no longer single-source)', () => {
    const r = iuran({ date: '2026-11-23', sector: 'other' });
    expect(r.monthly).toBe(8_400);
    expect(r.discountRule).toEqual({ id: 'pp50-2025-other', validTo: '2026-12-31', singleSource: false, percent: 50 });
    expect(monthly({ date: '2026-03-31' })).toBe(16_800);
    expect(monthly({ date: '2026-04-01' })).toBe(8_400);
    expect(monthly({ date: '2026-12-31' })).toBe(8_400);
    expect(monthly({ date: '2027-01-10' })).toBe(16_800);
    expect(iuran({ date: '2027-01-10' }).discountRule).toBeUndefined();
  });

  it('never discounts JHT', () => {
    expect(iuran({ date: '2026-11-23', sector: 'transport', jht: true })).toMatchObject({ jht: 20_000, discount: 8_400, monthly: 28_400 });
  });

  it('is not given when the state or region pays, nor (by default) the village budget', () => {
    expect(monthly({ date: '2026-11-23', sector: 'transport', payer: 'apbd' })).toBe(16_800);
    expect(monthly({ date: '2026-11-23', sector: 'transport', payer: 'apbn' })).toBe(16_800);
    expect(monthly({ date: '2026-11-23', sector: 'transport', payer: 'apbdes' })).toBe(16_800);
    expect(monthly({ date: '2026-11-23', sector: 'other', payer: 'apbdes' })).toBe(16_800);
    for (const payer of ['self', 'referrer', 'donor'] as const)
      expect(monthly({ date: '2026-11-23', sector: 'transport', payer })).toBe(8_400);
  });

  it('gives APBDes payers the discount once an operator clears the flag', () => {
    const table = parseRateTable({ ...data, discounts: data.discounts.map((d) => ({ ...d, excludeApbdes: false })) });
    expect(computeIuran({ ...base, date: '2026-11-23', sector: 'transport', payer: 'apbdes' }, table).monthly).toBe(8_400);
    expect(computeIuran({ ...base, date: '2026-11-23', sector: 'transport', payer: 'apbd' }, table).monthly).toBe(16_800);
    // A table written without the flag excludes APBDes (the conservative default).
    const silent = parseRateTable({ ...data, discounts: data.discounts.map(({ excludeApbdes: _, ...d }) => d) });
    expect(computeIuran({ ...base, date: '2026-11-23', sector: 'transport', payer: 'apbdes' }, silent).monthly).toBe(16_800);
  });

  it('discounts each month of a prepaid period only while the window lasts', () => {
    // Other sector from November 2026: November and December discounted, then ten full months.
    const other = iuran({ date: '2026-11-23', periodMonths: 12 });
    expect(other.months.filter((m) => m.discount > 0).map((m) => m.month)).toEqual(['2026-11', '2026-12']);
    expect(other.period).toBe(2 * 8_400 + 10 * 16_800);
    expect(other).toMatchObject({ monthly: 8_400, discount: 8_400, periodMonths: 12 });
    // Transport from November 2026: five months to March 2027, then seven full.
    expect(iuran({ date: '2026-11-23', sector: 'transport', periodMonths: 12 }).period).toBe(5 * 8_400 + 7 * 16_800);
    expect(iuran({ date: '2026-11-23', sector: 'transport', periodMonths: 3 }).period).toBe(3 * 8_400);
    expect(iuran({ date: '2026-11-23', sector: 'transport', periodMonths: 6, jht: true }).period).toBe(5 * 28_400 + 36_800);
    expect(iuran({ date: '2026-04-01', periodMonths: 6 }).period).toBe(6 * 8_400);
  });

  it('reports a rule that starts within the period even if the first month is full price', () => {
    const r = iuran({ date: '2026-03-20', periodMonths: 3 });
    expect(r).toMatchObject({ monthly: 16_800, discount: 0, period: 16_800 + 2 * 8_400 });
    expect(r.discountRule?.id).toBe('pp50-2025-other');
  });

  it('clamps the day when adding months (31 Oct + 1 month = 30 Nov)', () => {
    expect(iuran({ date: '2026-10-31', periodMonths: 3 }).months.map((m) => m.month)).toEqual(['2026-10', '2026-11', '2026-12']);
    expect(iuran({ date: '2026-10-31', periodMonths: 3 }).period).toBe(3 * 8_400);
  });
});

describe('computeIuran input checks', () => {
  it('throws RangeError on programming errors', () => {
    expect(() => iuran({ date: '2026-02-30' })).toThrow(RangeError);
    expect(() => iuran({ date: '23/11/2026' })).toThrow(RangeError);
    expect(() => iuran({ incomeBase: 999_999 })).toThrow(RangeError);
    expect(() => iuran({ incomeBase: 20_700_001 })).toThrow(RangeError);
    expect(() => iuran({ incomeBase: 1_500_000.5 })).toThrow(RangeError);
    expect(() => iuran({ periodMonths: 2 as 1 })).toThrow(RangeError);
    expect(() => iuran({ date: '2010-01-01' })).toThrow(RangeError);
  });
});

describe("contributionFor (the conversation's choices so far)", () => {
  it('fills what is not chosen yet: sector other, Rp 1,000,000, no JHT, one month, paid by the registrant', () => {
    expect(contributionInput({}, '2026-11-23')).toEqual({
      date: '2026-11-23',
      sector: 'other',
      incomeBase: 1_000_000,
      jht: false,
      payer: 'referrer',
      periodMonths: 1,
    });
  });

  it('lets a worker registering themself pay for themself unless a payer was chosen', () => {
    expect(contributionInput({ forWhom: 'self' }, '2026-11-23').payer).toBe('self');
    expect(contributionInput({ forWhom: 'self', payer: 'donor' }, '2026-11-23').payer).toBe('donor');
    expect(contributionInput({ forWhom: 'other' }, '2026-11-23').payer).toBe('referrer');
  });

  it('keeps the choices made and computes with them', () => {
    const choices = { sector: 'transport', incomeBase: 2_000_000, jht: true, periodMonths: 3, payer: 'apbdes' } as const;
    expect(contributionFor(choices, '2026-11-23')).toEqual(computeIuran({ date: '2026-11-23', ...choices }));
    // A chosen payer wins over the default (the calculator always computes for the worker paying)
    expect(contributionFor({ payer: 'self' }, '2026-11-23')).toEqual(iuran({ date: '2026-11-23', payer: 'self' }));
  });
});

describe('incomeBrackets', () => {
  it('offers the verified lowest base first, estimates in between and the cap last', () => {
    const b = incomeBrackets('2026-01-01');
    expect(b[0]).toEqual({ base: 1_000_000, verified: true, singleSource: false });
    expect(b.at(-1)).toEqual({ base: 20_700_000, verified: true, singleSource: true });
    expect(b.find((x) => x.base === 2_000_000)).toEqual({ base: 2_000_000, verified: false, singleSource: false });
    expect(b.map((x) => x.base)).toEqual([...b.map((x) => x.base)].sort((x, y) => x - y));
    expect(b.filter((x) => !x.verified).length).toBeGreaterThanOrEqual(3);
  });
  it('agrees with computeIuran on what is an estimate', () => {
    for (const { base: incomeBase, verified } of incomeBrackets('2026-01-01')) expect(iuran({ incomeBase }).estimate).toBe(!verified);
  });
});

describe('discountInfo', () => {
  it('returns the active rule or undefined', () => {
    expect(discountInfo('2026-11-23', 'transport', 'self')).toEqual({
      id: 'pp50-2025-transport',
      validFrom: '2026-01-01',
      validTo: '2027-03-31',
      singleSource: false,
      percent: 50,
    });
    expect(discountInfo('2026-11-23', 'other', 'donor')?.singleSource).toBe(false);
    expect(discountInfo('2026-02-01', 'other', 'self')).toBeUndefined();
    expect(discountInfo('2026-11-23', 'transport', 'apbn')).toBeUndefined();
    expect(discountInfo('2026-11-23', 'transport', 'apbdes')).toBeUndefined();
  });
});

describe('todayIn (src/time.ts)', () => {
  it('uses the calendar date of the time zone', () => {
    expect(todayIn('Asia/Jakarta', Date.parse('2026-11-22T16:59:59Z'))).toBe('2026-11-22');
    expect(todayIn('Asia/Jakarta', Date.parse('2026-11-22T17:00:00Z'))).toBe('2026-11-23');
    expect(todayIn('Asia/Jakarta', Date.parse('2026-12-31T17:30:00Z'))).toBe('2027-01-01');
    expect(todayIn('UTC', Date.parse('2026-11-22T17:00:00Z'))).toBe('2026-11-22');
    expect(todayIn('Asia/Jayapura', Date.parse('2026-11-22T16:00:00Z'))).toBe('2026-11-23');
  });

  it('finds the instant a day starts in a time zone', () => {
    expect(startOfDayIn('Asia/Jakarta', '2026-11-23')).toBe(Date.parse('2026-11-22T17:00:00Z'));
    expect(startOfDayIn('UTC', '2026-11-23')).toBe(Date.parse('2026-11-23T00:00:00Z'));
  });
});

describe('rates.data.json', () => {
  it('is valid and every row has a source and validity dates', () => {
    const t = parseRateTable(data);
    for (const row of [...t.programs, ...t.brackets, ...t.discounts]) {
      expect(row.source.length).toBeGreaterThan(10);
      expect(row.validFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(row).toHaveProperty('validTo');
    }
  });
  it('rejects a malformed table', () => {
    expect(() => parseRateTable({ ...data, discounts: [{ ...data.discounts[0], validTo: '2027-02-30' }] })).toThrow();
    expect(() => parseRateTable({ ...data, brackets: [] })).toThrow();
  });
});
