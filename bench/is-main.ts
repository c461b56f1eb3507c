// Whether a bench script was run as the program, both under tsx (`npx tsx bench/panel.ts`) and from a bundle of
// src/launch.mjs (`npm run bench`). Why not `import.meta.url === argv[1]`: inside a bundle every module shares the
// bundle's URL, so every script's main would run.
import { basename } from 'node:path';

/** True when `modulePath` (repository-relative, e.g. 'bench/panel.ts') is the script this process runs. */
export function isMain(modulePath: string): boolean {
  const program = (process.argv[1] ?? '').replace(/\\/g, '/');
  if (program.endsWith(`/${modulePath}`)) return true;
  // src/launch.mjs puts the bundle of 'bench/panel.ts' in '…/bench_panel-<key>/panel.js'.
  const bundle = `/${modulePath.replace(/\.ts$/, '').replace(/\//g, '_')}-`;
  return program.includes(bundle) && program.endsWith(`/${basename(modulePath, '.ts')}.js`);
}
