import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newReferralCode, normalizeReferralCode, REFERRAL_ALPHABET } from '../../src/domain/codes.ts';

const FORMAT = /^DFT-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{5}$/;

describe('newReferralCode', () => {
  it('uses the alphabet without 0/O/1/I/L', () => {
    expect(REFERRAL_ALPHABET).toHaveLength(31);
    expect(REFERRAL_ALPHABET).not.toMatch(/[01OIL]/);
  });

  it('builds DFT-XXXXX from the injected random source', () => {
    expect(newReferralCode(() => 0)).toBe('DFT-22222');
    expect(newReferralCode((max) => max - 1)).toBe('DFT-ZZZZZ');
    const seq = [0, 1, 2, 3, 4];
    expect(newReferralCode(() => seq.shift()!)).toBe('DFT-23456');
  });

  it('rejects a broken random source', () => {
    expect(() => newReferralCode(() => 31)).toThrow(RangeError);
    expect(() => newReferralCode(() => -1)).toThrow(RangeError);
  });

  it('makes well-formed, varied codes with crypto randomness', () => {
    const codes = Array.from({ length: 1000 }, () => newReferralCode());
    for (const c of codes) expect(c).toMatch(FORMAT);
    expect(new Set(codes).size).toBeGreaterThan(990);
  });
});

describe('normalizeReferralCode', () => {
  it.each(['DFT-7KQ2M', 'dft-7kq2m', 'DFT7KQ2M', 'dft 7kq2m', ' DFT – 7KQ2M ', '7kq2m', '7KQ-2M', 'ＤＦＴ－７ＫＱ２Ｍ', 'dft_7kq2m'])(
    'reads %j as DFT-7KQ2M',
    (input) => {
      expect(normalizeReferralCode(input)).toBe('DFT-7KQ2M');
    },
  );

  it.each([
    '',
    'DFT',
    'DFT-7KQ2',
    'DFT-7KQ2MM',
    'ABC-7KQ2M',
    'DFT-0KQ2M',
    'DFT-OKQ2M',
    'DFT-1KQ2M',
    'DFT-IKQ2M',
    'dft-lkq2m',
    'DFT-7KQ2!',
    'halo kak',
  ])('refuses %j', (input) => {
    expect(normalizeReferralCode(input)).toBeUndefined();
  });

  it('round-trips every generated code', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 5, maxLength: 5 }), (ks) => {
        const seq = [...ks];
        const code = newReferralCode(() => seq.shift()!);
        expect(normalizeReferralCode(code)).toBe(code);
        expect(normalizeReferralCode(code.toLowerCase().replace('-', ' '))).toBe(code);
      }),
    );
  });

  it('never throws and only returns well-formed codes', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const r = normalizeReferralCode(s);
        if (r !== undefined) expect(r).toMatch(FORMAT);
      }),
    );
  });
});
