// Village search benchmark: load time, then p50/p99 latency over 1,000 varied queries.
// Run: npx tsx bench/villages.ts (bench/run.ts reuses the query generator and the measurement).
import { performance } from 'node:perf_hooks';
import { type AreaRows, loadAreas, readAreaRows, searchVillages, warmAreas } from '../src/domain/areas.ts';
import { isMain } from './is-main.ts';

/** Deterministic PRNG (mulberry32) so every run measures the same queries. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The kinds of query the generator makes, in rotation. */
export const QUERY_KINDS = ['exact', 'typo', 'with kecamatan', 'with kec/kab markers', 'unknown'] as const;

/** One generated query, with the village it was made from (none for `unknown`). */
export interface VillageQuery {
  kind: (typeof QUERY_KINDS)[number];
  q: string;
  code?: string;
}

/** `n` varied queries against the full village list, plus 200 warm-up queries, from a fixed seed. */
export function villageQueries(rows: AreaRows, n = 1000, seed = 42): { queries: VillageQuery[]; warmup: string[] } {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const typo = (word: string): string => {
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const i = 1 + Math.floor(rand() * Math.max(1, word.length - 2));
    switch (Math.floor(rand() * 4)) {
      case 0:
        return word.slice(0, i) + word.slice(i + 1);
      case 1:
        return word.slice(0, i) + pick([...letters]) + word.slice(i);
      case 2:
        return word.slice(0, i) + pick([...letters]) + word.slice(i + 1);
      default:
        return word.slice(0, i - 1) + (word[i] ?? '') + (word[i - 1] ?? '') + word.slice(i + 1);
    }
  };
  const areas = loadAreas();
  const villages = rows.villages.map((v) => [v.code, v.district_code, v.name] as const);
  const districts = new Map(rows.districts.map((d) => [d.code, d.name]));
  const queries: VillageQuery[] = [];
  for (let i = 0; i < n; i++) {
    const kind = QUERY_KINDS[i % QUERY_KINDS.length]!;
    const [code, districtCode, name] = pick(villages);
    const regency = areas.regencyName(code.slice(0, 5)) ?? '';
    const district = districts.get(districtCode) ?? '';
    const lower = name.toLowerCase();
    if (kind === 'exact') queries.push({ kind, code, q: rand() < 0.5 ? lower : `  ${name.toUpperCase()} ` });
    else if (kind === 'typo') queries.push({ kind, code, q: lower.length >= 4 ? typo(lower) : lower });
    else if (kind === 'with kecamatan') queries.push({ kind, code, q: `${lower} ${district.toLowerCase()}` });
    else if (kind === 'with kec/kab markers')
      queries.push({ kind, code, q: `desa ${lower} kec. ${district} ${regency.replace(/^Kabupaten /, 'kab. ')}` });
    else queries.push({ kind, q: Array.from({ length: 6 + Math.floor(rand() * 8) }, () => pick([...'bcdfghjklmnpqrstvwxyz'])).join('') });
  }
  // Other queries, so JIT compilation is not part of the figures (the bot warms up at start).
  const warmup = Array.from({ length: 200 }, (_, i) => `${pick(villages)[2]} x${i}`);
  return { queries, warmup };
}

/** The `p`th percentile of `xs` (nearest rank). */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
}

/** Cold load of the village list, then latency of every query (after the warm-up), by kind. */
export async function measureVillageSearch(n = 1000): Promise<{
  loadMs: number;
  villages: number;
  districts: number;
  heapAfterLoadMb: number;
  queries: VillageQuery[];
  times: number[];
  byKind: Map<string, number[]>;
  withHits: number;
}> {
  const t0 = performance.now();
  await warmAreas();
  const areas = loadAreas();
  const loadMs = performance.now() - t0;
  const heapAfterLoadMb = process.memoryUsage().heapUsed / 1e6;
  const { queries, warmup } = villageQueries(await readAreaRows(), n);
  for (const q of warmup) searchVillages(q);
  const times: number[] = [];
  const byKind = new Map<string, number[]>();
  let withHits = 0;
  for (const { kind, q } of queries) {
    const s = performance.now();
    const r = searchVillages(q);
    const ms = performance.now() - s;
    times.push(ms);
    if (r.total > 0) withHits++;
    byKind.set(kind, [...(byKind.get(kind) ?? []), ms]);
  }
  return { loadMs, villages: areas.stats.villages, districts: areas.stats.districts, heapAfterLoadMb, queries, times, byKind, withHits };
}

if (isMain('bench/villages.ts')) {
  const m = await measureVillageSearch();
  const f = (x: number) => `${x.toFixed(2)} ms`;
  console.log(`load: ${f(m.loadMs)} (${m.villages} villages, ${m.districts} districts)`);
  console.log(`heap after load: ${m.heapAfterLoadMb.toFixed(0)} MB`);
  console.log(`queries: ${m.times.length}, with hits: ${m.withHits}`);
  console.log(`all: p50 ${f(percentile(m.times, 50))}, p99 ${f(percentile(m.times, 99))}, max ${f(Math.max(...m.times))}`);
  for (const [kind, xs] of m.byKind)
    console.log(`  ${kind.padEnd(22)} p50 ${f(percentile(xs, 50))}, p99 ${f(percentile(xs, 99))}, max ${f(Math.max(...xs))}`);

  // Quality, outside the timing: is the village the query was made from among all matches, in the top 5, first?
  console.log('found the source village (in all matches / top 5 / first):');
  for (const kind of QUERY_KINDS.filter((k) => k !== 'unknown')) {
    const qs = m.queries.filter((q) => q.kind === kind);
    let inAll = 0;
    let inTop = 0;
    let first = 0;
    for (const { q, code } of qs) {
      const r = searchVillages(q, Number.POSITIVE_INFINITY);
      const at = r.hits.findIndex((h) => h.code === code);
      if (at >= 0) inAll++;
      if (at >= 0 && at < 5) inTop++;
      if (at === 0) first++;
    }
    console.log(`  ${kind.padEnd(22)} ${inAll}/${qs.length} / ${inTop}/${qs.length} / ${first}/${qs.length}`);
  }
}
