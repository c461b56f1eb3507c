/** The provinces, regencies and districts above the villages, and how the words after a village name match them. */
import type { PlaceRows } from './area-table.ts';
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

function place(code: string, name: string, words: string[]): Place {
  return { code, name, words, compact: words.join('') };
}

/** The areas by code, and the districts in the order the village table refers to them. */
export interface Places {
  provinces: Map<string, Province>;
  regencies: Map<string, Regency>;
  districts: Map<string, District>;
  districtList: District[];
}

/** Builds the area objects (a few thousand; the 83,000 villages stay in typed arrays). */
export function buildPlaces(rows: PlaceRows): Places {
  const provinces = new Map<string, Province>();
  const regencies = new Map<string, Regency>();
  const districts = new Map<string, District>();
  for (const [code, name] of rows.provinces) {
    const words = tokenize(name).concat(PROVINCE_ALIASES.get(code) ?? []);
    provinces.set(code, place(code, displayName(name), words));
  }
  for (const [code, parent, name] of rows.regencies) {
    const tokens = tokenize(name);
    const kind = tokens[0] === 'kota' ? 'kota' : 'kabupaten';
    // "Kabupaten"/"Kota" (and "Administrasi" in Jakarta) stay in the display name, not in matching.
    const words = tokens.filter((t, k) => !(k === 0 && (t === 'kabupaten' || t === 'kota')) && t !== 'administrasi');
    regencies.set(code, { ...place(code, displayName(name), words), province: provinces.get(parent)!, kind });
  }
  const districtList = rows.districts.map(([code, parent, name], index): District => {
    const district = { ...place(code, displayName(name), tokenize(name)), regency: regencies.get(parent)!, index };
    districts.set(code, district);
    return district;
  });
  return { provinces, regencies, districts, districtList };
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
