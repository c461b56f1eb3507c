import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  boundedOsa,
  countVillageMatches,
  districtByNik,
  normalizeAreaText,
  provinceName,
  regencyName,
  searchVillages,
  villageByCode,
  warmAreas,
} from '../../src/domain/areas.ts';

beforeAll(async () => {
  const stats = await warmAreas();
  expect(stats.villages).toBeGreaterThan(80_000);
  expect(stats.districts).toBeGreaterThan(7_000);
});

const compact = (s: string) => normalizeAreaText(s).replace(/ /g, '');

describe('loading', () => {
  it('refuses a lookup before warmAreas() instead of loading inside a turn', async () => {
    vi.resetModules();
    const fresh = await import('../../src/domain/areas.ts');
    expect(() => fresh.villageByCode('32.01.01.2001')).toThrow(/warmAreas/);
    const [a, b] = await Promise.all([fresh.warmAreas(), fresh.warmAreas()]);
    expect(b).toBe(a);
    expect(fresh.villageByCode('35.13.15.2017')?.name).toBe("Soka'an");
  });
});

describe('boundedOsa', () => {
  it('counts edits, with a transposition as one', () => {
    expect(boundedOsa('sukamaju', 'sukamaju', 2)).toBe(0);
    expect(boundedOsa('sukamaju', 'sukamju', 2)).toBe(1);
    expect(boundedOsa('sukamaju', 'sukmaaju', 2)).toBe(1);
    expect(boundedOsa('sukamaju', 'sukamajuu', 2)).toBe(1);
    expect(boundedOsa('sukamaju', 'sakamoju', 2)).toBe(2);
    expect(boundedOsa('sukamaju', 'cibeber', 2)).toBe(3);
    expect(boundedOsa('', 'ab', 2)).toBe(2);
  });
});

describe('lookups by code', () => {
  it('names the district of a NIK district code', () => {
    expect(districtByNik('32.01.01')).toEqual({ district: 'Cibinong', regency: 'Kabupaten Bogor', province: 'Jawa Barat' });
    expect(districtByNik('320101')).toEqual(districtByNik('32.01.01'));
  });
  it('returns undefined for an unknown district code', () => {
    expect(districtByNik('32.01.99')).toBeUndefined();
    expect(districtByNik('99.99.99')).toBeUndefined();
    expect(districtByNik('')).toBeUndefined();
  });
  it('names provinces and regencies, including the new Papua provinces', () => {
    expect(provinceName('32')).toBe('Jawa Barat');
    expect(provinceName('94')).toBe('Papua Tengah');
    expect(provinceName('99')).toBeUndefined();
    expect(regencyName('32.01')).toBe('Kabupaten Bogor');
    expect(regencyName('3271')).toBe('Kota Bogor');
  });
  it('finds a village by code, with quoted names read correctly', () => {
    expect(villageByCode('32.03.03.2013')).toEqual({
      code: '32.03.03.2013',
      name: 'Sukamaju',
      district: 'Cibeber',
      regency: 'Kabupaten Cianjur',
      province: 'Jawa Barat',
    });
    expect(villageByCode('3203032013')?.name).toBe('Sukamaju');
    expect(villageByCode('12.07.28.1007')?.name).toBe('Lubuk Pakam I,II');
    // The source writes this apostrophe as a double quote.
    expect(villageByCode('35.13.15.2017')?.name).toBe("Soka'an");
    expect(villageByCode('32.03.03.9999')).toBeUndefined();
  });
});

