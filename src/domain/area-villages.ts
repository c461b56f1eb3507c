/** Read access to the village table: names, words and codes by village id, and the lookups the search needs. */
import type { VillageTable } from './area-table.ts';

// Compares text[start, end) with s as JavaScript compares strings (by UTF-16 unit), without slicing.
function compareSlice(text: string, start: number, end: number, s: string): number {
  const n = Math.min(end - start, s.length);
  for (let i = 0; i < n; i++) {
    const d = text.charCodeAt(start + i) - s.charCodeAt(i);
    if (d !== 0) return d;
  }
  return end - start - s.length;
}

// The first index in [0, n) for which `below(i)` is false (`below` must hold for a prefix of the range).
function firstNotBelow(n: number, below: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (below(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The villages of a {@link VillageTable}, by id (ids are in code order). */
export class Villages {
  /** How many villages there are. */
  readonly count: number;
  /** Length of the longest first word of a village name: no longer query word is within a typo of one. */
  readonly longestWord: number;

  /** Wraps the table (no copy). */
  constructor(private readonly t: VillageTable) {
    this.count = t.nameStart.length - 1;
    let longest = 0;
    for (let w = 0; w + 1 < t.vocabStart.length; w++) longest = Math.max(longest, t.vocabStart[w + 1]! - t.vocabStart[w]!);
    this.longestWord = longest;
  }

  /** The display name. */
  name(id: number): string {
    return this.t.names.slice(this.t.nameStart[id], this.t.nameStart[id + 1]);
  }

  /** The index of the district in the table's district list. */
  district(id: number): number {
    return this.t.district[id]!;
  }

  /** The last part of the code, as written in it ('2013'). */
  number(id: number): string {
    return String(this.t.number[id]).padStart(4, '0');
  }

  /** The normalized words of the name. */
  tokens(id: number): string[] {
    return this.t.words.slice(this.t.wordsStart[id], this.t.wordsStart[id + 1]).split(' ');
  }

  /** Whether the normalized words, joined by spaces, are `spaced`. */
  wordsAre(id: number, spaced: string): boolean {
    const start = this.t.wordsStart[id]!;
    return this.t.wordsStart[id + 1]! - start === spaced.length && this.t.words.startsWith(spaced, start);
  }

  /** The length of the name's words written together. */
  compactLength(id: number): number {
    return this.t.compactStart[id + 1]! - this.t.compactStart[id]!;
  }

  /** Whether the name's words written together are `compact`. */
  compactIs(id: number, compact: string): boolean {
    return this.compactLength(id) === compact.length && this.t.compacts.startsWith(compact, this.t.compactStart[id]!);
  }

  /** The village with this district index and number, if any. */
  byCode(district: number, number: number): number | undefined {
    const key = district * 10000 + number;
    const { district: ds, number: ns } = this.t;
    const id = firstNotBelow(this.count, (i) => ds[i]! * 10000 + ns[i]! < key);
    return id < this.count && ds[id]! * 10000 + ns[id]! === key ? id : undefined;
  }

  /** Calls `fn` for every village whose name's words written together are `compact`. */
  forCompact(compact: string, fn: (id: number) => void): void {
    const { compacts, compactStart, compactOrder } = this.t;
    const cmp = (i: number) => compareSlice(compacts, compactStart[compactOrder[i]!]!, compactStart[compactOrder[i]! + 1]!, compact);
    for (let i = firstNotBelow(this.count, (k) => cmp(k) < 0); i < this.count && cmp(i) === 0; i++) fn(compactOrder[i]!);
  }

  /** The id of a first word of village names, if it is one. */
  wordId(word: string): number | undefined {
    const { vocab, vocabStart } = this.t;
    const n = vocabStart.length - 1;
    const cmp = (i: number) => compareSlice(vocab, vocabStart[i]!, vocabStart[i + 1]!, word);
    const id = firstNotBelow(n, (i) => cmp(i) < 0);
    return id < n && cmp(id) === 0 ? id : undefined;
  }

  /** The first word with this id. */
  word(id: number): string {
    return this.t.vocab.slice(this.t.vocabStart[id], this.t.vocabStart[id + 1]);
  }

  /** Calls `fn` for every village whose name starts with the word of this id. */
  forFirstWord(wordId: number, fn: (id: number) => void): void {
    const { firstWordStart, firstWordVillages } = this.t;
    for (let i = firstWordStart[wordId]!; i < firstWordStart[wordId + 1]!; i++) fn(firstWordVillages[i]!);
  }
}
