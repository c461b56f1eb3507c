import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript (Node runs it without a loader), no type declarations
import { bundleFor } from '../../src/launch.mjs';
import { tempDir } from '../support/harness.ts';

/** A tiny project shaped like daftarin: src/ with a TypeScript entry that imports a locale file. */
function project(dir: string, greeting: string): void {
  mkdirSync(join(dir, 'src'), { recursive: true });
  mkdirSync(join(dir, 'locales'), { recursive: true });
  writeFileSync(join(dir, 'locales', 'id.json'), JSON.stringify({ greeting }));
  writeFileSync(
    join(dir, 'src', 'main.ts'),
    "import id from '../locales/id.json' with { type: 'json' };\nconst who: string = process.argv[2] ?? 'Kak';\nconsole.log(id.greeting + ' ' + who);\n",
  );
  // esbuild resolves nothing from node_modules here; the folder holds the build cache as in the real checkout.
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
}

const run = (file: string, ...args: string[]) => execFileSync(process.execPath, [file, ...args], { encoding: 'utf8' }).trim();

describe('src/launch.mjs: the start from a cached bundle', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir('daftarin-launch-');
    project(tmp.dir, 'Halo');
  });
  afterEach(() => tmp.cleanup());

  it('builds once, then reuses the bundle while no source changes', async () => {
    const first = (await bundleFor('src/main.ts', tmp.dir)) as string;
    expect(run(first, 'Budi')).toBe('Halo Budi');
    const builtAt = statSync(first).mtimeMs;
    const again = (await bundleFor('src/main.ts', tmp.dir)) as string;
    expect(again).toBe(first);
    expect(statSync(again).mtimeMs).toBe(builtAt);
  });

  it('rebuilds when a source or locale file changes, and keeps at most three builds', async () => {
    const files = new Set<string>();
    for (const [i, word] of ['Halo', 'Hai', 'Selamat pagi', 'Salam', 'Apa kabar'].entries()) {
      writeFileSync(join(tmp.dir, 'locales', 'id.json'), JSON.stringify({ greeting: word }));
      // Two writes within one clock tick would look unchanged by time alone; the size differs anyway, but be explicit.
      utimesSync(join(tmp.dir, 'locales', 'id.json'), 1_000 + i, 1_000 + i);
      const file = (await bundleFor('src/main.ts', tmp.dir)) as string;
      expect(run(file)).toBe(`${word} Kak`);
      files.add(file);
    }
    expect(files.size).toBe(5);
    const builds = readdirSync(join(tmp.dir, 'node_modules', '.cache', 'daftarin', 'build'));
    expect(builds.filter((d) => d.startsWith('src_main-'))).toHaveLength(3);
  });

  it('lets concurrent starts build at once: one build lands, every caller gets a working bundle', async () => {
    const files = (await Promise.all([1, 2, 3, 4].map(() => bundleFor('src/main.ts', tmp.dir)))) as string[];
    expect(new Set(files).size).toBe(1);
    expect(run(files[0] as string)).toBe('Halo Kak');
    const left = readdirSync(join(tmp.dir, 'node_modules', '.cache', 'daftarin', 'build'));
    expect(left.filter((d) => d.includes('.tmp-'))).toEqual([]);
  });

  it('builds in the temp folder when node_modules cannot hold the cache (a read-only image)', async () => {
    // Running as root ignores file modes, so the cache's place is made unusable another way: a file where the folder goes.
    writeFileSync(join(tmp.dir, 'node_modules', '.cache'), 'not a folder');
    const file = (await bundleFor('src/main.ts', tmp.dir)) as string;
    expect(file.startsWith(join(tmpdir(), 'daftarin-build-'))).toBe(true);
    expect(run(file, 'Budi')).toBe('Halo Budi');
    expect(await bundleFor('src/main.ts', tmp.dir)).toBe(file);
    rmSync(dirname(dirname(file)), { recursive: true, force: true });
  });

  it('names the TypeScript file and line in a stack trace when run as npm start runs it', async () => {
    writeFileSync(join(tmp.dir, 'src', 'main.ts'), "\n\nfunction fail(): never {\n  throw new Error('boom');\n}\nfail();\n");
    // The launcher finds its project from its own place, so a copy of it goes into the small project, with esbuild.
    const launcher = join(tmp.dir, 'src', 'launch.mjs');
    copyFileSync(join(import.meta.dirname, '..', '..', 'src', 'launch.mjs'), launcher);
    symlinkSync(join(import.meta.dirname, '..', '..', 'node_modules', 'esbuild'), join(tmp.dir, 'node_modules', 'esbuild'));
    let stderr = '';
    try {
      execFileSync(process.execPath, [launcher], { encoding: 'utf8', stdio: 'pipe' });
    } catch (err) {
      stderr = String((err as { stderr?: string }).stderr);
    }
    expect(stderr).toContain('boom');
    expect(stderr).toMatch(/src\/main\.ts:4/);
  });
});
