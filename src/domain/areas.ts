/**
 * Indonesian administrative areas (Kemendagri codes, from the `idn-area-data` package, data ODbL):
 * names for a NIK's district code and a typo-tolerant village search.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';

/** Names of a district (kecamatan) with its regency (kabupaten/kota) and province, for display. */
export interface AreaNames {
  district: string;
  regency: string;
  province: string;
}

/** A village (desa/kelurahan) with the names of the areas above it. */
export interface VillageInfo extends AreaNames {
  code: string;
  name: string;
}

/** How a hit matched the village part of the query. */
export type VillageMatch = 'exact' | 'typo' | 'partial';

/** One search result; `score` is 1 for a perfect match and lower for typos, partial names, ignored words. */
export interface VillageHit extends VillageInfo {
  score: number;
  match: VillageMatch;
}

/** The first hits of a search and how many villages matched equally well in all. */
export interface VillageSearch {
  hits: VillageHit[];
  total: number;
}

/** Sizes and load time of the loaded data. */
export interface AreaStats {
  provinces: number;
  regencies: number;
  districts: number;
  villages: number;
  loadMs: number;
}

interface Place {
  code: string;
  name: string;
  /** Normalized words used for matching (regency words without "kabupaten"/"kota"). */
  words: string[];
  compact: string;
}

type Province = Place;

interface Regency extends Place {
  province: Province;
  kind: 'kabupaten' | 'kota';
}

interface District extends Place {
  regency: Regency;
}

interface Village {
  code: string;
  name: string;
  tokens: string[];
  compact: string;
  district: District;
}

interface ContextMatch {
  unexplained: number;
  edits: number;
  mismatched: number;
}

interface Candidate {
  village: number;
  /** Query words that name nothing of this village. */
  unexplained: number;
  /** Words matched at another level than their marker said ("kota bandung" for Kabupaten Bandung). */
  mismatched: number;
  /** Index into CLASS_NAMES. */
  cls: number;
  edits: number;
  /** 1 when a leading "desa"/"kampung" was read as a prefix rather than as part of the name. */
  prefixed: number;
  /** Query words matched by the district/regency/province rather than by the village name. */
  viaContext: number;
  /** 1 when the name matched only with different spacing ("Suka Maju" for "sukamaju"). */
  respaced: number;
}

const CLASS_NAMES: readonly VillageMatch[] = ['exact', 'typo', 'partial'];

// Abbreviations that occur in the official names ("Kp. Bantan", "Mns. Mesjid") and that people also
// type; both the data and the query are rewritten the same way.
const SYNONYMS: ReadonlyMap<string, string> = new Map([
  ['kp', 'kampung'],
  ['mns', 'meunasah'],
  ['tj', 'tanjung'],
  ['gn', 'gunung'],
]);

// Words that may precede a village name. They are tried both as a prefix and as part of the name,
// because official names such as "Desa Baru" or "Kampung Baru" start with them.
const VILLAGE_PREFIXES = new Set([
  'desa',
  'ds',
  'des',
  'kelurahan',
  'kel',
  'kalurahan',
  'kampung',
  'gampong',
  'nagari',
  'pekon',
  'lembang',
  'negeri',
]);

type Field = 'district' | 'regency' | 'province';
type Marker = { field: Field; kind?: Regency['kind'] };

// Words that say what the next words name; they count neither for nor against a hit.
const MARKERS: ReadonlyMap<string, Marker> = new Map<string, Marker>([
  ['kec', { field: 'district' }],
  ['kecamatan', { field: 'district' }],
  ['distrik', { field: 'district' }],
  ['kapanewon', { field: 'district' }],
  ['kemantren', { field: 'district' }],
  ['kab', { field: 'regency', kind: 'kabupaten' }],
  ['kabupaten', { field: 'regency', kind: 'kabupaten' }],
  ['kota', { field: 'regency', kind: 'kota' }],
  ['kotamadya', { field: 'regency', kind: 'kota' }],
  ['prov', { field: 'province' }],
  ['provinsi', { field: 'province' }],
  ['propinsi', { field: 'province' }],
]);

