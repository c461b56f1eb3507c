// The product as a user starts it: `node src/launch.mjs` (what `npm start` runs) and `npm start` itself, on a fresh
// database with the terminal channel and the panel on, from spawn to the first reply; then, in the same process,
// a registration up to its village search, and the process's RSS read from /proc (Linux) once that reply is out.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { MemoryFigures } from '../src/health/report.ts';
import { freePort } from '../test/support/harness.ts';
import { isMain } from './is-main.ts';

/** One start of the product. */
export interface StartRun {
  command: string;
  /** Spawn to the first line of the first reply on stdout. */
  firstReplyMs: number;
  /** RSS of the bot's process after its first reply, and after the village search (undefined without /proc). */
  rssAfterFirstReplyMb?: number;
  rssAfterSearchMb?: number;
  /** The process's peak RSS so far (VmHWM) after the village search. */
  peakRssMb?: number;
  /** The bot's own reading on /healthz right after the village search: V8 heap and memory outside it. */
  memory?: MemoryFigures;
}

/** What the start measurement reports: each run and the medians. */
export interface StartResult {
  runs: StartRun[];
  medianFirstReplyMs: { launcher: number; npmStart: number };
  medianRssAfterSearchMb: number;
  peakRssMb: number;
}

/** The repository root: the nearest folder upwards with a package.json and a bench folder (also from a bundle). */
export function repoRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'bench'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no repository root above ${from}`);
  }
}

/**
 * The Node flags `npm start` gives the bot (package.json's start script, between `node` and `src/launch.mjs`), so
 * every bench run measures the runtime the bot really has.
 */
export function startNodeFlags(): string[] {
  const start = (JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const m = /^node\s+(.*?)\s*src\/launch\.mjs/.exec(start);
  if (!m) throw new Error(`package.json's start script does not run src/launch.mjs with node: ${start}`);
  return m[1] ? m[1].split(/\s+/) : [];
}

/** The lines a user types from `halo` to the village search of a registration (the last one searches). */
const TO_VILLAGE_SEARCH = ['halo', 'daftar', 'ya', '5', 'budi santoso', '3201011708850002', 'ya', '081200000001', '1', 'sukamaju cibeber'];
/** Printed with the village search's answer. */
const SEARCH_ANSWERED = 'Kec. Cibeber';

/** VmRSS and VmHWM of a process in MB, from /proc; undefined where /proc is missing. */
function procMemory(pid: number | undefined): { rss: number; hwm: number } | undefined {
  if (pid === undefined || !existsSync(`/proc/${pid}/status`)) return undefined;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rss: (kb('VmRSS') * 1024) / 1e6, hwm: (kb('VmHWM') * 1024) / 1e6 };
}

/** Resolves once stdout has printed `text` (after `from`), or rejects after `timeoutMs`. */
function waitFor(out: { text: string }, text: string, from: number, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const check = () => {
      if (out.text.indexOf(text, from) >= 0) resolve();
      else if (performance.now() > deadline) reject(new Error(`no "${text}" on stdout within ${timeoutMs} ms: ${out.text.slice(-400)}`));
      else setTimeout(check, 5);
    };
    check();
  });
}

/** The bot's own node process: the child itself, or for `npm start` the node process npm started (via /proc). */
function botPid(child: ChildProcessWithoutNullStreams, viaNpm: boolean): number | undefined {
  if (!viaNpm) return child.pid;
  const seen = new Set<number>();
  const walk = (pid: number): number | undefined => {
    if (seen.has(pid)) return undefined;
    seen.add(pid);
    const argv = existsSync(`/proc/${pid}/cmdline`) ? readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0') : [];
    // npm runs the script through a shell, whose command line names launch.mjs too.
    if (basename(argv[0] ?? '') === 'node' && argv.some((a) => a.endsWith('launch.mjs'))) return pid;
    const kids = existsSync(`/proc/${pid}/task/${pid}/children`)
      ? readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
      : [];
    for (const k of kids) {
      const found = walk(k);
      if (found) return found;
    }
    return undefined;
  };
  return child.pid === undefined ? undefined : walk(child.pid);
}

