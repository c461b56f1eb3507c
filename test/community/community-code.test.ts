import { describe, expect, it } from 'vitest';
import { abbreviate, baseCommunityCode, newCommunityCode } from '../../src/domain/community-code.ts';
import { isValidPayload } from '../../src/domain/signup-links.ts';

describe('community codes', () => {
  it('are readable: generic words dropped, a word, a dash, a consonant-first abbreviation', () => {
    expect(baseCommunityCode('Paguyuban Bakso Cikokol')).toBe('BAKSO-CKK');
    expect(baseCommunityCode('Komunitas Ojek Pangkalan Pasar Lama')).toBe('OJEK-PSR');
    expect(baseCommunityCode('Ikatan Pedagang Kaki Lima')).toBe('PEDAGANG-KAK');
    expect(baseCommunityCode('Desa Sukamaju')).toBe('SUKAMAJU');
    expect(baseCommunityCode('Pangkalan Ojek Pasar')).toBe('OJEK-PSR');
    expect(baseCommunityCode('Perkumpulan Seniman Tangerang Selatan')).toBe('SENIMAN-TNG');
    expect(baseCommunityCode('Forum Pekerja Rentan RT 05')).toBe('PEKERJA-RNT');
  });

  it('keep to letters and digits, whatever the name holds', () => {
    expect(baseCommunityCode('Persatuan  Sopir & Kenek "Jaya"')).toBe('SOPIR-KNK');
    expect(baseCommunityCode('Kelompok Tani Ciléngsi')).toBe('TANI-CLN');
    expect(baseCommunityCode('Ojek 17')).toBe('OJEK-17');
    expect(baseCommunityCode('Superpanjangsekali Nama')).toBe('SUPERPAN-NAM');
    // Only generic words: the code comes from them rather than from nothing.
    expect(baseCommunityCode('Paguyuban Desa')).toBe('PAGUYUBA-DES');
    expect(baseCommunityCode('!!!')).toBe('KOMUNITAS');
    for (const name of ['Paguyuban Bakso Cikokol', 'Ojek 17', '!!!', 'Kelompok Tani Ciléngsi'])
      expect(isValidPayload(baseCommunityCode(name))).toBe(true);
  });

  it('abbreviate with the first letter and the consonants after it, or the first letters when consonants run out', () => {
    expect(abbreviate('CIKOKOL')).toBe('CKK');
    expect(abbreviate('AMPERA')).toBe('AMP');
    expect(abbreviate('KOTA')).toBe('KOT');
    expect(abbreviate('OI')).toBe('OI');
  });

  it('get a numeric suffix when taken', () => {
    const taken = new Set(['BAKSO-CKK', 'BAKSO-CKK-2']);
    expect(newCommunityCode('Paguyuban Bakso Cikokol', (c) => taken.has(c))).toBe('BAKSO-CKK-3');
    expect(newCommunityCode('Paguyuban Bakso Cikokol', () => false)).toBe('BAKSO-CKK');
  });
});
