/** The provinces, regencies and districts above the villages, and how the words after a village name match them. */
import type { AreaRows } from './area-rows.ts';
import { boundedOsa, displayName, tokenize, typoAllowance } from './area-text.ts';

interface Place {
  code: string;
  name: string;
  /** Normalized words used for matching (regency words without "kabupaten"/"kota"). */
  words: string[];
  compact: string;
}

/** A province (propinsi). */
export type Province = Place;

/** A regency (kabupaten) or city (kota). */
export interface Regency extends Place {
  province: Province;
  kind: 'kabupaten' | 'kota';
}

/** A district (kecamatan), with its position in the village table's district list. */
export interface District extends Place {
  regency: Regency;
  index: number;
}

/** How the words after a village name matched its areas. */
export interface ContextMatch {
  unexplained: number;
  edits: number;
  mismatched: number;
}

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

function place(code: string, name: string, words: string): Place {
  const list = words === '' ? [] : words.split(' ');
  return { code, name, words: list, compact: list.join('') };
}

// The areas normalized already (tokenizing them took ~100 ms of each start): provinces [code, name, words],
// regencies [code, province code, name, words, kind], districts [code, regency code, name, words], names for display,
// words space-separated; only areas under a known parent; districts sorted by code, so a village's (district index,
// number) orders as its code does.
function placeRows(rows: AreaRows): { provinces: string[][]; regencies: string[][]; districts: string[][] } {
  const provinces = rows.provinces.map((r) => {
    const words = tokenize(r.name).concat(PROVINCE_ALIASES.get(r.code) ?? []);
    return [r.code, displayName(r.name), words.join(' ')];
  });
  const provinceCodes = new Set(provinces.map((p) => p[0]));
  const regencies = rows.regencies
    .filter((r) => provinceCodes.has(r.province_code))
    .map((r) => {
      const tokens = tokenize(r.name);
      // "Kabupaten"/"Kota" (and "Administrasi" in Jakarta) stay in the display name, not in matching.
      const words = tokens.filter((t, k) => !(k === 0 && (t === 'kabupaten' || t === 'kota')) && t !== 'administrasi');
      return [r.code, r.province_code, displayName(r.name), words.join(' '), tokens[0] === 'kota' ? 'kota' : 'kabupaten'];
    });
  const regencyCodes = new Set(regencies.map((r) => r[0]));
  const districts = rows.districts
    .filter((r) => regencyCodes.has(r.regency_code))
    .map((r) => [r.code, r.regency_code, displayName(r.name), tokenize(r.name).join(' ')])
    .sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
  if (districts.length > 0xffff) throw new Error('too many districts for the area index');
  return { provinces, regencies, districts };
}

/** The areas as the cache stores them: a line per area, its fields separated by tabs (splitting is all a start does). */
export interface PlaceTexts {
  placeProvinces: string;
  placeRegencies: string;
  placeDistricts: string;
}

function toText(rows: readonly string[][]): string {
  const text = rows.map((r) => r.join('\t')).join('\n');
  if (rows.some((r) => r.some((f) => /[\t\n]/.test(f)))) throw new Error('tab or line break in an area name');
  return text;
}

const lines = (text: string) => (text === '' ? [] : text.split('\n'));

/** Normalizes the package's area rows for {@link Places}. */
export function placeTexts(rows: AreaRows): PlaceTexts {
  const { provinces, regencies, districts } = placeRows(rows);
  return { placeProvinces: toText(provinces), placeRegencies: toText(regencies), placeDistricts: toText(districts) };
}

/**
 * The areas: provinces and regencies by code, districts by their index in the village table's district list. A
 * district object is made on first use (a search touches a few hundred of 7,000), so a start makes almost none.
 */
export class Places {
  /** Provinces by code. */
  readonly provinces = new Map<string, Province>();
  /** Regencies by code. */
  readonly regencies = new Map<string, Regency>();
  private readonly districtLines: string[];
  private readonly districts: (District | undefined)[] = [];

  /** Makes the provinces and regencies (a few hundred). */
  constructor(texts: PlaceTexts) {
    for (const line of lines(texts.placeProvinces)) {
      const [code = '', name = '', words = ''] = line.split('\t');
      this.provinces.set(code, place(code, name, words));
    }
    for (const line of lines(texts.placeRegencies)) {
      const [code = '', parent = '', name = '', words = '', kind] = line.split('\t');
      const regency = { ...place(code, name, words), province: this.provinces.get(parent)!, kind: kind === 'kota' ? 'kota' : 'kabupaten' };
      this.regencies.set(code, regency as Regency);
    }
    this.districtLines = lines(texts.placeDistricts);
  }

  /** How many districts there are. */
  get districtCount(): number {
    return this.districtLines.length;
  }

  /** The district at this index of the district list. */
  district(index: number): District {
    let d = this.districts[index];
    if (!d) {
      const [code = '', parent = '', name = '', words = ''] = this.districtLines[index]!.split('\t');
      d = { ...place(code, name, words), regency: this.regencies.get(parent)!, index };
      this.districts[index] = d;
    }
    return d;
  }

  /** The district with this code ('32.01.01'), if any. */
  districtByCode(code: string): District | undefined {
    const list = this.districtLines;
    const codeAt = (i: number) => list[i]!.slice(0, list[i]!.indexOf('\t'));
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (codeAt(mid) < code) lo = mid + 1;
      else hi = mid;
    }
    return lo < list.length && codeAt(lo) === code ? this.district(lo) : undefined;
  }
}

/** Counts the words after a village name that name none of its district, regency or province, and their edits. */
export function matchContext(d: District, words: readonly string[]): ContextMatch {
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