/** One start: spawn, time the first reply, walk to the village search, read memory, end input, await exit. */
async function startOnce(viaNpm: boolean): Promise<StartRun> {
  const root = repoRoot();
  const dir = mkdtempSync(join(tmpdir(), 'daftarin-start-'));
  const env = {
    ...process.env,
    DATABASE_PATH: join(dir, 'daftarin.db'),
    CHANNELS: 'terminal',
    LOG_LEVEL: 'warn',
    PANEL_PORT: String(await freePort()),
    HEALTH_PORT: String(await freePort()),
    NODE_OPTIONS: '',
  };
  const [cmd, args] = viaNpm ? ['npm', ['start', '--silent']] : [process.execPath, [...startNodeFlags(), join(root, 'src', 'launch.mjs')]];
  const t0 = performance.now();
  const child = spawn(cmd as string, args as string[], { cwd: root, env, stdio: 'pipe' });
  try {
    const out = { text: '' };
    let firstAt = 0;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (!firstAt) firstAt = performance.now();
      out.text += chunk;
    });
    child.stdin.write(`${TO_VILLAGE_SEARCH[0]}\n`);
    await waitFor(out, '\n', 0, 30_000);
    const firstReplyMs = firstAt - t0;
    // Let the rest of the greeting print before reading memory.
    await new Promise((r) => setTimeout(r, 200));
    const pid = botPid(child, viaNpm);
    const afterFirst = procMemory(pid);
    const from = out.text.length;
    child.stdin.write(`${TO_VILLAGE_SEARCH.slice(1).join('\n')}\n`);
    await waitFor(out, SEARCH_ANSWERED, from, 30_000);
    await new Promise((r) => setTimeout(r, 200));
    const afterSearch = procMemory(pid);
    const health = (await (await fetch(`http://127.0.0.1:${env.HEALTH_PORT}/healthz`)).json()) as { memory?: MemoryFigures };
    child.stdin.end();
    await new Promise<void>((resolve) => child.once('exit', () => resolve()));
    return {
      command: viaNpm ? 'npm start' : 'node src/launch.mjs',
      firstReplyMs,
      rssAfterFirstReplyMb: afterFirst?.rss,
      rssAfterSearchMb: afterSearch?.rss,
      peakRssMb: afterSearch?.hwm,
      memory: health.memory,
    };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? Number.NaN;
};

/** `runs` starts through the launcher and `runs` through `npm start`, alternating, after one unmeasured start (builds if needed). */
export async function measureStart(runs = 3): Promise<StartResult> {
  await startOnce(false);
  const all: StartRun[] = [];
  for (let i = 0; i < runs; i++) {
    all.push(await startOnce(false));
    all.push(await startOnce(true));
  }
  const launcher = all.filter((r) => r.command !== 'npm start');
  return {
    runs: all,
    medianFirstReplyMs: {
      launcher: median(launcher.map((r) => r.firstReplyMs)),
      npmStart: median(all.filter((r) => r.command === 'npm start').map((r) => r.firstReplyMs)),
    },
    medianRssAfterSearchMb: median(all.map((r) => r.rssAfterSearchMb ?? Number.NaN)),
    peakRssMb: Math.max(...all.map((r) => r.peakRssMb ?? 0)),
  };
}

if (isMain('bench/start.ts')) {
  const r = await measureStart(Number(process.argv[2] ?? 3));
  for (const x of r.runs)
    console.log(
      `${x.command.padEnd(20)} first reply ${x.firstReplyMs.toFixed(0)} ms, RSS ${x.rssAfterFirstReplyMb?.toFixed(1)} MB after it, ` +
        `${x.rssAfterSearchMb?.toFixed(1)} MB after the village search (peak ${x.peakRssMb?.toFixed(1)} MB; ` +
        `V8 heap ${x.memory?.heapUsedMb} of ${x.memory?.heapTotalMb} MB, outside it ${x.memory?.externalMb} MB)`,
    );
}
