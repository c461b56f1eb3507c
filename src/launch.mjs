// Runs a TypeScript entry (default src/main.ts) from an esbuild bundle kept in node_modules/.cache/daftarin/build.
// Why: loading the app through the tsx loader cost ~1 s and ~40 MB of RSS on every start; a bundle built once
// (and again only when a source file changes) starts in plain Node. Plain JavaScript so that Node runs it as is.
//
//   node src/launch.mjs [entry.ts] [-- args…]     e.g. `node src/launch.mjs bench/run.ts -- --quick`
//   node src/launch.mjs --build-only [entry.ts]   builds (npm's postinstall) without running
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
/** Folders whose files go into every bundle; a change in any of them means a new build. */
const SOURCE_DIRS = ['src', 'flows', 'locales'];
const CACHE = join(ROOT, 'node_modules', '.cache', 'daftarin', 'build');
/** Builds of one entry kept side by side (a running bot may still be reading an older one). */
const KEEP_BUILDS = 3;

const SOURCE_FILE = /\.(ts|mjs|js|json|css|svg)$/;

/** Every source file under `dir`, as paths relative to ROOT. */
function filesUnder(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      // What a run writes (bench/results.json, notes) is not a source.
      else if (SOURCE_FILE.test(e.name) && e.name !== 'results.json') out.push(relative(ROOT, p));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

/** A short key of what the bundle is made from: the sources' paths, sizes and times, the lock file and this file. */
function sourceKey(entry) {
  const dirs = [...SOURCE_DIRS, dirname(entry)].filter((d, i, all) => all.indexOf(d) === i && d !== '.');
  const files = dirs.flatMap((d) => filesUnder(join(ROOT, d))).concat('package-lock.json', relative(ROOT, fileURLToPath(import.meta.url)));
  const hash = createHash('sha256');
  for (const f of files.sort()) {
    const s = statSync(join(ROOT, f), { throwIfNoEntry: false });
    hash.update(`${f}\0${s?.size ?? -1}\0${s?.mtimeMs ?? -1}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

/** Bundles `entry` into a fresh folder and moves it into place atomically; another process's equal build wins ties. */
async function build(entry, outDir) {
  const { build: esbuild } = await import('esbuild');
  const tmp = `${outDir}.tmp-${process.pid}-${Date.now()}`;
  await esbuild({
    absWorkingDir: ROOT,
    entryPoints: [entry],
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Packages stay in node_modules: native better-sqlite3, whatsapp-web.js's puppeteer and the rest load as they are.
    packages: 'external',
    sourcemap: true,
    logLevel: 'error',
  });
  // The panel serves its files from beside its module (`new URL('./static/…', import.meta.url)`).
  const assets = join(ROOT, 'src', 'panel', 'static');
  if (existsSync(assets)) cpSync(assets, join(tmp, 'static'), { recursive: true });
  try {
    renameSync(tmp, outDir);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(outDir)) throw err;
  }
}

/** Removes all but the newest KEEP_BUILDS builds of this entry (and leftovers of interrupted builds). */
function pruneOldBuilds(name) {
  const mine = readdirSync(CACHE)
    .filter((d) => d.startsWith(`${name}-`))
    .map((d) => ({ d, at: statSync(join(CACHE, d)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const { d, at } of mine.slice(KEEP_BUILDS)) {
    // A temporary folder younger than a minute may be another process's build in progress.
    if (!d.includes('.tmp-') || Date.now() - at > 60_000) rmSync(join(CACHE, d), { recursive: true, force: true });
  }
}

/** The bundle of `entry`, built now if no build of the current sources exists. */
export async function bundleFor(entry) {
  const name = relative(ROOT, join(ROOT, entry)).replace(/\.ts$/, '').replace(/[/\\]/g, '_');
  const outDir = join(CACHE, `${name}-${sourceKey(entry)}`);
  const file = join(outDir, `${basename(entry, '.ts')}.js`);
  if (!existsSync(file)) {
    mkdirSync(CACHE, { recursive: true });
    await build(entry, outDir);
    pruneOldBuilds(name);
  }
  return file;
}

async function main() {
  const args = process.argv.slice(2);
  const buildOnly = args[0] === '--build-only';
  if (buildOnly) args.shift();
  const entry = args[0] && !args[0].startsWith('-') ? args.shift() : 'src/main.ts';
  if (args[0] === '--') args.shift();
  let file;
  try {
    file = await bundleFor(entry);
  } catch (err) {
    process.stderr.write(`daftarin: could not build ${entry}: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
  if (buildOnly) return;
  // Stack traces name the TypeScript files and lines, not the bundle's.
  process.setSourceMapsEnabled(true);
  // The entry sees itself as the script that was run (its `import.meta.url === argv[1]` checks hold).
  process.argv = [process.argv[0], file, ...args];
  await import(pathToFileURL(file).href);
}

await main();
