/** Text handling of area names and queries: normalizing, words, English place words, typo distances. */

// Abbreviations that occur in the official names ("Kp. Bantan", "Mns. Mesjid") and that people also
// type; both the data and the query are rewritten the same way.
const SYNONYMS: ReadonlyMap<string, string> = new Map([
  ['kp', 'kampung'],
  ['mns', 'meunasah'],
  ['tj', 'tanjung'],
  ['gn', 'gunung'],
]);

const NON_ASCII = /[^\x00-\x7f]/;

/** Lower-cases, strips accents, apostrophes and punctuation, and collapses spaces: "Kp. Ba'u" → "kp bau". */
export function normalizeAreaText(s: string): string {
  // Why the test: NFKD and the accent strip cost a third of the start's index build, and almost every name is ASCII.
  return (NON_ASCII.test(s) ? s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '') : s)
    .toLowerCase()
    .replace(/['"`\u2018\u2019\u02bc\u00b4]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The normalized words of a name or query, with abbreviations written out ("Kp. Baru" → ["kampung", "baru"]). */
export function tokenize(s: string): string[] {
  const norm = normalizeAreaText(s);
  return norm === '' ? [] : norm.split(' ').map((t) => SYNONYMS.get(t) ?? t);
}

// English place words, as foreigners and expats write addresses ("Kemang, South Jakarta", "Bogor Regency").
const COMPASS: ReadonlyMap<string, string> = new Map([
  ['south', 'selatan'],
  ['north', 'utara'],
  ['east', 'timur'],
  ['west', 'barat'],
  ['central', 'tengah'],
]);
const ENGLISH_MARKERS: ReadonlyMap<string, string> = new Map([
  ['regency', 'kab'],
  ['city', 'kota'],
  ['district', 'kec'],
  ['subdistrict', 'kec'],
  ['province', 'prov'],
  ['village', 'desa'],
]);
const ENGLISH_NAMES: ReadonlyMap<string, string> = new Map([
  ['java', 'jawa'],
  ['sumatra', 'sumatera'],
]);

/**
 * Rewrites English place words of a query in Indonesian order: "south jakarta" → "jakarta selatan", "bogor
 * regency" → "kab bogor", "west java" → "jawa barat", so they narrow the search instead of being ignored.
 */
export function fromEnglishPlaceWords(tokens: readonly string[]): string[] {
  const out: string[] = [];
  let groupStart = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = ENGLISH_NAMES.get(tokens[i]!) ?? tokens[i]!;
    const next = tokens[i + 1];
    // Central Jakarta is Jakarta Pusat; elsewhere "central" is "tengah" (Central Java → Jawa Tengah).
    const compass = t === 'central' && next === 'jakarta' ? 'pusat' : COMPASS.get(t);
    const marker = ENGLISH_MARKERS.get(t);
    if (compass && next !== undefined && !COMPASS.has(next) && !ENGLISH_MARKERS.has(next)) {
      groupStart = out.length;
      out.push(ENGLISH_NAMES.get(next) ?? next, compass);
      i++;
    } else if (marker && out.length > 0) out.splice(groupStart, 0, marker);
    else {
      groupStart = out.length;
      out.push(t);
    }
  }
  return out;
}

/** Edits tolerated in a word of this length: 1 from 4 letters, 2 from 8. */
export function typoAllowance(length: number): number {
  return length >= 8 ? 2 : length >= 4 ? 1 : 0;
}

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transposition), or `max + 1` as soon
 * as it must exceed `max`.
 */
export function boundedOsa(a: string, b: string, max: number): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  if (la === 0 || lb === 0) return Math.max(la, lb);
  if (rowA.length <= lb) [rowA, rowB, rowC] = [new Int32Array(lb * 2 + 1), new Int32Array(lb * 2 + 1), new Int32Array(lb * 2 + 1)];
  // Three reused rows (two back for transpositions); this runs thousands of times per query.
  let prev2 = rowA;
  let prev = rowB;
  let cur = rowC;
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    const caPrev = i > 1 ? a.charCodeAt(i - 2) : -1;
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = prev[j - 1]! + (ca === cb ? 0 : 1);
      const del = prev[j]! + 1;
      if (del < v) v = del;
      const ins = cur[j - 1]! + 1;
      if (ins < v) v = ins;
      if (j > 1 && ca === b.charCodeAt(j - 2) && caPrev === cb) {
        const tr = prev2[j - 2]! + 1;
        if (tr < v) v = tr;
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  const d = prev[lb]!;
  return d <= max ? d : max + 1;
}

let rowA = new Int32Array(64);
let rowB = new Int32Array(64);
let rowC = new Int32Array(64);

/** A name as shown to people: the source writes some apostrophes as double quotes (Soka"an for Soka'an). */
export function displayName(name: string): string {
  return name.replace(/"/g, "'").trim();
}
