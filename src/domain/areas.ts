/**
 * Indonesian administrative areas (Kemendagri codes, from the `idn-area-data` package, data ODbL):
 * names for a NIK's district code and a typo-tolerant village search.
 */
import { performance } from 'node:perf_hooks';
import { loadAreaData } from './area-cache.ts';
import { forEachNearWord } from './area-deletions.ts';
import { type ContextMatch, matchContext, Places } from './area-places.ts';
import type { AreaData } from './area-table.ts';
import { boundedOsa, fromEnglishPlaceWords, tokenize, typoAllowance } from './area-text.ts';
import { Villages } from './area-villages.ts';

export { type AreaRows, parseAreaCsv, readAreaRows } from './area-rows.ts';
export { boundedOsa, fromEnglishPlaceWords, normalizeAreaText, typoAllowance } from './area-text.ts';

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
  /** Whether the index was read from the cache file rather than built from the package's CSV files. */
  fromCache: boolean;
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

/** One way to read a query: the village name starts at word `start`. */
interface Reading {
  start: number;
  rest: string[];
  /** Words before the village name, ignored (a "desa"/"kel." right before it is not). */
  skipped: number;
  /** Length of the first k + 1 words of `rest` written together, by k. */
  restLengths: number[];
  ids: Set<number>;
}

/** The loaded areas with lookup and search indexes; build it once with {@link loadAreas}. */
export class AreaIndex {
  readonly stats: AreaStats;
  private readonly places: Places;
  private readonly villages: Villages;
  private lastSearch: { key: string; ranked: Candidate[] } | undefined;

  /** Wraps the area data; `started` (performance.now()) dates the load for the stats. */
  constructor(
    private readonly data: AreaData,
    started = performance.now(),
    fromCache = false,
  ) {
    this.places = new Places(data);
    this.villages = new Villages(data);
    this.stats = {
      provinces: this.places.provinces.size,
      regencies: this.places.regencies.size,
      districts: this.places.districtCount,
      villages: this.villages.count,
      loadMs: Math.round(performance.now() - started),
      fromCache,
    };
  }

  /** The district, regency and province names for a NIK district code ('32.01.01' or '320101'). */
  districtByNik(districtCode: string): AreaNames | undefined {
    const d = this.places.districtByCode(dotted(districtCode, [2, 2, 2]));
    return d && { district: d.name, regency: d.regency.name, province: d.regency.province.name };
  }

  /** The name of a province ('32'). */
  provinceName(code: string): string | undefined {
    return this.places.provinces.get(code.trim())?.name;
  }

  /** The name of a regency ('32.01' or '3201'), with its "Kabupaten"/"Kota" prefix. */
  regencyName(code: string): string | undefined {
    return this.places.regencies.get(dotted(code, [2, 2]))?.name;
  }

  /** A village by its code ('32.01.01.2001' or '3201012001'). */
  villageByCode(code: string): VillageInfo | undefined {
    const c = dotted(code, [2, 2, 2, 4]);
    const district = c.length === 13 && c[8] === '.' && /^\d{4}$/.test(c.slice(9)) ? this.places.districtByCode(c.slice(0, 8)) : undefined;
    const id = district && this.villages.byCode(district.index, Number(c.slice(9)));
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
    const d = this.places.district(this.villages.district(id));
    const names = { name: this.villages.name(id), district: d.name, regency: d.regency.name, province: d.regency.province.name };
    return { code: `${d.code}.${this.villages.number(id)}`, ...names };
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
    const readings = starts.map((start): Reading => {
      const rest = tokens.slice(start);
      return {
        start,
        rest,
        skipped: start > 0 && VILLAGE_PREFIXES.has(tokens[start - 1]!) ? start - 1 : start,
        restLengths: rest.map((_, k) => rest.slice(0, k + 1).join('').length),
        ids: this.candidates(rest),
      };
    });
    const contextMemo = new Map<string, ContextMatch>();
    // Partial names ("sukamaju" for "Sukamaju Kidul") are tried only when full names leave words
    // unexplained: a partial hit ranks below a full one that explains as many words, and checking the
    // context of every "Tanjung …" village would cost most of the time budget.
    for (const r of readings) this.pass(r, false, Number.POSITIVE_INFINITY, best, contextMemo);
    let fewestUnexplained = Number.POSITIVE_INFINITY;
    for (const c of best.values()) fewestUnexplained = Math.min(fewestUnexplained, c.unexplained);
    if (fewestUnexplained > 0) for (const r of readings) this.pass(r, true, fewestUnexplained, best, contextMemo);

    let ranked = [...best.values()];
    if (ranked.length > 0) {
      const minUnexplained = Math.min(...ranked.map((c) => c.unexplained));
      ranked = ranked.filter((c) => c.unexplained === minUnexplained);
      const minMismatched = Math.min(...ranked.map((c) => c.mismatched));
      ranked = ranked.filter((c) => c.mismatched === minMismatched);
      const bestCls = Math.min(...ranked.map((c) => c.cls));
      ranked = ranked.filter((c) => c.cls === bestCls);
      // Village ids are in code order.
      ranked.sort((a, b) => compareCandidates(a, b) || a.village - b.village);
    }
    this.lastSearch = { key, ranked };
    return ranked;
  }

