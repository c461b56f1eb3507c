// Summarises a `node --cpu-prof` profile: self time by function and by package/folder, top first.
// Run: npx tsx bench/profile-summary.ts <file.cpuprofile> [top]
import { readFileSync } from 'node:fs';
import { isMain } from './is-main.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

/** Where a frame's code lives: a package name, a folder of this repository, or a V8/Node category. */
function area(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] as string;
  const own = /\/work\/main\/([^/]+(?:\/[^/]+)?)\//.exec(url);
  if (own) return own[1] as string;
  return url.startsWith('node:') ? 'node internals' : url;
}

/** Self-time shares (0–1) by function and by area, largest first. */
export function summarise(path: string): { byFunction: [string, number][]; byArea: [string, number][] } {
  const p = JSON.parse(readFileSync(path, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const fns = new Map<string, number>();
  const areas = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    const f = byId.get(id)?.callFrame;
    if (!f) return;
    total += dt;
    const short = f.url.replace(/^.*\/(node_modules\/|work\/main\/)/, '');
    const key = `${f.functionName || '(anonymous)'} ${short}:${f.lineNumber + 1}`;
    fns.set(key, (fns.get(key) ?? 0) + dt);
    const a = area(f.url, f.functionName);
    areas.set(a, (areas.get(a) ?? 0) + dt);
  });
  const top = (m: Map<string, number>) => [...m].map(([k, v]): [string, number] => [k, v / total]).sort((a, b) => b[1] - a[1]);
  return { byFunction: top(fns), byArea: top(areas) };
}

if (isMain('bench/profile-summary.ts')) {
  const n = Number(process.argv[3] ?? 15);
  const { byFunction, byArea } = summarise(process.argv[2] as string);
  const pct = (x: number) => `${(x * 100).toFixed(1).padStart(5)}%`;
  console.log('by area:');
  for (const [k, v] of byArea.slice(0, n)) console.log(`  ${pct(v)}  ${k}`);
  console.log('by function (self time):');
  for (const [k, v] of byFunction.slice(0, n)) console.log(`  ${pct(v)}  ${k}`);
}
