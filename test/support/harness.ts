import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BotDeps, createBot } from '../../src/engine/bot.ts';
import { silentLogger } from '../../src/log.ts';
import { type Db, openDatabase } from '../../src/store/db.ts';
import { FakeChannel } from './fake-channel.ts';

/** A temp folder removed by `cleanup()`. */
export function tempDir(prefix = 'daftarin-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A loopback port nobody listens on right now (taken from the OS, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A settable clock for idle/expiry rules: no sleeping in tests. */
export class TestClock {
  constructor(public ms = Date.parse('2026-11-23T03:00:00Z')) {}
  now = () => this.ms;
  advanceMinutes(m: number) {
    this.ms += m * 60_000;
  }
}

/** The flows and menu a test bot runs, built once its database is open (flows write to it). */
type BotSetup = (db: Db) => Partial<BotDeps> & Pick<BotDeps, 'flows' | 'menu'>;

/** Opens a bot on a database file with a fake channel; opening the same file again simulates a restart. */
export function startBot(path: string, setup: BotSetup, clock = new TestClock()) {
  const db = openDatabase(path);
  const overrides = setup(db);
  const bot = createBot({
    db,
    logger: silentLogger,
    clock: clock.now,
    today: (ms) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10),
    defaultLocale: 'id',
    idleMinutes: 30,
    expiryDays: 7,
    ...overrides,
  });
  const channel = new FakeChannel();
  void channel.start((m) => bot.handle(channel, m));
  return { db, bot, channel, clock, close: () => db.close() };
}