  // Scores every candidate village of one reading of the query into `best` (a full name, or with `partial` a
  // partial one), keeping those with fewer ignored words than `beat`.
  private pass(r: Reading, partial: boolean, beat: number, best: Map<number, Candidate>, contextMemo: Map<string, ContextMatch>): void {
    const { start, rest, skipped, restLengths } = r;
    for (const id of r.ids) {
      const compactLength = this.villages.compactLength(id);
      for (let k = 1; k <= rest.length; k++) {
        const len = restLengths[k - 1]!;
        if (len > compactLength + 3) break;
        if (!partial && len < compactLength - 3) continue;
        const q = rest.slice(0, k);
        const name = this.matchName(id, q, partial);
        if (!name || (partial && name.cls !== 2)) continue;
        const district = this.villages.district(id);
        const memoKey = `${district}|${start}|${k}`;
        let ctx = contextMemo.get(memoKey);
        if (!ctx) {
          ctx = matchContext(this.places.district(district), rest.slice(k));
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
          respaced: name.cls === 0 && !this.villages.wordsAre(id, q.join(' ')) ? 1 : 0,
        };
        if (cand.unexplained >= beat) continue;
        const old = best.get(id);
        if (!old || compareCandidates(cand, old) < 0) best.set(id, cand);
      }
    }
  }

  // Villages whose name could start at rest[0]: by first word (exact or within the typo allowance),
  // by the first few query words written together ("suka maju" → "Sukamaju"), by the whole name written
  // as one word ("sukamaju" → "Suka Maju"), and by a first name word the query word starts with.
  private candidates(rest: string[]): Set<number> {
    const out = new Set<number>();
    const add = (id: number) => out.add(id);
    const addWord = (word: number | undefined) => word !== undefined && this.villages.forFirstWord(word, add);
    const first = rest[0];
    if (first === undefined) return out;
    for (let k = 1; k <= Math.min(rest.length, 4); k++) {
      const joined = rest.slice(0, k).join('');
      this.villages.forCompact(joined, add);
      for (const w of this.fuzzyWords(joined)) addWord(w);
    }
    for (let p = 3; p < first.length - 1; p++) addWord(this.villages.wordId(first.slice(0, p)));
    // A typo in the first part of a name written as one word ("sukmaaju" → "Suka Maju").
    if (first.length >= 7) for (let p = 4; p <= first.length - 3; p++) for (const w of this.fuzzyWords(first.slice(0, p))) addWord(w);
    return out;
  }

  // The ids of the first words within the typo allowance of q.
  private fuzzyWords(q: string): number[] {
    const allowance = typoAllowance(q.length);
    if (allowance === 0) {
      const id = this.villages.wordId(q);
      return id === undefined ? [] : [id];
    }
    // Why: the deletion hashes cost O(length³); a 2,000-letter "word" would block the bot for hours.
    if (q.length > this.villages.longestWord + allowance) return [];
    const ids = new Set<number>();
    forEachNearWord(this.data, q, (id) => ids.add(id));
    return [...ids].filter((id) => boundedOsa(q, this.villages.word(id), allowance) <= allowance);
  }

  private matchName(id: number, q: string[], partial: boolean): { cls: number; edits: number } | undefined {
    const qc = q.join('');
    if (this.villages.compactIs(id, qc)) return { cls: 0, edits: 0 };
    const tokens = this.villages.tokens(id);
    const d = typoDistance(tokens, q);
    if (d !== undefined) return { cls: 1, edits: d };
    if (!partial) return undefined;
    // Partial: the query is the first word(s) of a longer name ("lubuk pakam" → "Lubuk Pakam III").
    for (let j = 1; j < tokens.length; j++) {
      const head = tokens.slice(0, j);
      if (head.join('') === qc) return { cls: 2, edits: 0 };
      const dp = typoDistance(head, q);
      if (dp !== undefined) return { cls: 2, edits: dp };
    }
    return undefined;
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
    const { data, fromCache } = await loadAreaData();
    loaded = new AreaIndex(data, started, fromCache);
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
