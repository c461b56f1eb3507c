import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BotDeps, createBot } from '../../src/bot.ts';
import { silentLogger } from '../../src/log.ts';
import { openDatabase } from '../../src/store/db.ts';
import { FakeChannel } from './fake-channel.ts';

/** A temp folder removed by `cleanup()`. */
export function tempDir(prefix = 'daftarin-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A settable clock for idle/expiry rules: no sleeping in tests. */
export class TestClock {
  constructor(public ms = Date.parse('2026-11-23T03:00:00Z')) {}
  now = () => this.ms;
  advanceMinutes(m: number) {
    this.ms += m * 60_000;
  }
}

/** Opens a bot on a database file with a fake channel; `reopen()` simulates a restart on the same file. */
export function startBot(path: string, overrides: Partial<BotDeps> & Pick<BotDeps, 'flows' | 'menu'>, clock = new TestClock()) {
  const db = openDatabase(path);
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
