import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePort, tempDir } from '../support/harness.ts';
import { BotProcess } from '../support/process.ts';

let tmp: ReturnType<typeof tempDir>;
let bot: BotProcess | undefined;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => {
  // A test that failed half-way leaves its bot running: never leave it behind for the next one.
  if (bot?.running) bot.kill('SIGKILL');
  bot = undefined;
  tmp.cleanup();
});

type Health = { status: number; body: { status: string; channels: Record<string, { state: string; lastError: string | null }> } };

async function getHealth(port: number): Promise<Health> {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`);
  return { status: res.status, body: (await res.json()) as Health['body'] };
}

/** Asks /healthz until `ok` accepts the answer (the process needs a moment to listen and to fail its first attempts). */
async function healthUntil(port: number, ok: (h: Health) => boolean, timeoutMs = 45_000): Promise<Health> {
  const deadline = Date.now() + timeoutMs;
  let last: Health | string = 'no answer yet';
  while (Date.now() < deadline) {
    last = await getHealth(port).catch((err: unknown) => String(err));
    if (typeof last !== 'string' && ok(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`health never matched; last: ${JSON.stringify(last)}`);
}

/** The bot as the README's systemd unit runs it (node, no npm in between), so the exit code is the bot's own. */
function start(env: Record<string, string>) {
  bot = new BotProcess({ DATABASE_PATH: `${tmp.dir}/daftarin.db`, WHATSAPP_SESSION_DIR: `${tmp.dir}/wwebjs`, ...env }, [
    process.execPath,
    '--max-old-space-size=1024',
    'src/launch.mjs',
  ]);
  return bot;
}

describe('npm start with channels that cannot connect', () => {
  it('chats in the terminal at once, reports WhatsApp and Telegram as retrying on /healthz, and stops on SIGTERM with 0', async () => {
    const healthPort = await freePort();
    const deadApi = await freePort();
    const p = start({
      CHANNELS: 'whatsapp,telegram,terminal',
      TELEGRAM_BOT_TOKEN: '123456:OFFLINE',
      TELEGRAM_API_ROOT: `http://127.0.0.1:${deadApi}`,
      // A browser that cannot start fails like a page that cannot load, without a real Chromium in the test.
      CHROMIUM_PATH: `${tmp.dir}/no-chromium`,
      HEALTH_PORT: String(healthPort),
    });
    await p.say('halo', 'Balas dengan angka menu');

    const health = await healthUntil(
      healthPort,
      (h) => h.body.channels.whatsapp?.state === 'retrying' && h.body.channels.telegram?.state === 'retrying',
    );
    expect(health.status).toBe(503);
    expect(health.body.status).toBe('degraded');
    expect(health.body.channels.terminal?.state).toBe('up');
    expect(health.body.channels.telegram?.lastError).toContain('ECONNREFUSED');
    expect(health.body.channels.telegram?.lastError).not.toContain('OFFLINE');
    // Still chatting while the others retry.
    await p.say('bantuan', '*kembali*');

    p.kill('SIGTERM');
    expect(await p.exited).toEqual({ code: 0, signal: null });
    expect(p.stderr).toContain('"msg":"stopped"');
    expect(p.stderr).not.toContain('failed to start');
  });

  it('SIGTERM in the middle of a turn exits 0 with that turn committed and answered, or not started', async () => {
    const p = start({ HEALTH_PORT: '0' });
    await p.say('halo', 'Balas dengan angka menu');
    const before = p.stdout.length;
    p.child.stdin.write('daftar\n');
    p.kill('SIGTERM');
    expect(await p.exited).toEqual({ code: 0, signal: null });

    const db = new Database(`${tmp.dir}/daftarin.db`, { readonly: true });
    const processed = (db.prepare("SELECT count(*) AS n FROM processed_messages WHERE channel = 'terminal'").get() as { n: number }).n;
    db.close();
    const answered = p.stdout.slice(before).includes('Apakah pekerja sudah setuju?');
    // Either both (committed and answered) or neither (not started): never a saved turn without its answer.
    expect({ processed, answered }).toSatisfy(
      (r: { processed: number; answered: boolean }) => (r.processed === 2 && r.answered) || (r.processed === 1 && !r.answered),
    );
  });
});
