import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskNik, normalizeNikInput, parseNik } from '../../src/domain/nik.ts';

const opts = { today: '2025-06-01', minAge: 15, maxAge: 65 };
const parse = (raw: string, o: Partial<typeof opts> = {}) => parseNik(raw, { ...opts, ...o });
const errorOf = (raw: string, o: Partial<typeof opts> = {}) => {
  const r = parse(raw, o);
  if (r.ok) throw new Error(`expected an error for ${raw}`);
  return r.error;
};

describe('normalizeNikInput', () => {
  it('strips spaces, dots, dashes and invisible characters', () => {
    expect(normalizeNikInput(' 3201 0115.0590-0001 ')).toBe('3201011505900001');
    expect(normalizeNikInput('3201\u200b0115\u00a00590\u20130001\ufeff')).toBe('3201011505900001');
    expect(normalizeNikInput('３２０１０１１５０５９００００１')).toBe('3201011505900001');
  });
});

describe('parseNik', () => {
  it('decodes a male NIK', () => {
    expect(parse('3201011505900001')).toEqual({
      ok: true,
      nik: '3201011505900001',
      birthDate: '1990-05-15',
      gender: 'L',
      provinceCode: '32',
      regencyCode: '32.01',
      districtCode: '32.01.01',
      age: 35,
    });
  });

  it('decodes a female NIK (day + 40)', () => {
    const r = parse('3201015505900001');
    expect(r).toMatchObject({ ok: true, birthDate: '1990-05-15', gender: 'P' });
    expect(parse('3201017112900001')).toMatchObject({ ok: true, birthDate: '1990-12-31', gender: 'P' });
  });

  it('accepts spaces, dots and dashes', () => {
    for (const raw of ['3201 0115 0590 0001', '3201.0115.0590.0001', '3201-0115-0590-0001', '32.01.01 150590 0001']) {
      expect(parse(raw)).toMatchObject({ ok: true, nik: '3201011505900001' });
    }
  });

  it('reports empty input', () => {
    expect(errorOf('')).toEqual({ code: 'empty', params: {} });
    expect(errorOf(' . - ')).toEqual({ code: 'empty', params: {} });
  });

  it('lists the offending characters, deduplicated', () => {
    expect(errorOf('3201O1150590000l')).toEqual({ code: 'not_digits', params: { chars: 'O, l' } });
    expect(errorOf('32O1O1150590000O')).toEqual({ code: 'not_digits', params: { chars: 'O' } });
  });

  it('reports the length', () => {
    expect(errorOf('320101150590001')).toEqual({ code: 'length', params: { count: 15, expected: 16 } });
    expect(errorOf('32010115059000011')).toEqual({ code: 'length', params: { count: 17, expected: 16 } });
  });

  it('checks the province code, keeping the pre-split Papua codes 91/92', () => {
    expect(parse('9101011505900001')).toMatchObject({ ok: true, provinceCode: '91' });
    expect(parse('9201011505900001')).toMatchObject({ ok: true, provinceCode: '92' });
    expect(parse('9601011505900001')).toMatchObject({ ok: true, provinceCode: '96' });
    for (const code of ['10', '20', '22', '30', '37', '54', '66', '77', '83', '90', '97', '00']) {
      expect(errorOf(`${code}01011505900001`)).toEqual({ code: 'province', params: { code } });
    }
  });

  it('checks the day field', () => {
    expect(errorOf('3201010005900001')).toEqual({ code: 'day', params: { day: 0 } });
    expect(errorOf('3201013205900001')).toEqual({ code: 'day', params: { day: 32 } });
    expect(errorOf('3201014005900001')).toEqual({ code: 'day', params: { day: 40 } });
    expect(errorOf('3201017205900001')).toEqual({ code: 'day', params: { day: 72 } });
  });

  it('checks the month field', () => {
    expect(errorOf('3201011500900001')).toEqual({ code: 'month', params: { month: 0 } });
    expect(errorOf('3201011513900001')).toEqual({ code: 'month', params: { month: 13 } });
  });

  it('requires the date to exist, with leap years', () => {
    expect(parse('3201012902000001')).toMatchObject({ ok: true, birthDate: '2000-02-29', gender: 'L' });
    expect(parse('3201016902000001')).toMatchObject({ ok: true, birthDate: '2000-02-29', gender: 'P' });
    expect(parse('3201012902880001')).toMatchObject({ ok: true, birthDate: '1988-02-29' });
    expect(errorOf('3201012902010001')).toEqual({ code: 'date', params: { day: 29, month: 2, year: 2001 } });
    expect(errorOf('3201016902890001')).toEqual({ code: 'date', params: { day: 29, month: 2, year: 1989 } });
    expect(errorOf('3201013002000001')).toEqual({ code: 'date', params: { day: 30, month: 2, year: 2000 } });
    expect(errorOf('3201013104900001')).toEqual({ code: 'date', params: { day: 31, month: 4, year: 1990 } });
  });

  it('rejects serial 0000', () => {
    expect(errorOf('3201011505900000')).toEqual({ code: 'serial', params: {} });
  });

  it('picks the century that gives a plausible age', () => {
    // 2010 is in the past: a 15-year-old, not a 115-year-old.
    expect(parse('3201010106100001')).toMatchObject({ ok: true, birthDate: '2010-06-01', age: 15 });
    // 2025-07-01 would be in the future, so 1925 (and too old).
    expect(errorOf('3201010107250001')).toEqual({ code: 'too_old', params: { age: 99, max: 65 } });
    // A 10-year-old reads as born in 2015 (too young), not 1915.
    expect(errorOf('3201010101150001')).toEqual({ code: 'too_young', params: { age: 10, min: 15 } });
    // Born today reads as age 0 in 2025.
    expect(errorOf('3201010106250001')).toEqual({ code: 'too_young', params: { age: 0, min: 15 } });
  });

  it('applies the age limits at the edges: 15 ≤ age < 65', () => {
    expect(parse('3201010206600001')).toMatchObject({ ok: true, age: 64 });
    expect(errorOf('3201010106600001')).toEqual({ code: 'too_old', params: { age: 65, max: 65 } });
    expect(parse('3201010106100001')).toMatchObject({ ok: true, age: 15 });
    expect(errorOf('3201010206100001')).toEqual({ code: 'too_young', params: { age: 14, min: 15 } });
    expect(parse('3201010206100001', { minAge: 14 })).toMatchObject({ ok: true, age: 14 });
    expect(parse('3201010106600001', { maxAge: 66 })).toMatchObject({ ok: true, age: 65 });
  });

  it('counts a 29 February birthday from 1 March in non-leap years', () => {
    expect(parse('3201012902080001', { today: '2025-02-28', minAge: 0 })).toMatchObject({ ok: true, age: 16 });
    expect(parse('3201012902080001', { today: '2025-03-01', minAge: 0 })).toMatchObject({ ok: true, age: 17 });
    expect(parse('3201012902080001', { today: '2024-02-29', minAge: 0 })).toMatchObject({ ok: true, age: 16 });
  });

  it('reports the first failing rule only', () => {
    // Bad province and bad day: the province is reported.
    expect(errorOf('9901013505900000').code).toBe('province');
    // Bad day and bad month: the day.
    expect(errorOf('3201013513900001').code).toBe('day');
    // Impossible date and serial 0000: the date.
    expect(errorOf('3201013002900000').code).toBe('date');
  });

  it('rejects a malformed today (a programming error)', () => {
    expect(() => parse('3201011505900001', { today: '1/6/2025' })).toThrow(TypeError);
  });
});

