import { describe, expect, it } from 'vitest';
import { classifyOccupationText, isOccupationId, OCCUPATIONS, sectorOf } from '../../src/domain/occupations.ts';

describe('occupations', () => {
  it('lists the offered ids in menu order', () => {
    expect(OCCUPATIONS.map((o) => o.id)).toEqual([
      'art',
      'sopir',
      'pedagang_keliling',
      'pkl',
      'ojek',
      'kurir',
      'petani',
      'nelayan',
      'buruh_harian',
      'tukang_bangunan',
      'lainnya',
    ]);
  });

  it('puts sopir, ojek and kurir in the transport sector, the rest in other', () => {
    const transport = OCCUPATIONS.filter((o) => sectorOf(o.id) === 'transport').map((o) => o.id);
    expect(transport).toEqual(['sopir', 'ojek', 'kurir']);
    expect(sectorOf('art')).toBe('other');
    expect(sectorOf('lainnya')).toBe('other');
  });

  it('recognises ids', () => {
    expect(isOccupationId('ojek')).toBe(true);
    expect(isOccupationId('pilot')).toBe(false);
  });
});

describe('classifyOccupationText', () => {
  it.each([
    'ojol',
    'Gojek',
    'GRAB',
    'driver grab',
    'ojek pangkalan',
    'supir angkot',
    'Sopir truk',
    'kurir paket',
    'logistik',
    'pengemudi taksi',
    'driver maxim',
    'kurir J&T',
    'antar jemput anak sekolah',
    'ojek-online',
    'jasa ekspedisi',
  ])('%j is transport', (text) => {
    expect(classifyOccupationText(text)).toBe('transport');
  });

  it.each([
    'tukang bakso',
    'pedagang sayur',
    'petani',
    'nelayan',
    'penjahit',
    'pengrajin grabah',
    'seniman',
    'kernet bus',
    'tukang becak',
    '',
    '   ',
    'penyelam',
  ])('%j is other', (text) => {
    expect(classifyOccupationText(text)).toBe('other');
  });
});
