/**
 * The villages as a few byte strings and typed arrays instead of 83,000 objects: ~40 MB less heap, nothing for the
 * garbage collector to walk, and a layout that is written to and read from the cache file as is (no decoding).
 */
import { buildDeletionIndex, type DeletionIndex } from './area-deletions.ts';
import { type PlaceTexts, placeTexts } from './area-places.ts';
import type { AreaRows } from './area-rows.ts';
import { displayName, tokenize } from './area-text.ts';

/**
 * The villages (id = position, in code order) and their search indexes. A `…Start` array holds where each item
 * starts in the bytes of the same name, plus where the last ends: item i is bytes `nameStart[i]` to `nameStart[i + 1]`.
 */
export interface VillageTable {
  /** Display names, UTF-8, joined. */
  names: Uint8Array;
  nameStart: Uint32Array;
  /** Normalized words ("kampung baru", ASCII), joined. */
  words: Uint8Array;
  wordsStart: Uint32Array;
  /** Index into the district list (`PlaceTexts.placeDistricts`). */
  district: Uint16Array;
  /** The last four digits of the code ('32.03.03.2013' → 2013). */
  number: Uint16Array;
  /**
   * The villages whose name starts with first word w: `firstWordVillages[firstWordStart[w] … firstWordStart[w + 1]]`.
   * Word ids follow the words' sorted order; a word is read from the first village of its group.
   */
  firstWordStart: Uint32Array;
  firstWordVillages: Uint32Array;
  /** One number: the length of the longest first word (counting it at start took 10–30 ms). */
  longestFirstWord: Uint32Array;
  /** Village ids ordered by their words written together ("kampungbaru"), then id, to find a name by bisection. */
  compactOrder: Uint32Array;
}

/** Everything the area index is made of. */
export interface AreaData extends VillageTable, DeletionIndex, PlaceTexts {}

const VILLAGE_CODE = /^\d\d\.\d\d\.\d\d\.\d{4}$/;

// The items as one UTF-8 byte string, and where each starts (and the last one ends).
function joinedBytes(items: readonly string[]): { bytes: Uint8Array; starts: Uint32Array } {
  const starts = new Uint32Array(items.length + 1);
  let at = 0;
  items.forEach((s, i) => {
    starts[i] = at;
    at += Buffer.byteLength(s, 'utf8');
  });
  starts[items.length] = at;
  return { bytes: new Uint8Array(Buffer.from(items.join(''), 'utf8')), starts };
}

/** Builds the area data from the package's rows (the slow path; the cache lets later starts skip it). */
export function buildAreaData(rows: AreaRows): AreaData {
  const places = placeTexts(rows);
  const districtIndex = new Map(places.placeDistricts.split('\n').map((line, i) => [line.slice(0, line.indexOf('\t')), i]));
  const kept: { key: number; name: string; tokens: string[] }[] = [];
  for (const r of rows.villages) {
    const district = districtIndex.get(r.district_code);
    const tokens = tokenize(r.name);
    if (district === undefined || tokens.length === 0) continue;
    if (!VILLAGE_CODE.test(r.code) || !r.code.startsWith(`${r.district_code}.`)) throw new Error(`unexpected village code ${r.code}`);
    kept.push({ key: district * 10000 + Number(r.code.slice(9)), name: displayName(r.name), tokens });
  }
  kept.sort((a, b) => a.key - b.key);
  const names = joinedBytes(kept.map((v) => v.name));
  const words = joinedBytes(kept.map((v) => v.tokens.join(' ')));
  const compacts = kept.map((v) => v.tokens.join(''));
  const vocab = [...new Set(kept.map((v) => v.tokens[0]!))].sort();
  const table: VillageTable = {
    names: names.bytes,
    nameStart: names.starts,
    words: words.bytes,
    wordsStart: words.starts,
    district: Uint16Array.from(kept, (v) => Math.floor(v.key / 10000)),
    number: Uint16Array.from(kept, (v) => v.key % 10000),
    ...groupByFirstWord(kept, vocab),
    longestFirstWord: Uint32Array.of(vocab.reduce((m, w) => Math.max(m, w.length), 0)),
    compactOrder: orderByCompact(compacts),
  };
  return { ...places, ...table, ...buildDeletionIndex(vocab) };
}

// Village ids ordered by compact name, then id. Sorted as "name NUL id" strings without a comparator: a comparator
// function made this a third of the cold build (NUL sorts before every letter, so "abc" still precedes "abcd").
function orderByCompact(compacts: readonly string[]): Uint32Array {
  const keyed = compacts.map((c, id) => `${c}\0${String(id).padStart(10, '0')}`).sort();
  return Uint32Array.from(keyed, (k) => Number(k.slice(k.length - 10)));
}

// The villages grouped by the id of their first word, in id order within a group.
function groupByFirstWord(kept: readonly { tokens: string[] }[], vocab: readonly string[]) {
  const vocabIds = new Map(vocab.map((w, i) => [w, i]));
  const firstWord = Uint32Array.from(kept, (v) => vocabIds.get(v.tokens[0]!)!);
  const firstWordStart = new Uint32Array(vocab.length + 1);
  for (const w of firstWord) firstWordStart[w + 1]!++;
  for (let w = 1; w <= vocab.length; w++) firstWordStart[w]! += firstWordStart[w - 1]!;
  const next = firstWordStart.slice(0, vocab.length);
  const firstWordVillages = new Uint32Array(kept.length);
  firstWord.forEach((w, id) => {
    firstWordVillages[next[w]!++] = id;
  });
  return { firstWordStart, firstWordVillages };
}
