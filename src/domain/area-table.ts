/**
 * The area data as a handful of strings and typed arrays instead of 83,000 village objects: ~15 MB less heap,
 * nothing for the garbage collector to walk, and a layout that is written to and read from a cache file as is.
 */

import { buildDeletionIndex, type DeletionIndex } from './area-deletions.ts';
import type { AreaRows } from './area-rows.ts';
import { displayName, tokenize } from './area-text.ts';

/** Provinces `[code, name]`, regencies and districts `[code, parent code, name]`: only those under a known parent. */
export interface PlaceRows {
  provinces: [string, string][];
  regencies: [string, string, string][];
  /** Sorted by code, so a village's (district index, number) orders as its code does. */
  districts: [string, string, string][];
}

/**
 * The villages (id = position, in code order) and their search indexes. A `…Start` array holds where each item
 * starts in the string of the same name, plus its end: item i is `names.slice(nameStart[i], nameStart[i + 1])`.
 */
export interface VillageTable {
  /** Display names, joined. */
  names: string;
  nameStart: Uint32Array;
  /** Normalized words ("kampung baru"), joined. */
  words: string;
  wordsStart: Uint32Array;
  /** Normalized words written together ("kampungbaru"), joined. */
  compacts: string;
  compactStart: Uint32Array;
  /** Index into `PlaceRows.districts`. */
  district: Uint16Array;
  /** The last four digits of the code ('32.03.03.2013' → 2013). */
  number: Uint16Array;
  /** The distinct first words of the names, sorted, joined; a word's id is its position. */
  vocab: string;
  vocabStart: Uint32Array;
  /** The villages whose name starts with word w: `firstWordVillages[firstWordStart[w] … firstWordStart[w + 1]]`. */
  firstWordStart: Uint32Array;
  firstWordVillages: Uint32Array;
  /** Village ids ordered by compact name (then id), to find a compact name by bisection. */
  compactOrder: Uint32Array;
}

/** Everything the area index is made of. */
export interface AreaData extends VillageTable, DeletionIndex {
  places: PlaceRows;
}

const VILLAGE_CODE = /^\d\d\.\d\d\.\d\d\.\d{4}$/;

function placeRows(rows: AreaRows): PlaceRows {
  const provinces = rows.provinces.map((r): [string, string] => [r.code, r.name]);
  const provinceCodes = new Set(provinces.map((p) => p[0]));
  const regencies = rows.regencies
    .filter((r) => provinceCodes.has(r.province_code))
    .map((r): [string, string, string] => [r.code, r.province_code, r.name]);
  const regencyCodes = new Set(regencies.map((r) => r[0]));
  const districts = rows.districts
    .filter((r) => regencyCodes.has(r.regency_code))
    .map((r): [string, string, string] => [r.code, r.regency_code, r.name])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  if (districts.length > 0xffff) throw new Error('too many districts for the area index');
  return { provinces, regencies, districts };
}

// Joins `items` and records where each starts (and the last one ends).
function joined(items: readonly string[]): { text: string; starts: Uint32Array } {
  const starts = new Uint32Array(items.length + 1);
  let at = 0;
  items.forEach((s, i) => {
    starts[i] = at;
    at += s.length;
  });
  starts[items.length] = at;
  return { text: items.join(''), starts };
}

/** Builds the area data from the package's rows (the slow path, ~0.5 s; the cache makes later starts skip it). */
export function buildAreaData(rows: AreaRows): AreaData {
  const places = placeRows(rows);
  const districtIndex = new Map(places.districts.map((d, i) => [d[0], i]));
  const kept: { key: number; name: string; tokens: string[] }[] = [];
  for (const r of rows.villages) {
    const district = districtIndex.get(r.district_code);
    const tokens = tokenize(r.name);
    if (district === undefined || tokens.length === 0) continue;
    if (!VILLAGE_CODE.test(r.code) || !r.code.startsWith(`${r.district_code}.`)) throw new Error(`unexpected village code ${r.code}`);
    kept.push({ key: district * 10000 + Number(r.code.slice(9)), name: displayName(r.name), tokens });
  }
  kept.sort((a, b) => a.key - b.key);
  const names = joined(kept.map((v) => v.name));
  const words = joined(kept.map((v) => v.tokens.join(' ')));
  const compactList = kept.map((v) => v.tokens.join(''));
  const compacts = joined(compactList);
  const vocabList = [...new Set(kept.map((v) => v.tokens[0]!))].sort();
  const vocab = joined(vocabList);
  const table: VillageTable = {
    names: names.text,
    nameStart: names.starts,
    words: words.text,
    wordsStart: words.starts,
    compacts: compacts.text,
    compactStart: compacts.starts,
    district: Uint16Array.from(kept, (v) => Math.floor(v.key / 10000)),
    number: Uint16Array.from(kept, (v) => v.key % 10000),
    vocab: vocab.text,
    vocabStart: vocab.starts,
    ...groupByFirstWord(kept, vocabList),
    compactOrder: Uint32Array.from(compactList.keys()).sort((a, b) => {
      const x = compactList[a]!;
      const y = compactList[b]!;
      return x < y ? -1 : x > y ? 1 : a - b;
    }),
  };
  return { places, ...table, ...buildDeletionIndex(vocabList) };
}

// The villages grouped by the id of their first word, in id order within a group.
function groupByFirstWord(kept: readonly { tokens: string[] }[], vocabList: readonly string[]) {
  const vocabIds = new Map(vocabList.map((w, i) => [w, i]));
  const firstWord = Uint32Array.from(kept, (v) => vocabIds.get(v.tokens[0]!)!);
  const firstWordStart = new Uint32Array(vocabList.length + 1);
  for (const w of firstWord) firstWordStart[w + 1]!++;
  for (let w = 1; w <= vocabList.length; w++) firstWordStart[w]! += firstWordStart[w - 1]!;
  const next = firstWordStart.slice(0, vocabList.length);
  const firstWordVillages = new Uint32Array(kept.length);
  firstWord.forEach((w, id) => {
    firstWordVillages[next[w]!++] = id;
  });
  return { firstWordStart, firstWordVillages };
}
