/** The rows of the `idn-area-data` package (Kemendagri area codes and names, data ODbL), read from its CSV files. */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The four area tables as `idn-area-data` reads them (codes dotted: '32', '32.01', '32.01.01', '32.01.01.2001'). */
export interface AreaRows {
  provinces: readonly { code: string; name: string }[];
  regencies: readonly { code: string; province_code: string; name: string }[];
  districts: readonly { code: string; regency_code: string; name: string }[];
  villages: readonly { code: string; district_code: string; name: string }[];
}

// The package's CSV files, read whole and cut into fields here: the package's own readers (papaparse over a
// stream) took ~600 ms of the start for the same rows.
/** The installed `idn-area-data` package's directory. */
export const AREA_PACKAGE_DIR = join(dirname(createRequire(import.meta.url).resolve('idn-area-data')), '..');

/** The package's four CSV files the index is built from, in AreaRows order. */
export const AREA_FILES = ['provinces', 'regencies', 'districts', 'villages'].map((f) => join(AREA_PACKAGE_DIR, 'data', `${f}.csv`));

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

async function readAreaCsv(path: string) {
  return parseAreaCsv(await readFile(path, 'utf8'));
}

/** Reads the four area tables from the `idn-area-data` package's CSV files. */
export async function readAreaRows(): Promise<AreaRows> {
  const [provinces = [], regencies = [], districts = [], villages = []] = await Promise.all(AREA_FILES.map(readAreaCsv));
  return {
    provinces: provinces.map((r) => ({ code: r.code, name: r.name })),
    regencies: regencies.map((r) => ({ code: r.code, province_code: r.parent, name: r.name })),
    districts: districts.map((r) => ({ code: r.code, regency_code: r.parent, name: r.name })),
    villages: villages.map((r) => ({ code: r.code, district_code: r.parent, name: r.name })),
  };
}
