import { getDistricts, getProvinces, getRegencies, getVillages } from 'idn-area-data';
import { describe, expect, it } from 'vitest';
import { readAreaRows } from '../../src/domain/areas.ts';

// Why this test: areas.ts reads the package's shipped CSV files in one pass (≈250 ms faster at start than the
// package's streaming readers). This proves, on every install, that it yields exactly the rows the package's
// own API yields — so a package update that changes its files or quoting cannot drift past us unnoticed.
describe("area rows match idn-area-data's own readers", () => {
  it('provinces, regencies, districts and villages: same rows, same order', async () => {
    const [mine, provinces, regencies, districts, villages] = await Promise.all([
      readAreaRows(),
      getProvinces(),
      getRegencies(),
      getDistricts(),
      getVillages(),
    ]);
    expect(mine.provinces).toEqual(provinces.map((r) => ({ code: r.code, name: r.name })));
    expect(mine.regencies).toEqual(regencies.map((r) => ({ code: r.code, province_code: r.province_code, name: r.name })));
    expect(mine.districts).toEqual(districts.map((r) => ({ code: r.code, regency_code: r.regency_code, name: r.name })));
    expect(mine.villages.length).toBe(villages.length);
    expect(mine.villages.length).toBeGreaterThan(80_000);
    const differing = mine.villages.filter((v, i) => {
      const p = villages[i];
      return !p || v.code !== p.code || v.district_code !== p.district_code || v.name !== p.name;
    });
    expect(differing).toEqual([]);
  });
});
