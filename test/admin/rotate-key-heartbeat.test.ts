import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runAdmin } from '../../src/admin/cli.ts';
import { openDatabase } from '../../src/store/db.ts';
import { HEARTBEAT_INTERVAL_MS, readHeartbeat, startHeartbeat } from '../../src/store/heartbeat.ts';
import { metaStore } from '../../src/store/meta.ts';
import { startApp } from '../support/app.ts';
import { TestClock, tempDir } from '../support/harness.ts';

/** `rotate-key` refuses while a bot runs on the database: a running bot keeps sealing NIKs with the old key. */
let tmp: ReturnType<typeof tempDir>;
let dbPath: string;
let keyFile: string;

/** `npm run admin -- …` in-process, with the key file beside the database. */
function admin(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const status = runAdmin(argv, { out: (s) => out.push(s), err: (s) => err.push(s), env: { DATABASE_PATH: dbPath } });
  return { status, out: out.join('\n'), err: err.join('\n') };
}

/** Puts a heartbeat `ageMs` old into the database, as a bot on another host (or one that crashed) left it. */
function leaveHeartbeat(ageMs: number, pid = 4242): void {
  const db = openDatabase(dbPath);
  metaStore(db).set('heartbeat', JSON.stringify({ pid, host: 'bot-host', at: Date.now() - ageMs }));
  db.close();
}

const REFUSAL =
  /^daftarin admin: The bot is running on this database \(pid \d+ on .+, heartbeat \d+ s ago\): stop it first, or use --force if it crashed\.$/;

beforeEach(() => {
  tmp = tempDir();
  dbPath = join(tmp.dir, 'daftarin.db');
  keyFile = join(tmp.dir, 'secret.key');
  // Creates the database and its key file.
  expect(admin(['audit']).status).toBe(0);
});
afterEach(() => {
  vi.useRealTimers();
  tmp.cleanup();
});

describe('rotate-key and the running bot', () => {
  it('is refused while the app runs, names its pid and host, and changes nothing; allowed after a clean stop', async () => {
    const h = startApp(tmp.dir, { clock: new TestClock(Date.now()) });
    h.app.startBackground();
    const keyBefore = readFileSync(keyFile, 'utf8');
    const refused = admin(['rotate-key']);
    expect(refused.status).toBe(1);
    expect(refused.err).toMatch(REFUSAL);
    expect(refused.err).toContain(`(pid ${process.pid} on ${hostname()}, heartbeat `);
    expect(readFileSync(keyFile, 'utf8')).toBe(keyBefore);
    expect(existsSync(`${keyFile}.new`)).toBe(false);

    await h.close();
    const allowed = admin(['rotate-key']);
    expect(allowed.status, allowed.err).toBe(0);
    expect(readFileSync(keyFile, 'utf8')).not.toBe(keyBefore);
  });

  it('goes ahead with --force despite a fresh heartbeat (a crash just now)', () => {
    leaveHeartbeat(5_000);
    const keyBefore = readFileSync(keyFile, 'utf8');
    expect(admin(['rotate-key']).err).toBe(
      'daftarin admin: The bot is running on this database (pid 4242 on bot-host, heartbeat 5 s ago): stop it first, or use --force if it crashed.',
    );
    const forced = admin(['rotate-key', '--force']);
    expect(forced.status, forced.err).toBe(0);
    expect(readFileSync(keyFile, 'utf8')).not.toBe(keyBefore);
  });

  it('treats a heartbeat older than 90 s as a bot that is gone', () => {
    leaveHeartbeat(80_000);
    expect(admin(['rotate-key']).status).toBe(1);
    leaveHeartbeat(95_000);
    const r = admin(['rotate-key']);
    expect(r.status, r.err).toBe(0);
  });
});

describe('the heartbeat', () => {
  it('is written when the background work starts, refreshed every 30 s, and removed by a clean stop', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const clock = new TestClock();
    const h = startApp(tmp.dir, { clock });
    expect(readHeartbeat(h.db)).toBeUndefined();
    h.app.startBackground();
    expect(readHeartbeat(h.db)).toEqual({ pid: process.pid, host: hostname(), at: clock.ms });
    const started = clock.ms;
    clock.ms += HEARTBEAT_INTERVAL_MS;
    vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS);
    expect(readHeartbeat(h.db)?.at).toBe(started + HEARTBEAT_INTERVAL_MS);
    await h.app.stop();
    expect(readHeartbeat(h.db)).toBeUndefined();
    h.db.close();
  });

  it("a stop leaves another process's heartbeat in place (only its own is removed)", () => {
    const db = openDatabase(dbPath);
    const beat = startHeartbeat(db, () => 1_000);
    const other = JSON.stringify({ pid: 7, host: 'other', at: 2_000 });
    metaStore(db).set('heartbeat', other);
    beat.stop();
    expect(metaStore(db).get('heartbeat')).toBe(other);
    db.close();
  });
});