describe('searchVillages', () => {
  it('finds the many villages called Sukamaju, in a stable order, with their areas', () => {
    const r = searchVillages('sukamaju');
    expect(r.total).toBeGreaterThan(5);
    expect(r.hits).toHaveLength(5);
    for (const h of r.hits) {
      expect(compact(h.name)).toBe('sukamaju');
      expect(h.match).toBe('exact');
      expect(h.score).toBe(1);
      expect(h.district).not.toBe('');
      expect(h.regency).toMatch(/^(Kabupaten|Kota) /);
      expect(h.province).not.toBe('');
    }
    searchVillages('cibeber'); // another query in between, so the memo is not what makes it stable
    expect(searchVillages('sukamaju')).toEqual(r);
    expect(countVillageMatches('sukamaju')).toBe(r.total);
    expect(searchVillages('sukamaju', 2).hits).toEqual(r.hits.slice(0, 2));
  });

  it('counts "Suka Maju" and "Sukamaju" as the same name, listing the typed spelling first', () => {
    const joined = searchVillages('sukamaju');
    const spaced = searchVillages('suka maju');
    expect(spaced.total).toBe(joined.total);
    expect(joined.hits[0]!.name).toBe('Sukamaju');
    expect(spaced.hits[0]!.name).toBe('Suka Maju');
  });

  it('narrows by kecamatan', () => {
    const r = searchVillages('sukamaju cibeber');
    expect(r.total).toBeGreaterThanOrEqual(1);
    expect(r.total).toBeLessThan(countVillageMatches('sukamaju'));
    for (const h of r.hits) expect(h.district).toBe('Cibeber');
    expect(r.hits[0]).toMatchObject({ code: '32.03.03.2013', regency: 'Kabupaten Cianjur' });
  });

  it('narrows by kabupaten, with or without a comma', () => {
    for (const q of ['sukamaju, cianjur', 'sukamaju cianjur', 'sukamaju kab. cianjur']) {
      const r = searchVillages(q);
      expect(r.total, q).toBeGreaterThan(1);
      for (const h of r.hits) expect(h.regency, q).toBe('Kabupaten Cianjur');
    }
  });

  it('understands kec/kab markers and village prefixes', () => {
    for (const q of [
      'sukamaju kec cibeber kab cianjur',
      'Desa Sukamaju, Kec. Cibeber, Kab. Cianjur',
      'ds. sukamaju kecamatan cibeber jawa barat',
    ]) {
      const r = searchVillages(q);
      expect(r.total, q).toBe(1);
      expect(r.hits[0]!.code, q).toBe('32.03.03.2013');
    }
    for (const q of ['desa sukamaju', 'kelurahan sukamaju', 'kel. sukamaju', 'ds. sukamaju']) {
      expect(countVillageMatches(q), q).toBe(countVillageMatches('sukamaju'));
    }
  });

  it('tells Kota from Kabupaten when the query says which', () => {
    const kota = searchVillages('sukamaju kota bandung');
    expect(kota.hits.length).toBeGreaterThan(0);
    for (const h of kota.hits) expect(h.regency).toBe('Kota Bandung');
    const kab = searchVillages('sukamaju kab bandung');
    expect(kab.hits.length).toBeGreaterThan(0);
    for (const h of kab.hits) expect(h.regency).toBe('Kabupaten Bandung');
  });

  it('tolerates typos', () => {
    for (const q of ['sukamju', 'sukamajuu', 'sukmaaju', 'sukamadju']) {
      const r = searchVillages(q);
      expect(r.hits.length, q).toBeGreaterThan(0);
      for (const h of r.hits) expect(compact(h.name), q).toBe('sukamaju');
      expect(r.hits[0]!.match, q).toBe('typo');
      expect(r.hits[0]!.score, q).toBeLessThan(1);
    }
    // A typo in the kecamatan too.
    expect(searchVillages('sukamju cibebr').hits[0]?.code).toBe('32.03.03.2013');
  });

  it('does not treat two edits in a short word as a typo', () => {
    // "Lubuk Palas" is two edits from "pakam": the partial matches "Lubuk Pakam I,II/III" win.
    const r = searchVillages('lubuk pakam');
    for (const h of r.hits) expect(h.name).toMatch(/^Lubuk Pakam/);
  });

  it('ranks exact names above typo matches', () => {
    // "Cibeber" exists, and so do names one edit away from it; only the exact ones are returned.
    const r = searchVillages('cibeber');
    expect(r.hits.every((h) => h.name === 'Cibeber' && h.match === 'exact')).toBe(true);
    // With a kecamatan the typo match that fits it wins over exact names elsewhere.
    expect(searchVillages('sukamaja cibeber').hits[0]).toMatchObject({ name: 'Sukamaju', district: 'Cibeber', match: 'typo' });
  });

  it('ignores case, extra spaces and punctuation', () => {
    const base = searchVillages('sukamaju cibeber');
    for (const q of ['  SUKAMAJU   Cibeber ', 'Sukamaju, Cibeber.', 'sukamaju - cibeber!']) {
      expect(searchVillages(q), q).toEqual(base);
    }
    expect(searchVillages("soka'an").hits[0]?.name).toBe("Soka'an");
    expect(searchVillages('sokaan').hits[0]?.name).toBe("Soka'an");
  });

  it('finds multi-word names written as one word and partial names', () => {
    const r = searchVillages('tanjungsari');
    expect(r.hits.length).toBe(5);
    for (const h of r.hits) expect(compact(h.name)).toBe('tanjungsari');
    const partial = searchVillages('suka maju mohili');
    expect(partial.hits[0]?.name).toBe('Suka Maju Mohili');
  });

  it('returns nothing for unknown or empty text', () => {
    expect(searchVillages('xqzvbnmqwp')).toEqual({ hits: [], total: 0 });
    expect(searchVillages('')).toEqual({ hits: [], total: 0 });
    expect(searchVillages(' ,.- ')).toEqual({ hits: [], total: 0 });
    expect(countVillageMatches('xqzvbnmqwp')).toBe(0);
  });

  it('is not confused by words that are Object.prototype keys', () => {
    for (const q of ['constructor', 'sukamaju constructor', 'sukamaju __proto__ toString', 'hasOwnProperty kec']) {
      expect(() => searchVillages(q), q).not.toThrow();
    }
    expect(searchVillages('sukamaju constructor').total).toBe(countVillageMatches('sukamaju'));
  });

  it('ignores words that name nothing, without losing the village', () => {
    const r = searchVillages('sukamaju qqqzzz');
    expect(r.total).toBe(countVillageMatches('sukamaju'));
    expect(r.hits[0]!.score).toBeLessThan(1);
  });

  it('stays fast after loading', () => {
    const queries = ['sukamaju', 'sukamaju kec cibeber kab cianjur', 'tanjng sari', 'sidoredjo', 'kampung baru', 'qwertyuiop'];
    const started = performance.now();
    for (let i = 0; i < 50; i++) for (const q of queries) searchVillages(`${q} ${i % 2 ? '' : 'x'}`);
    // Generous bound for slow CI machines; bench/villages.ts measures properly.
    expect((performance.now() - started) / 300).toBeLessThan(20);
  });
});