describe('maskNik', () => {
  it('keeps the last four digits only (the region, with a birth date, would rebuild the NIK)', () => {
    expect(maskNik('3201011505900001')).toBe('************0001');
    expect(maskNik('3201 0115 0590 0001')).toBe('************0001');
  });
  it('hides short inputs completely', () => {
    expect(maskNik('12345')).toBe('********');
    expect(maskNik('320101150590001')).toBe('********');
  });
});

describe('properties', () => {
  const sixteenDigits = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 16, maxLength: 16 }).map((d) => d.join(''));
  // Structurally plausible NIKs so the property below reaches the ok branch often.
  const plausible = fc
    .record({
      prov: fc.constantFrom('11', '32', '35', '91', '92', '96'),
      kk: fc.integer({ min: 1, max: 99 }),
      cc: fc.integer({ min: 1, max: 99 }),
      day: fc.integer({ min: 0, max: 75 }),
      month: fc.integer({ min: 0, max: 13 }),
      yy: fc.integer({ min: 0, max: 99 }),
      serial: fc.integer({ min: 0, max: 9999 }),
    })
    .map(
      ({ prov, kk, cc, day, month, yy, serial }) =>
        [prov, kk, cc, day, month, yy].map((n) => String(n).padStart(2, '0')).join('') + String(serial).padStart(4, '0'),
    );
  const today = fc
    .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));

  it('never throws, and every ok result has 16 digits and a real date', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string(), sixteenDigits, plausible), today, (raw, t) => {
        const r = parseNik(raw, { today: t, minAge: 0, maxAge: 200 });
        if (!r.ok) return;
        expect(r.nik).toMatch(/^\d{16}$/);
        const d = new Date(`${r.birthDate}T00:00:00Z`);
        expect(Number.isNaN(d.getTime())).toBe(false);
        expect(d.toISOString().slice(0, 10)).toBe(r.birthDate);
        expect(r.birthDate <= t).toBe(true);
        expect(r.age).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('masking never reveals digits 1–12', () => {
    fc.assert(
      fc.property(fc.oneof(sixteenDigits, plausible, fc.string()), (raw) => {
        const n = normalizeNikInput(raw);
        const masked = maskNik(raw);
        if (n.length < 16) expect(masked).toBe('********');
        else expect(masked).toBe(`************${n.slice(-4)}`);
        if (/^\d{16}$/.test(n)) expect(masked.slice(0, 12)).toBe('************');
      }),
      { numRuns: 1000 },
    );
  });
});
