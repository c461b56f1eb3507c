import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readAreaRows, warmAreas } from '../../src/domain/areas.ts';
import { GOLDEN_FILE, type Golden, goldenEntry, lookupDigest } from './village-golden.ts';

// Why: the index's memory layout changes (issue 16) must not change a single answer. The golden file was written
// by the search as it was before; regenerate it only when a search change is intended.
const golden = JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')) as Golden;

beforeAll(async () => {
  await warmAreas();
});

describe('village search golden set', () => {
  it('covers queries of every kind', () => {
    expect(golden.queries.length).toBeGreaterThan(3000);
    expect(golden.queries.filter((e) => e[3].includes(' t ')).length).toBeGreaterThan(100);
    expect(golden.queries.filter((e) => e[3].includes(' p ')).length).toBeGreaterThan(20);
    expect(golden.queries.filter((e) => e[1] === 0).length).toBeGreaterThan(200);
  });

  it('answers every golden query exactly as stored', () => {
    const differing = golden.queries.filter((e) => JSON.stringify(goldenEntry(e[0])) !== JSON.stringify(e));
    expect(differing.map((e) => [e, goldenEntry(e[0])])).toEqual([]);
  });

  it('names every village, district, regency and province by code as stored', async () => {
    expect(lookupDigest(await readAreaRows())).toBe(golden.lookups);
  });
});
