/**
 * Typo lookup of vocabulary words by deletion hashes (symmetric delete): each word is indexed under the hashes of
 * itself with up to two letters left out, bucketed by the hash's high 16 bits, all in three typed arrays (3.7 MB).
 */
import { typoAllowance } from './area-text.ts';

/** The deletion hashes of every vocabulary word. */
export interface DeletionIndex {
  /** Where each bucket (high 16 bits of a hash) starts in `low`/`words`; 65,537 entries. */
  deletionBuckets: Uint32Array;
  /**
   * The low 8 bits of each entry's hash: 1 byte rather than 2 saves 1.2 MB, and the odd false candidate (one per
   * ~15 hashes) is dropped by the caller's distance check like any hash collision.
   */
  deletionLow: Uint8Array;
  /** The word id of each entry. */
  deletionWords: Uint16Array | Uint32Array;
}

const BUCKETS = 1 << 16;

// Deletions indexed per vocabulary word. With query-side deletions of typoAllowance(query) this finds
// every word within the allowance: a word of 8+ letters may need 2 deletions (two substitutions), a
// shorter one at most 1 (a query of 8+ letters is at most 1 substitution plus insertions away from it).
function indexedDeletions(length: number): number {
  return length >= 8 ? 2 : length >= 3 ? 1 : 0;
}

// FNV-1a over the string with up to two positions left out; collisions only add candidates that the
// distance check then drops, so a 32-bit hash is enough and no deletion string is ever allocated.
function hashWithout(s: string, skip1: number, skip2: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    if (i === skip1 || i === skip2) continue;
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// FNV-1a of s[from…] continued from state h.
function hashFrom(s: string, h: number, from: number): number {
  let x = h;
  for (let k = from; k < s.length; k++) x = Math.imul(x ^ s.charCodeAt(k), 0x01000193);
  return x >>> 0;
}

// Each deletion hash equals hashWithout(s, i, j), but continues from the state before the first deleted letter
// instead of starting over: a third of the work, which halves the cold build of the index.
function forEachDeletionHash(s: string, deletions: number, fn: (hash: number) => void): void {
  fn(hashWithout(s, -1, -1));
  if (deletions < 1) return;
  let prefix = 0x811c9dc5; // the state after s[0…i)
  for (let i = 0; i < s.length; i++) {
    fn(hashFrom(s, prefix, i + 1));
    if (deletions >= 2) {
      let mid = prefix; // the state after s[0…i) and s[i+1…j)
      for (let j = i + 1; j < s.length; j++) {
        fn(hashFrom(s, mid, j + 1));
        mid = Math.imul(mid ^ s.charCodeAt(j), 0x01000193);
      }
    }
    prefix = Math.imul(prefix ^ s.charCodeAt(i), 0x01000193);
  }
}

/** Indexes the deletion hashes of `words` (word id = position); a counting sort by bucket, no comparison sort. */
export function buildDeletionIndex(words: readonly string[]): DeletionIndex {
  let total = 0;
  for (const w of words) {
    const L = w.length;
    const d = indexedDeletions(L);
    total += 1 + (d >= 1 ? L : 0) + (d >= 2 ? (L * (L - 1)) / 2 : 0);
  }
  const idArray = (n: number) => (words.length <= 0x10000 ? new Uint16Array(n) : new Uint32Array(n));
  const hashes = new Uint32Array(total);
  const owners = idArray(total);
  const deletionBuckets = new Uint32Array(BUCKETS + 1);
  let k = 0;
  words.forEach((w, id) => {
    forEachDeletionHash(w, indexedDeletions(w.length), (h) => {
      hashes[k] = h;
      owners[k++] = id;
      deletionBuckets[(h >>> 16) + 1]!++;
    });
  });
  for (let b = 1; b <= BUCKETS; b++) deletionBuckets[b]! += deletionBuckets[b - 1]!;
  const next = deletionBuckets.slice(0, BUCKETS);
  const deletionLow = new Uint8Array(total);
  const deletionWords = idArray(total);
  for (let i = 0; i < total; i++) {
    const h = hashes[i]!;
    const at = next[h >>> 16]!++;
    deletionLow[at] = h & 0xff;
    deletionWords[at] = owners[i]!;
  }
  return { deletionBuckets, deletionLow, deletionWords };
}

/** Calls `fn` with the id of every word that may be within `typoAllowance(q.length)` edits of `q` (some more than once). */
export function forEachNearWord(index: DeletionIndex, q: string, fn: (word: number) => void): void {
  const { deletionBuckets, deletionLow, deletionWords } = index;
  forEachDeletionHash(q, typoAllowance(q.length), (h) => {
    const low = h & 0xff;
    const end = deletionBuckets[(h >>> 16) + 1]!;
    for (let i = deletionBuckets[h >>> 16]!; i < end; i++) if (deletionLow[i] === low) fn(deletionWords[i]!);
  });
}
