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
  if (bot?.running) bot.kill('SIGKILL');
  tmp.cleanup();
});

describe('npm start with the panel', () => {
  it('prints where the panel is; "panel" in the terminal chat gives a link that logs in', async () => {
    const port = await freePort();
    bot = new BotProcess({ DATABASE_PATH: `${tmp.dir}/daftarin.db`, PANEL_PORT: String(port), LOG_LEVEL: 'warn' });
    const [, url] = await bot.stderrMatch(/daftarin panel: (http:\/\/127\.0\.0\.1:\d+) \(log in: type "panel" in the chat/);
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
