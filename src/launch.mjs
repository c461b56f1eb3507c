// Runs a TypeScript entry (default src/main.ts) from an esbuild bundle kept in node_modules/.cache/daftarin/build.
// Why: loading the app through the tsx loader cost ~1 s and ~40 MB of RSS on every start; a bundle built once
// (and again only when a source file changes) starts in plain Node. Plain JavaScript so that Node runs it as is.
//
//   node src/launch.mjs [entry.ts] [-- args…]     e.g. `node src/launch.mjs bench/run.ts -- --quick`
//   node src/launch.mjs --build-only [entry.ts…]  builds (npm's postinstall) without running
import { createHash } from 'node:crypto';
import { accessSync, constants, cpSync, existsSync, mkdirSync, readdirSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
/** Folders whose files go into every bundle; a change in any of them means a new build. */
const SOURCE_DIRS = ['src', 'flows', 'locales'];
const cacheOf = (root) => join(root, 'node_modules', '.cache', 'daftarin', 'build');
/** Where builds go when node_modules cannot be written (a read-only image): one folder per checkout in the temp dir. */
const fallbackCacheOf = (root) => join(tmpdir(), `daftarin-build-${createHash('sha256').update(root).digest('hex').slice(0, 12)}`);

/** The first of the build folders that exists or can be made, or undefined. */
function writableCache(root) {
  for (const dir of [cacheOf(root), fallbackCacheOf(root)]) {
    try {
      mkdirSync(dir, { recursive: true });
      accessSync(dir, constants.W_OK);
      return dir;
    } catch {
      // Read-only or not a folder: try the next place.
    }
  }
  return undefined;
}
/** Builds of one entry kept side by side (a running bot may still be reading an older one). */
const KEEP_BUILDS = 3;

const SOURCE_FILE = /\.(ts|mjs|js|json|css|svg)$/;

/** Every source file under `dir`, as paths relative to `root`. */
function filesUnder(root, dir) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      // What a run writes (bench/results.json, notes) is not a source.
      else if (SOURCE_FILE.test(e.name) && e.name !== 'results.json') out.push(relative(root, p));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

/** A short key of what the bundle is made from: the sources' paths, sizes and times, the lock file and this file. */
function sourceKey(root, entry) {
  const dirs = [...SOURCE_DIRS, dirname(entry)].filter((d, i, all) => all.indexOf(d) === i && d !== '.');
  const files = dirs.flatMap((d) => filesUnder(root, join(root, d))).concat('package-lock.json');
  const hash = createHash('sha256');
  const self = statSync(fileURLToPath(import.meta.url));
  hash.update(`launch.mjs\0${self.size}\0${self.mtimeMs}\n`);
  for (const f of files.sort()) {
    const s = statSync(join(root, f), { throwIfNoEntry: false });
    hash.update(`${f}\0${s?.size ?? -1}\0${s?.mtimeMs ?? -1}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

/** Bundles `entry` into a fresh folder and moves it into place atomically; another process's equal build wins ties. */
async function build(root, entry, outDir) {
  const { build: esbuild } = await import('esbuild');
  const tmp = `${outDir}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  await esbuild({
    absWorkingDir: root,
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
  const assets = join(root, 'src', 'panel', 'static');
  if (existsSync(assets)) cpSync(assets, join(tmp, 'static'), { recursive: true });
  try {
    renameSync(tmp, outDir);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(outDir)) throw err;
  }
}

/** Removes all but the newest KEEP_BUILDS builds of this entry (and leftovers of interrupted builds). */
function pruneOldBuilds(cache, name) {
  const mine = readdirSync(cache)
    .filter((d) => d.startsWith(`${name}-`))
    .map((d) => ({ d, at: statSync(join(cache, d), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
    .sort((a, b) => b.at - a.at);
  for (const { d, at } of mine.slice(KEEP_BUILDS)) {
    // A temporary folder younger than a minute may be another process's build in progress.
    if (!d.includes('.tmp-') || Date.now() - at > 60_000) rmSync(join(cache, d), { recursive: true, force: true });
  }
}

/** The bundle of `entry` (relative to `root`), built now if no build of the current sources exists. */
export async function bundleFor(entry, root = ROOT) {
  const name = relative(root, join(root, entry)).replace(/\.ts$/, '').replace(/[/\\]/g, '_');
  const folder = `${name}-${sourceKey(root, entry)}`;
  const script = `${basename(entry, '.ts')}.js`;
  for (const cache of [cacheOf(root), fallbackCacheOf(root)]) {
    if (existsSync(join(cache, folder, script))) return join(cache, folder, script);
  }
  const cache = writableCache(root);
  if (!cache) throw new Error(`neither ${cacheOf(root)} nor ${fallbackCacheOf(root)} can be written`);
  await build(root, entry, join(cache, folder));
  pruneOldBuilds(cache, name);
  return join(cache, folder, script);
}

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--build-only') {
    for (const entry of args.length > 1 ? args.slice(1) : ['src/main.ts']) await bundleFor(entry);
    return;
  }
  const entry = args[0] && !args[0].startsWith('-') ? args.shift() : 'src/main.ts';
  if (args[0] === '--') args.shift();
  let file;
  try {
    file = await bundleFor(entry);
  } catch (err) {
    process.stderr.write(`daftarin: could not build ${entry}: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
  // Stack traces name the TypeScript files and lines, not the bundle's.
  process.setSourceMapsEnabled(true);
  // The entry sees itself as the script that was run (its `import.meta.url === argv[1]` checks hold).
  process.argv = [process.argv[0], file, ...args];
  await import(pathToFileURL(file).href);
}

// Run as a program (not imported by a test); realpath because the checkout may sit behind a symlink.
const invokedAs = process.argv[1] && existsSync(process.argv[1]) ? realpathSync(process.argv[1]) : '';
if (invokedAs === realpathSync(fileURLToPath(import.meta.url))) await main();
