/**
 * Read access to the village table: names, words and codes by village id, and the lookups the search needs. The
 * words are compared as bytes where they lie, so a lookup allocates nothing; strings are made only for results.
 */
import type { VillageTable } from './area-table.ts';

const SPACE = 32;

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

// Compares the bytes [start, end) without spaces (or up to the first space, with `firstOnly`) to s, as JavaScript
// compares strings; the words are ASCII, so a byte is a UTF-16 unit.
function compareBytes(bytes: Uint8Array, start: number, end: number, s: string, firstOnly: boolean): number {
  let j = 0;
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    if (b === SPACE) {
      if (firstOnly) break;
      continue;
    }
    if (j === s.length) return 1;
    const d = b - s.charCodeAt(j++);
    if (d !== 0) return d;
  }
  return j === s.length ? 0 : -1;
}

/** The villages of a {@link VillageTable}, by id (ids are in code order). */
export class Villages {
  /** How many villages there are. */
  readonly count: number;
  /** How many distinct first words the names have. */
  readonly wordCount: number;
  /** Length of the longest first word of a village name: no longer query word is within a typo of one. */
  readonly longestWord: number;
  private readonly wordText: Buffer;
  private readonly nameText: Buffer;

  /** Wraps the table (no copy). */
  constructor(private readonly t: VillageTable) {
    this.count = t.nameStart.length - 1;
    this.wordCount = t.firstWordStart.length - 1;
    this.wordText = Buffer.from(t.words.buffer, t.words.byteOffset, t.words.byteLength);
    this.nameText = Buffer.from(t.names.buffer, t.names.byteOffset, t.names.byteLength);
    this.longestWord = t.longestFirstWord[0] ?? 0;
  }

  /** The display name. */
  name(id: number): string {
    return this.nameText.toString('utf8', this.t.nameStart[id], this.t.nameStart[id + 1]);
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
    return this.wordText.toString('latin1', this.t.wordsStart[id], this.t.wordsStart[id + 1]).split(' ');
  }

  /** Whether the normalized words, joined by spaces, are `spaced`. */
  wordsAre(id: number, spaced: string): boolean {
    const start = this.t.wordsStart[id]!;
    const end = this.t.wordsStart[id + 1]!;
    if (end - start !== spaced.length) return false;
    for (let i = start; i < end; i++) if (this.t.words[i] !== spaced.charCodeAt(i - start)) return false;
    return true;
  }

  /** The length of the name's words written together. */
  compactLength(id: number): number {
    let n = 0;
    for (let i = this.t.wordsStart[id]!; i < this.t.wordsStart[id + 1]!; i++) if (this.t.words[i] !== SPACE) n++;
    return n;
  }

  /** Whether the name's words written together are `compact`. */
  compactIs(id: number, compact: string): boolean {
    return compareBytes(this.t.words, this.t.wordsStart[id]!, this.t.wordsStart[id + 1]!, compact, false) === 0;
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
    const { words, wordsStart, compactOrder } = this.t;
    const cmp = (i: number) => compareBytes(words, wordsStart[compactOrder[i]!]!, wordsStart[compactOrder[i]! + 1]!, compact, false);
    for (let i = firstNotBelow(this.count, (k) => cmp(k) < 0); i < this.count && cmp(i) === 0; i++) fn(compactOrder[i]!);
  }

  /** The id of a first word of village names, if it is one. */
  wordId(word: string): number | undefined {
    const cmp = (w: number) => {
      const id = this.t.firstWordVillages[this.t.firstWordStart[w]!]!;
      return compareBytes(this.t.words, this.t.wordsStart[id]!, this.t.wordsStart[id + 1]!, word, true);
    };
    const w = firstNotBelow(this.wordCount, (i) => cmp(i) < 0);
    return w < this.wordCount && cmp(w) === 0 ? w : undefined;
  }

  /** The first word with this id. */
  word(w: number): string {
    const id = this.t.firstWordVillages[this.t.firstWordStart[w]!]!;
    const start = this.t.wordsStart[id]!;
    const end = this.t.words.indexOf(SPACE, start);
    return this.wordText.toString('latin1', start, end < 0 || end > this.t.wordsStart[id + 1]! ? this.t.wordsStart[id + 1] : end);
  }

  /** Calls `fn` for every village whose name starts with the word of this id. */
  forFirstWord(w: number, fn: (id: number) => void): void {
    const { firstWordStart, firstWordVillages } = this.t;
    for (let i = firstWordStart[w]!; i < firstWordStart[w + 1]!; i++) fn(firstWordVillages[i]!);
  }
}
