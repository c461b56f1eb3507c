import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeBotApi } from '../support/fake-bot-api.ts';
import { tempDir } from '../support/harness.ts';
import { BotProcess, ROOT } from '../support/process.ts';

let tmp: ReturnType<typeof tempDir>;
const running: BotProcess[] = [];
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => {
  for (const p of running.splice(0)) if (p.running) p.kill('SIGKILL');
  tmp.cleanup();
});

function start(env: Record<string, string>) {
  const p = new BotProcess({ DATABASE_PATH: `${tmp.dir}/daftarin.db`, ...env });
  running.push(p);
  return p;
}

describe('npm start', () => {
  it('answers piped lines in the terminal and exits 0 at the end of input', () => {
    const r = spawnSync('npm', ['start', '--silent'], {
      cwd: ROOT,
      input: 'halo\nbantuan\n',
      env: { ...process.env, DATABASE_PATH: `${tmp.dir}/daftarin.db`, LOG_LEVEL: 'warn' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('selamat datang di *daftarin*');
    expect(r.stdout).toContain('*kembali* — ke pertanyaan sebelumnya');
    // Logs never reach stdout (the chat): the key-file warning went to stderr.
    expect(r.stdout).not.toContain('"level"');
    expect(r.stderr).toContain('secret.key');
  });

  it('refuses bad configuration naming each wrong variable, exit 1, no stack trace', () => {
    const r = spawnSync('npm', ['start', '--silent'], {
      cwd: ROOT,
      input: '',
      env: { ...process.env, CHANNELS: 'terminal,sms', CONVERSATION_IDLE_MINUTES: 'soon', DATABASE_PATH: `${tmp.dir}/x.db` },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('CHANNELS');
    expect(r.stderr).toContain('CONVERSATION_IDLE_MINUTES');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('continues a registration at the same question after SIGKILL mid-flow', async () => {
    const first = start({});
    await first.say('halo', 'Balas dengan angka menu');
    await first.say('daftar', 'Apakah pekerja sudah setuju?');
    await first.say('ya', 'Apa pekerjaan');
    await first.say('5', 'nama lengkap');
    await first.say('Budi Santoso', 'Berapa *NIK* Budi Santoso?');
    first.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    const second = start({});
    const answer = await second.say('3201011708850001', 'terbaca');
    expect(answer).toContain('NIK ************0001 terbaca');
    second.child.stdin.end();
    expect((await second.exited).code).toBe(0);
  });

  it('runs with CHANNELS=telegram against a Bot API server and answers a real /start', async () => {
    const api = await FakeBotApi.start();
    try {
      const bot = start({ CHANNELS: 'telegram', TELEGRAM_BOT_TOKEN: '123456:TEST', TELEGRAM_API_ROOT: api.apiRoot });
      api.pushText(6_300_000_001, '/start', { firstName: 'Asep' });
      const sent = await api.waitForMessages(6_300_000_001, 2, 30_000);
      expect(sent[0]?.text).toContain('selamat datang di *daftarin*');
      expect(sent[1]?.text).toContain('Balas dengan angka menu');
      bot.kill('SIGTERM');
      await bot.exited;
      // The bot shut down cleanly (it logs before closing channels and the database).
      await expect.poll(() => bot.stderr).toContain('"msg":"stopping"');
      expect(bot.stderr).not.toContain('"level":50');
    } finally {
      await api.close();
    }
  });
});