// Everyday names for provinces that differ from the official ones.
const PROVINCE_ALIASES: ReadonlyMap<string, string[]> = new Map([
  ['12', ['sumut']],
  ['13', ['sumbar']],
  ['16', ['sumsel']],
  ['19', ['babel']],
  ['21', ['kepri']],
  ['31', ['dki']],
  ['32', ['jabar']],
  ['33', ['jateng']],
  ['34', ['diy', 'jogja', 'yogya', 'jogjakarta']],
  ['35', ['jatim']],
  ['52', ['ntb']],
  ['53', ['ntt']],
  ['61', ['kalbar']],
  ['62', ['kalteng']],
  ['63', ['kalsel']],
  ['64', ['kaltim']],
  ['65', ['kaltara']],
  ['71', ['sulut']],
  ['72', ['sulteng']],
  ['73', ['sulsel']],
  ['74', ['sultra']],
  ['76', ['sulbar']],
  ['82', ['malut']],
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

function tokenize(s: string): string[] {
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

// Deletions indexed per vocabulary word. With query-side deletions of typoAllowance(query) this finds
// every word within the allowance: a word of 8+ letters may need 2 deletions (two substitutions), a
// shorter one at most 1 (a query of 8+ letters is at most 1 substitution plus insertions away from it).
function indexedDeletions(length: number): number {
  return length >= 8 ? 2 : length >= 3 ? 1 : 0;
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

function forEachDeletionHash(s: string, deletions: number, fn: (hash: number) => void): void {
  fn(hashWithout(s, -1, -1));
  if (deletions < 1) return;
  for (let i = 0; i < s.length; i++) {
    fn(hashWithout(s, i, -1));
    if (deletions < 2) continue;
    for (let j = i + 1; j < s.length; j++) fn(hashWithout(s, i, j));
  }
}

// The source writes some apostrophes as double quotes (Soka"an for Soka'an); show them as apostrophes.
function displayName(name: string): string {
  return name.replace(/"/g, "'").trim();
}

function place(code: string, name: string, words: string[]): Place {
  return { code, name, words, compact: words.join('') };
}

function pushTo<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The four area tables as `idn-area-data` reads them (codes dotted: '32', '32.01', '32.01.01', '32.01.01.2001'). */
export interface AreaRows {
  provinces: readonly { code: string; name: string }[];
  regencies: readonly { code: string; province_code: string; name: string }[];
  districts: readonly { code: string; regency_code: string; name: string }[];
  villages: readonly { code: string; district_code: string; name: string }[];
}

// The package's CSV files, read whole and cut into fields here: the package's own readers (papaparse over a
// stream) took ~600 ms of the start for the same rows.
const AREA_DATA_DIR = join(dirname(createRequire(import.meta.url).resolve('idn-area-data')), '..', 'data');

/**
 * The rows of one of the package's CSV files (`code,name` or `code,<parent>_code,name`); the name, last, may be
 * quoted with commas and doubled quotes in it ("Lubuk Pakam I,II", "Soka""an"), read as papaparse reads them.
 */
export function parseAreaCsv(text: string): { code: string; parent: string; name: string }[] {
  const rows: { code: string; parent: string; name: string }[] = [];
  for (const raw of text.split('\n').slice(1)) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '') continue;
    const c1 = line.indexOf(',');
    const c2 = line.charCodeAt(c1 + 1) === 34 ? -1 : line.indexOf(',', c1 + 1);
    let name = line.slice((c2 < 0 ? c1 : c2) + 1);
    if (name.length >= 2 && name.startsWith('"') && name.endsWith('"')) name = name.slice(1, -1).replace(/""/g, '"');
    rows.push({ code: line.slice(0, c1), parent: c2 < 0 ? '' : line.slice(c1 + 1, c2), name });
  }
  return rows;
}

async function readAreaCsv(file: string) {
  return parseAreaCsv(await readFile(join(AREA_DATA_DIR, `${file}.csv`), 'utf8'));
}

/** Reads the four area tables from the `idn-area-data` package's CSV files. */
export async function readAreaRows(): Promise<AreaRows> {
  const [provinces = [], regencies = [], districts = [], villages = []] = await Promise.all(
    ['provinces', 'regencies', 'districts', 'villages'].map(readAreaCsv),
  );
  return {
    provinces: provinces.map((r) => ({ code: r.code, name: r.name })),
    regencies: regencies.map((r) => ({ code: r.code, province_code: r.parent, name: r.name })),
    districts: districts.map((r) => ({ code: r.code, regency_code: r.parent, name: r.name })),
    villages: villages.map((r) => ({ code: r.code, district_code: r.parent, name: r.name })),
  };
}

/** The loaded areas with lookup and search indexes; build it once with {@link loadAreas}. */
export class AreaIndex {
  readonly stats: AreaStats;
  private readonly provinces = new Map<string, Province>();
  private readonly regencies = new Map<string, Regency>();
  private readonly districts = new Map<string, District>();
  private readonly villages: Village[] = [];
  private readonly villageByCodeMap = new Map<string, number>();
  private readonly byCompact = new Map<string, number[]>();
  private readonly byFirstWord = new Map<string, number[]>();
  private readonly vocab: string[];
  private readonly deletionKeys: Float64Array;
  private readonly idScale: number;
  /** Length of the longest first word of a village name: no longer query word is within a typo of one. */
  private readonly longestWord: number;
  private lastSearch: { key: string; ranked: Candidate[] } | undefined;

  /** Builds the indexes from the area tables; `started` (performance.now()) dates the load for the stats. */
  constructor(rows: AreaRows, started = performance.now()) {
    for (const r of rows.provinces) {
      const words = tokenize(r.name).concat(PROVINCE_ALIASES.get(r.code) ?? []);
      this.provinces.set(r.code, place(r.code, displayName(r.name), words));
    }
    for (const r of rows.regencies) {
      const province = this.provinces.get(r.province_code);
      if (!province) continue;
      const tokens = tokenize(r.name);
      const kind = tokens[0] === 'kota' ? 'kota' : 'kabupaten';
      // "Kabupaten"/"Kota" (and "Administrasi" in Jakarta) stay in the display name, not in matching.
      const words = tokens.filter((t, k) => !(k === 0 && (t === 'kabupaten' || t === 'kota')) && t !== 'administrasi');
      this.regencies.set(r.code, { ...place(r.code, displayName(r.name), words), province, kind });
    }
    for (const r of rows.districts) {
      const regency = this.regencies.get(r.regency_code);
      if (!regency) continue;
      this.districts.set(r.code, { ...place(r.code, displayName(r.name), tokenize(r.name)), regency });
    }
    const vocabIds = new Map<string, number>();
    for (const r of rows.villages) {
      const district = this.districts.get(r.district_code);
      const tokens = tokenize(r.name);
      if (!district || tokens.length === 0) continue;
      const id = this.villages.length;
      const village: Village = { code: r.code, name: displayName(r.name), tokens, compact: tokens.join(''), district };
      this.villages.push(village);
      this.villageByCodeMap.set(village.code, id);
      pushTo(this.byCompact, village.compact, id);
      pushTo(this.byFirstWord, tokens[0]!, id);
      if (!vocabIds.has(tokens[0]!)) vocabIds.set(tokens[0]!, vocabIds.size);
    }
    this.vocab = [...vocabIds.keys()];
    this.longestWord = this.vocab.reduce((m, w) => Math.max(m, w.length), 0);
    const bits = Math.max(1, Math.ceil(Math.log2(this.vocab.length + 1)));
    if (bits > 21) throw new Error('area vocabulary too large for the deletion index');
    this.idScale = 2 ** bits;
    this.deletionKeys = this.buildDeletionIndex();
    this.stats = {
      provinces: this.provinces.size,
      regencies: this.regencies.size,
      districts: this.districts.size,
      villages: this.villages.length,
      loadMs: Math.round(performance.now() - started),
    };
  }

  // One sorted array of hash × 2^bits + word id: compact, fast to build, and searched by bisection.
  private buildDeletionIndex(): Float64Array {
    let total = 0;
    for (const w of this.vocab) {
      const L = w.length;
      const d = indexedDeletions(L);
      total += 1 + (d >= 1 ? L : 0) + (d >= 2 ? (L * (L - 1)) / 2 : 0);
    }
    const keys = new Float64Array(total);
    let k = 0;
    this.vocab.forEach((w, id) => {
      forEachDeletionHash(w, indexedDeletions(w.length), (h) => {
        keys[k++] = h * this.idScale + id;
      });
    });
    return keys.sort();
  }

  /** The district, regency and province names for a NIK district code ('32.01.01' or '320101'). */
  districtByNik(districtCode: string): AreaNames | undefined {
    const d = this.districts.get(dotted(districtCode, [2, 2, 2]));
    return d && { district: d.name, regency: d.regency.name, province: d.regency.province.name };
  }

  /** The name of a province ('32'). */
  provinceName(code: string): string | undefined {
    return this.provinces.get(code.trim())?.name;
  }

  /** The name of a regency ('32.01' or '3201'), with its "Kabupaten"/"Kota" prefix. */
  regencyName(code: string): string | undefined {
    return this.regencies.get(dotted(code, [2, 2]))?.name;
  }

  /** A village by its code ('32.01.01.2001' or '3201012001'). */
  villageByCode(code: string): VillageInfo | undefined {
    const id = this.villageByCodeMap.get(dotted(code, [2, 2, 2, 4]));
    return id === undefined ? undefined : this.info(id);
  }

  /** Villages best matching a free-text query such as "sukamaju kec cibeber", best first, and how many matched. */
  search(query: string, limit = 5): VillageSearch {
    const ranked = this.rank(query);
    const best = ranked[0];
    if (!best) return { hits: [], total: 0 };
    // "Kemang, South Jakarta" named its place in English: villages outside that place are no answer.
    const words = tokenize(query);
    if (best.unexplained > 0 && fromEnglishPlaceWords(words).join(' ') !== words.join(' ')) return { hits: [], total: 0 };
    const hits = ranked.slice(0, Math.max(0, limit)).map((c) => {
      const score = Math.max(0, 1 - 0.1 * (c.edits + c.mismatched) - (c.cls === 2 ? 0.3 : 0) - 0.2 * c.unexplained);
      return { ...this.info(c.village), score: Math.round(score * 100) / 100, match: CLASS_NAMES[c.cls]! };
    });
    return { hits, total: ranked.length };
  }

  private info(id: number): VillageInfo {
    const v = this.villages[id]!;
    const d = v.district;
    return { code: v.code, name: v.name, district: d.name, regency: d.regency.name, province: d.regency.province.name };
  }

  // Every village that matches as well as the best one (fewest ignored words, then exact before typo
  // before partial), ordered by edits, then code for a stable order. The last query is memoized
  // because the bot typically asks for the hits and the count of the same text.
  private rank(query: string): Candidate[] {
    // 12 words cover "desa X kec. Y kab. Z prov. W" with room to spare and bound the work per query.
    const tokens = fromEnglishPlaceWords(tokenize(query)).slice(0, 12);
    const key = tokens.join(' ');
    if (this.lastSearch?.key === key) return this.lastSearch.ranked;

    const best = new Map<number, Candidate>();
    const starts = [0];
    tokens.forEach((t, k) => {
      if (VILLAGE_PREFIXES.has(t) && k + 1 < tokens.length && starts.length < 4) starts.push(k + 1);
    });
    const readings = starts.map((start) => {
      const rest = tokens.slice(start);
      return {
        start,
        rest,
        // Words before the village name are ignored words, except a "desa"/"kel." right before it.
        skipped: start > 0 && VILLAGE_PREFIXES.has(tokens[start - 1]!) ? start - 1 : start,
        restLengths: rest.map((_, k) => rest.slice(0, k + 1).join('').length),
        ids: this.candidates(rest),
      };
    });
    const contextMemo = new Map<string, ContextMatch>();
    // Partial names ("sukamaju" for "Sukamaju Kidul") are tried only when full names leave words
    // unexplained: a partial hit ranks below a full one that explains as many words, and checking the
    // context of every "Tanjung …" village would cost most of the time budget.
    const pass = (partial: boolean, beat: number) => {
      for (const { start, rest, skipped, restLengths, ids } of readings) {
        for (const id of ids) {
          const village = this.villages[id]!;
          for (let k = 1; k <= rest.length; k++) {
            const len = restLengths[k - 1]!;
            if (len > village.compact.length + 3) break;
            if (!partial && len < village.compact.length - 3) continue;
            const q = rest.slice(0, k);
            const name = this.matchName(village, q, partial);
            if (!name || (partial && name.cls !== 2)) continue;
            const memoKey = `${village.district.code}|${start}|${k}`;
            let ctx = contextMemo.get(memoKey);
            if (!ctx) {
              ctx = this.matchContext(village.district, rest.slice(k));
              contextMemo.set(memoKey, ctx);
            }
            const cand: Candidate = {
              village: id,
              unexplained: skipped + ctx.unexplained,
              mismatched: ctx.mismatched,
              cls: name.cls,
              edits: name.edits + ctx.edits,
              prefixed: start > 0 ? 1 : 0,
              viaContext: rest.length - k - ctx.unexplained,
              respaced: name.cls === 0 && village.tokens.join(' ') !== q.join(' ') ? 1 : 0,
            };
            if (cand.unexplained >= beat) continue;
            const old = best.get(id);
            if (!old || compareCandidates(cand, old) < 0) best.set(id, cand);
          }
        }
      }
    };
    pass(false, Number.POSITIVE_INFINITY);
    let fewestUnexplained = Number.POSITIVE_INFINITY;
    for (const c of best.values()) fewestUnexplained = Math.min(fewestUnexplained, c.unexplained);
    if (fewestUnexplained > 0) pass(true, fewestUnexplained);

    let ranked = [...best.values()];
    if (ranked.length > 0) {
      const minUnexplained = Math.min(...ranked.map((c) => c.unexplained));
      ranked = ranked.filter((c) => c.unexplained === minUnexplained);
      const minMismatched = Math.min(...ranked.map((c) => c.mismatched));
      ranked = ranked.filter((c) => c.mismatched === minMismatched);
      const bestCls = Math.min(...ranked.map((c) => c.cls));
      ranked = ranked.filter((c) => c.cls === bestCls);
      ranked.sort((a, b) => compareCandidates(a, b) || (this.villages[a.village]!.code < this.villages[b.village]!.code ? -1 : 1));
    }
    this.lastSearch = { key, ranked };
    return ranked;
  }

  // Villages whose name could start at rest[0]: by first word (exact or within the typo allowance),
  // by the first few query words written together ("suka maju" → "Sukamaju"), by the whole name written
  // as one word ("sukamaju" → "Suka Maju"), and by a first name word the query word starts with.
  private candidates(rest: string[]): Set<number> {
    const out = new Set<number>();
    const add = (ids: number[] | undefined) => {
      if (ids) for (const id of ids) out.add(id);
    };
    const first = rest[0];
    if (first === undefined) return out;
    for (let k = 1; k <= Math.min(rest.length, 4); k++) {
      const joined = rest.slice(0, k).join('');
      add(this.byCompact.get(joined));
      for (const w of this.fuzzyWords(joined)) add(this.byFirstWord.get(w));
    }
    for (let p = 3; p < first.length - 1; p++) add(this.byFirstWord.get(first.slice(0, p)));
    // A typo in the first part of a name written as one word ("sukmaaju" → "Suka Maju").
    if (first.length >= 7)
      for (let p = 4; p <= first.length - 3; p++) for (const w of this.fuzzyWords(first.slice(0, p))) add(this.byFirstWord.get(w));
    return out;
  }

  private fuzzyWords(q: string): string[] {
    const allowance = typoAllowance(q.length);
    if (allowance === 0) return this.byFirstWord.has(q) ? [q] : [];
    // Why: the deletion hashes cost O(length³); a 2,000-letter "word" would block the bot for hours.
    if (q.length > this.longestWord + allowance) return [];
    const ids = new Set<number>();
    forEachDeletionHash(q, allowance, (h) => {
      const lo = h * this.idScale;
      const hi = lo + this.idScale;
      for (let i = lowerBound(this.deletionKeys, lo); i < this.deletionKeys.length && this.deletionKeys[i]! < hi; i++) {
        ids.add(this.deletionKeys[i]! - lo);
      }
    });
    const words: string[] = [];
    for (const id of ids) {
      const w = this.vocab[id]!;
      if (boundedOsa(q, w, allowance) <= allowance) words.push(w);
    }
    return words;
  }

  private matchName(v: Village, q: string[], partial: boolean): { cls: number; edits: number } | undefined {
    if (v.compact === q.join('')) return { cls: 0, edits: 0 };
    const d = typoDistance(v.tokens, q);
    if (d !== undefined) return { cls: 1, edits: d };
    if (!partial) return undefined;
    // Partial: the query is the first word(s) of a longer name ("lubuk pakam" → "Lubuk Pakam III").
    for (let j = 1; j < v.tokens.length; j++) {
      const head = v.tokens.slice(0, j);
      if (head.join('') === q.join('')) return { cls: 2, edits: 0 };
      const dp = typoDistance(head, q);
      if (dp !== undefined) return { cls: 2, edits: dp };
    }
    return undefined;
  }

  // Counts the words after the village name that name none of its district, regency or province.
  private matchContext(d: District, words: string[]): ContextMatch {
    let unexplained = 0;
    let edits = 0;
    let mismatched = 0;
    let marker: Marker | undefined;
    let i = 0;
    const places = (m: Marker | undefined): Place[] => {
      if (!m) return [d, d.regency, d.regency.province];
      if (m.field === 'district') return [d];
      if (m.field === 'province') return [d.regency.province];
      return m.kind && m.kind !== d.regency.kind ? [] : [d.regency];
    };
    const tryAt = (len: number, m: Marker | undefined): number | undefined => {
      const span = words.slice(i, i + len);
      const sc = span.join('');
      const allowance = span.reduce((s, t) => s + typoAllowance(t.length), 0);
      let best: number | undefined;
      for (const p of places(m)) {
        const whole = boundedOsa(p.compact, sc, allowance);
        if (whole <= allowance && (best === undefined || whole < best)) best = whole;
        if (len === 1) {
          for (const w of p.words) {
            const dw = boundedOsa(w, sc, allowance);
            if (dw <= allowance && (best === undefined || dw < best)) best = dw;
          }
        }
      }
      return best;
    };
    while (i < words.length) {
      let consumed = 0;
      for (let len = Math.min(3, words.length - i); len >= 1 && consumed === 0; len--) {
        if (len === 1 && !marker && MARKERS.get(words[i]!)) break;
        let e = tryAt(len, marker);
        // A marker that names the wrong level ("kec cianjur" for the kabupaten) still helps, ranked
        // below villages where it names the right level.
        if (e === undefined && marker) {
          e = tryAt(len, undefined);
          if (e !== undefined) mismatched++;
        }
        if (e !== undefined) {
          edits += e;
          consumed = len;
        }
      }
      if (consumed > 0) {
        i += consumed;
        marker = undefined;
      } else if (!marker && MARKERS.get(words[i]!)) {
        marker = MARKERS.get(words[i]!);
        i++;
      } else {
        unexplained++;
        marker = undefined;
        i++;
      }
    }
    return { unexplained, edits, mismatched };
  }
}

// Edits between a name and the query within the typo allowance, or undefined. With the same number of
// words each word gets its own allowance, so two edits cannot pile up in one short word ("Lubuk Palas"
// is not a typo of "lubuk pakam"); with different spacing the joined strings are compared.
function typoDistance(name: string[], q: string[]): number | undefined {
  if (name.length === q.length) {
    let sum = 0;
    for (let i = 0; i < q.length; i++) {
      const allowance = typoAllowance(q[i]!.length);
      const d = boundedOsa(name[i]!, q[i]!, allowance);
      if (d > allowance) return undefined;
      sum += d;
    }
    return sum;
  }
  const qc = q.join('');
  const allowance = typoAllowance(qc.length);
  const d = boundedOsa(name.join(''), qc, allowance);
  return d <= allowance ? d : undefined;
}

function compareCandidates(a: Candidate, b: Candidate): number {
  return (
    a.unexplained - b.unexplained ||
    a.mismatched - b.mismatched ||
    a.cls - b.cls ||
    a.edits - b.edits ||
    a.prefixed - b.prefixed ||
    a.viaContext - b.viaContext ||
    a.respaced - b.respaced
  );
}

function lowerBound(arr: Float64Array, value: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// Accepts codes with or without dots ('320101' → '32.01.01').
function dotted(code: string, parts: number[]): string {
  const c = code.trim();
  if (c.includes('.')) return c;
  if (!/^\d+$/.test(c) || c.length !== parts.reduce((a, b) => a + b, 0)) return c;
  const out: string[] = [];
  let at = 0;
  for (const p of parts) {
    out.push(c.slice(at, at + p));
    at += p;
  }
  return out.join('.');
}

let loaded: AreaIndex | undefined;
let loading: Promise<AreaIndex> | undefined;

/**
 * The shared area index. The package's readers are asynchronous, so the data is loaded once by
 * {@link warmAreas} at start; a lookup before that is a wiring bug, not something to hide with a
 * slow synchronous load inside a turn (and its write transaction).
 */
export function loadAreas(): AreaIndex {
  if (!loaded) throw new Error('area data not loaded: await warmAreas() at start, before any turn');
  return loaded;
}

/** Loads the area index (once; later calls share the first load) so no turn ever waits for it. */
export async function warmAreas(): Promise<AreaStats> {
  loading ??= (async () => {
    const started = performance.now();
    loaded = new AreaIndex(await readAreaRows(), started);
    return loaded;
  })();
  return (await loading).stats;
}

/** The district, regency and province names for a NIK district code ('32.01.01'); undefined when unknown. */
export function districtByNik(districtCode: string): AreaNames | undefined {
  return loadAreas().districtByNik(districtCode);
}

/** The name of a province by its two-digit code. */
export function provinceName(code: string): string | undefined {
  return loadAreas().provinceName(code);
}

/** The name of a regency by its code ('32.01'). */
export function regencyName(code: string): string | undefined {
  return loadAreas().regencyName(code);
}

/** A village with its area names by its code ('32.01.01.2001'). */
export function villageByCode(code: string): VillageInfo | undefined {
  return loadAreas().villageByCode(code);
}

/**
 * The best `limit` villages for a free-text query (village name, optionally kecamatan/kabupaten after
 * it), and how many matched equally well ("ada 119 desa bernama Sukamaju").
 */
export function searchVillages(query: string, limit = 5): VillageSearch {
  return loadAreas().search(query, limit);
}

/** How many villages match a query equally well ("ada 119 desa bernama Sukamaju"). */
export function countVillageMatches(query: string): number {
  return loadAreas().search(query, 0).total;
}
