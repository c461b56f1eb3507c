import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { areaCacheKey, loadAreaData, readAreaCache, unpackAreaData } from '../../src/domain/area-cache.ts';
import { packSections, unpackSections } from '../../src/domain/area-pack.ts';
import type { AreaData } from '../../src/domain/area-table.ts';
import { AreaIndex } from '../../src/domain/areas.ts';
import { GOLDEN_FILE, type Golden } from './village-golden.ts';

const golden = JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')) as Golden;
// Every 8th golden query: all kinds, in a few hundred searches per index.
const sample = golden.queries.filter((_, i) => i % 8 === 0);
const root = mkdtempSync(join(tmpdir(), 'area-cache-test-'));
const dir = (name: string) => join(root, name);
// A directory that can never be made, whoever runs the test (root ignores permissions): its parent is a file.
const unwritable = join(root, 'a-file', 'cache');
writeFileSync(join(root, 'a-file'), 'not a directory');

function answers(data: AreaData) {
  const index = new AreaIndex(data);
  return sample.map((e) => {
    const r = index.search(e[0], 10);
    return [e[0], r.total, index.search(e[0], 0).total, r.hits.map((h) => `${h.code} ${h.match[0]} ${h.score}`).join(';')];
  });
}

let built: { data: AreaData; fromCache: boolean };

beforeAll(async () => {
  built = await loadAreaData([dir('a')]);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('area cache', () => {
  it('builds from the CSV files, writes the cache, and a later load reads it back with the same answers', async () => {
    expect(built.fromCache).toBe(false);
    expect(readdirSync(dir('a'))).toEqual(['areas.bin']);
    const again = await loadAreaData([dir('a')]);
    expect(again.fromCache).toBe(true);
    expect(answers(again.data)).toEqual(sample);
    expect(answers(built.data)).toEqual(sample);
    const fromFile = new AreaIndex(again.data);
    expect(fromFile.villageByCode('35.13.15.2017')?.name).toBe("Soka'an");
    expect(fromFile.villageByCode('53.07.01.2021')?.name).toBe('Regapu’u');
    expect(fromFile.stats).toMatchObject({ villages: 83_762, districts: 7_285 });
  });

  it('ignores a damaged, short or foreign cache file and rebuilds it', async () => {
    const file = join(dir('a'), 'areas.bin');
    const good = readFileSync(file);
    const key = areaCacheKey();
    const flipped = Buffer.from(good);
    flipped[Math.floor(good.length / 2)]! ^= 0x40;
    expect(unpackAreaData(flipped, key)).toBeUndefined();
    expect(unpackAreaData(good.subarray(0, good.length - 8), key)).toBeUndefined();
    expect(unpackAreaData(Buffer.alloc(10), key)).toBeUndefined();
    expect(unpackAreaData(Buffer.from(good), `${key}|other`)).toBeUndefined();
    expect(unpackAreaData(Buffer.from(good), key)).toBeDefined();

    const corrupt = dir('b-corrupt');
    mkdirSync(corrupt);
    writeFileSync(join(corrupt, 'areas.bin'), flipped);
    expect(await readAreaCache([corrupt], key)).toBeUndefined();
    const rebuilt = await loadAreaData([corrupt]);
    expect(rebuilt.fromCache).toBe(false);
    expect(readFileSync(join(corrupt, 'areas.bin')).equals(good)).toBe(true);
    expect((await loadAreaData([corrupt])).fromCache).toBe(true);
  });

  it('works from the CSV files when no cache can be written, and falls back to the next directory', async () => {
    const nowhere = await loadAreaData([unwritable]);
    expect(nowhere.fromCache).toBe(false);
    expect(answers(nowhere.data).slice(0, 50)).toEqual(sample.slice(0, 50));

    const fallback = dir('c');
    expect((await loadAreaData([unwritable, fallback])).fromCache).toBe(false);
    expect(readdirSync(fallback)).toEqual(['areas.bin']);
    expect((await loadAreaData([unwritable, fallback])).fromCache).toBe(true);
  });
});

describe('area cache written by several processes at once', () => {
  it('leaves one valid file and no temporary ones when two loads build at the same time', async () => {
    const shared = dir('d');
    const both = await Promise.all([loadAreaData([shared]), loadAreaData([shared])]);
    expect(both.map((l) => l.fromCache)).toEqual([false, false]);
    expect(readdirSync(shared)).toEqual(['areas.bin']);
    expect(await readAreaCache([shared], areaCacheKey())).toBeDefined();
  });
});

describe('area pack', () => {
  it('round-trips strings and typed arrays, typed arrays as aligned views over the buffer', () => {
    const sections = {
      text: "Soka'an, Regapu’u, ✓",
      empty: '',
      bytes: Uint8Array.of(1, 2, 3),
      shorts: Uint16Array.of(65535, 0, 7),
      words: Uint32Array.of(4_000_000_000, 1),
    };
    const buf = packSections('k', sections);
    const back = unpackSections(buf, 'k');
    expect(back).toEqual(sections);
    expect((back!.words as Uint32Array).buffer).toBe(buf.buffer);
    expect(unpackSections(buf, 'other')).toBeUndefined();
  });
});
