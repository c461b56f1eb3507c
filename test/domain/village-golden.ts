// The village-search golden set: queries of every kind and what the search answered for them, so a change to
// the index's layout (issue 16) can be checked to answer exactly as before.
// Regenerate (only when the search is meant to change): npx tsx test/domain/village-golden.ts

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { villageQueries } from '../../bench/villages.ts';
import {
  type AreaRows,
  countVillageMatches,
  districtByNik,
  provinceName,
  readAreaRows,
  regencyName,
  searchVillages,
  villageByCode,
  warmAreas,
} from '../../src/domain/areas.ts';

/** Where the golden answers are stored. */
export const GOLDEN_FILE = fileURLToPath(new URL('../fixtures/village-golden.json', import.meta.url));

/** One query and its answer: `[query, total, count, hits]`, hits as "code match-initial score" joined by ";". */
export type GoldenEntry = [string, number, number, string];

/** The stored golden set. */
export interface Golden {
  lookups: string;
  queries: GoldenEntry[];
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

// Every quoted text in the tests and fixtures that could be something a person types: village names, addresses,
// FAQ questions, noise. Module paths, locale keys and SQL are left out; they only add size.
function testStrings(): string[] {
  const files = execFileSync('git', ['ls-files', 'test', 'bench/peer'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((f) => /\.(ts|json)$/.test(f) && !f.endsWith('village-golden.json'));
  const out = new Set<string>();
  for (const f of files) {
    const text = readFileSync(`${ROOT}/${f}`, 'utf8');
    for (const m of text.matchAll(/'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"/g)) {
      const s = m[1] ?? m[2] ?? '';
      if (s.length < 2 || s.length > 80 || !/[a-zA-Z]{2}/.test(s)) continue;
      if (/^(\.|node:|@)|^[\w-]+(\.[\w-]+)+$|^(SELECT|INSERT|UPDATE|DELETE|CREATE) /.test(s)) continue;
      out.add(s);
    }
  }
  return [...out].sort();
}

/** The golden queries: the benchmark's generated ones (all kinds, 1,700) and every candidate text from the tests. */
export function goldenQueries(rows: AreaRows): string[] {
  const { queries, warmup } = villageQueries(rows, 1500);
  return [...new Set([...queries.map((q) => q.q), ...warmup, ...testStrings()])];
}

/** What the search answers for one query, in the golden file's form. */
export function goldenEntry(q: string): GoldenEntry {
  const r = searchVillages(q, 10);
  const hits = r.hits.map((h) => `${h.code} ${h.match[0]} ${h.score}`).join(';');
  return [q, r.total, countVillageMatches(q), hits];
}

/** A digest of every lookup by code (each village, district, regency and province of the rows). */
export function lookupDigest(rows: AreaRows): string {
  const h = createHash('sha256');
  for (const v of rows.villages) h.update(`${JSON.stringify(villageByCode(v.code))}\n`);
  for (const v of rows.villages.slice(0, 500)) h.update(`${JSON.stringify(villageByCode(v.code.replace(/\./g, '')))}\n`);
  for (const d of rows.districts) h.update(`${JSON.stringify(districtByNik(d.code))}\n`);
  for (const r of rows.regencies) h.update(`${regencyName(r.code)}|${regencyName(r.code.replace('.', ''))}\n`);
  for (const p of rows.provinces) h.update(`${provinceName(p.code)}\n`);
  for (const c of ['', '99', '32.01.99', '32.03.03.9999', '3203039999', 'abc', ' 32 ']) {
    h.update(`${JSON.stringify([villageByCode(c), districtByNik(c), regencyName(c), provinceName(c)])}\n`);
  }
  return h.digest('hex');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await warmAreas();
  const rows = await readAreaRows();
  const golden: Golden = { lookups: lookupDigest(rows), queries: goldenQueries(rows).map(goldenEntry) };
  writeFileSync(GOLDEN_FILE, JSON.stringify(golden));
  // In the project's JSON style, one query a line, so a change to the search shows as a readable diff.
  execFileSync('npx', ['biome', 'format', '--write', GOLDEN_FILE], { cwd: ROOT, stdio: 'inherit' });
  console.log(`${golden.queries.length} queries written to ${GOLDEN_FILE}`);
}
