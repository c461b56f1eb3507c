/**
 * The area data cached in one binary file, so a start reads it in one read (~10–30 ms) instead of parsing
 * and indexing the package's CSV files (~1 s). The key names the package version, its files' sizes and times and
 * what the builder makes of a few probe rows, so any change to what the index would contain makes a fresh build.
 */
import { mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { endianness, tmpdir } from 'node:os';
import { join } from 'node:path';
import { checksum, packSections, unpackSections } from './area-pack.ts';
import { AREA_FILES, AREA_PACKAGE_DIR, type AreaRows, readAreaRows } from './area-rows.ts';
import { type AreaData, buildAreaData } from './area-table.ts';

/** Bump when the file layout changes in a way the probe rows below do not show. */
const FORMAT = 1;
const FILE = 'areas.bin';

/** Where the cache is looked for and written, in order: the project's node_modules/.cache, then the temp dir. */
const AREA_CACHE_DIRS: readonly string[] = [join(AREA_PACKAGE_DIR, '..', '.cache', 'daftarin'), join(tmpdir(), 'daftarin-cache')];

// A tiny made-up package with oddities of the real one (abbreviations, quotes, roman numerals, codes out of order;
// ASCII only, as a non-ASCII name loads 5 MB of ICU data): a change to how names are normalized, indexed or laid out
// changes what the builder packs from it and so the key. Not the builder's source text: that differs between tsx, vitest and a bundle, which share one cache.
const PROBE_ROWS: AreaRows = {
  provinces: [{ code: '11', name: 'Aceh' }],
  regencies: [
    { code: '11.01', province_code: '11', name: 'Kabupaten Kp. Baru' },
    { code: '11.71', province_code: '11', name: 'Kota Administrasi Tj. Priok' },
  ],
  districts: [
    { code: '11.71.01', regency_code: '11.71', name: 'Gn. Sari' },
    { code: '11.01.01', regency_code: '11.01', name: 'Mns. Baro' },
  ],
  villages: [
    { code: '11.01.01.2002', district_code: '11.01.01', name: 'Soka"an' },
    { code: '11.01.01.2001', district_code: '11.01.01', name: 'Mns. Mesjid Raya' },
    { code: '11.71.01.1003', district_code: '11.71.01', name: "Belo'u I,II" },
    { code: '11.71.01.2004', district_code: '11.71.01', name: 'Kp. Tanjungsari Kidul 2' },
  ],
};

/** The key a cache file must carry to be used: format, byte order, package version and files, builder probe. */
export function areaCacheKey(): string {
  const { version } = JSON.parse(readFileSync(join(AREA_PACKAGE_DIR, 'package.json'), 'utf8')) as { version: string };
  // Sizes and modification times rather than a hash of the contents: reading 3 MB of CSV at every start is what
  // the cache is there to avoid, and a reinstall or update changes them.
  const files = AREA_FILES.map((f) => {
    const s = statSync(f);
    return `${s.size}:${Math.round(s.mtimeMs)}`;
  });
  const probe = checksum(packAreaData(buildAreaData(PROBE_ROWS), '')).toString(16);
  return [`format ${FORMAT}`, endianness(), `idn-area-data ${version}`, ...files, probe].join('|');
}

/** The area data as a container to cache. */
function packAreaData(data: AreaData, key: string): Buffer {
  return packSections(key, { ...data });
}

/** The area data in a container, as views over its buffer; undefined when the buffer is not a valid one for `key`. */
export function unpackAreaData(buf: Buffer, key: string): AreaData | undefined {
  const data = unpackSections(buf, key) as Partial<AreaData> | undefined;
  if (!data) return undefined;
  const villages = (data.nameStart?.length ?? 0) - 1;
  const consistent =
    villages > 0 &&
    [data.placeProvinces, data.placeRegencies, data.placeDistricts].every((t) => typeof t === 'string') &&
    data.wordsStart?.length === villages + 1 &&
    [data.district, data.number, data.compactOrder, data.firstWordVillages].every((a) => a?.length === villages) &&
    data.names?.length === data.nameStart![villages] &&
    data.words?.length === data.wordsStart[villages] &&
    data.firstWordStart?.[data.firstWordStart.length - 1] === villages &&
    data.deletionBuckets?.length === 0x10001 &&
    data.longestFirstWord?.length === 1 &&
    data.deletionLow?.length === data.deletionWords?.length;
  return consistent ? (data as AreaData) : undefined;
}

/**
 * The first valid cache file in `dirs`, or undefined. Read asynchronously (one read of the whole file): the ~30 ms
 * the kernel takes to fill 7 MB of fresh memory can overlap whatever else the start does meanwhile.
 */
export async function readAreaCache(dirs: readonly string[], key: string): Promise<AreaData | undefined> {
  for (const dir of dirs) {
    let buf: Buffer;
    try {
      buf = await readFile(join(dir, FILE));
    } catch {
      continue;
    }
    const data = unpackAreaData(buf, key);
    if (data) return data;
  }
  return undefined;
}

/**
 * Writes the cache into the first of `dirs` that takes it and returns the file, or undefined when none does (then
 * every start builds from the CSV files, slower but correct). Written to a temporary file and renamed, because
 * several processes and test workers start at once: a reader sees the old file or the new one, never half of one.
 */
function writeAreaCache(dirs: readonly string[], buf: Buffer): string | undefined {
  for (const dir of dirs) {
    const tmp = join(dir, `${FILE}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}.tmp`);
    try {
      mkdirSync(dir, { recursive: true });
      writeFileSync(tmp, buf);
      renameSync(tmp, join(dir, FILE));
      return join(dir, FILE);
    } catch {
      try {
        unlinkSync(tmp);
      } catch {
        // Nothing was written.
      }
    }
  }
  return undefined;
}

/** The area data from the cache, or built from the package's CSV files and cached; `fromCache` says which. */
export async function loadAreaData(dirs: readonly string[] = AREA_CACHE_DIRS): Promise<{ data: AreaData; fromCache: boolean }> {
  const key = areaCacheKey();
  const cached = await readAreaCache(dirs, key);
  if (cached) return { data: cached, fromCache: true };
  const buf = packAreaData(buildAreaData(await readAreaRows()), key);
  writeAreaCache(dirs, buf);
  // Read back from the container, as a later start will: one code path, and the build's temporaries all die.
  return { data: unpackAreaData(buf, key)!, fromCache: false };
}
