import { runAdmin } from '../../src/admin/cli.ts';
import { TEST_DATA_KEY } from './app.ts';

/** Runs `npm run admin -- …` in-process on a database file; returns its exit code and what it printed. */
export function runAdminOn(databasePath: string, argv: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const status = runAdmin(argv, {
    out: (s) => out.push(s),
    err: (s) => err.push(s),
    env: { DATABASE_PATH: databasePath, DATA_KEY: TEST_DATA_KEY, ...env },
  });
  return { status, out: out.join('\n'), err: err.join('\n') };
}
