// A real `npm start` process with its panel (a process test: it runs in the slow project with the browser tests).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePort, tempDir } from '../support/harness.ts';
import { BotProcess } from '../support/process.ts';

let tmp: ReturnType<typeof tempDir>;
let bot: BotProcess | undefined;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => {
  if (bot && bot.child.exitCode === null && bot.child.signalCode === null) bot.kill('SIGKILL');
  tmp.cleanup();
});

async function stderrLine(p: BotProcess, pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = pattern.exec(p.stderr);
    if (m) return m;
    if (Date.now() > deadline) throw new Error(`no ${pattern} on stderr:\n${p.stderr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('npm start with the panel', () => {
  it('prints where the panel is; "panel" in the terminal chat gives a link that logs in', async () => {
    const port = await freePort();
    bot = new BotProcess({ DATABASE_PATH: `${tmp.dir}/daftarin.db`, PANEL_PORT: String(port), LOG_LEVEL: 'warn' });
    const [, url] = await stderrLine(bot, /daftarin panel: (http:\/\/127\.0\.0\.1:\d+) \(log in: type "panel" in the chat/);
    expect(url).toBe(`http://127.0.0.1:${port}`);
    await bot.say('halo', 'selamat datang');
    const reply = await bot.say('panel', '/login?t=');
    const link = /(http:\/\/\S+\/login\?t=[\w-]+)/.exec(reply)?.[1] ?? '';
    expect(link.startsWith(`${url}/login?t=`)).toBe(true);
    expect((await fetch(link)).status).toBe(200);
    const login = await fetch(`${url}/login`, {
      method: 'POST',
      body: new URLSearchParams({ t: new URL(link).searchParams.get('t') ?? '' }),
      redirect: 'manual',
    });
    expect(login.status).toBe(303);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const home = await fetch(`${url}/`, { headers: { cookie } });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('<h1>Beranda</h1>');
    bot.child.stdin.end();
    expect(await bot.exited).toEqual({ code: 0, signal: null });
  }, 60_000);
});
