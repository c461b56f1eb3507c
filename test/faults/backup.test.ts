import { statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAdminOn } from '../support/admin.ts';
import { startApp } from '../support/app.ts';
import { tempDir } from '../support/harness.ts';
import { NIK_FEMALE, registrationAnswers } from './scripts.ts';

let tmp: ReturnType<typeof tempDir>;
let h: ReturnType<typeof startApp>;
const toClose: ReturnType<typeof startApp>[] = [];
beforeEach(() => {
  tmp = tempDir();
  h = startApp(tmp.dir);
  toClose.push(h);
});
afterEach(async () => {
  for (const a of toClose.splice(0)) await a.close();
  tmp.cleanup();
});

function admin(...argv: string[]) {
  return runAdminOn(h.config.DATABASE_PATH, argv);
}

// Another process writing as fast as it can, each row its own transaction, until told to stop.
const WRITER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
const insert = db.prepare("INSERT INTO audit (at, actor, action, detail) VALUES (0, 'writer', 'write', ?)");
const stop = new Int32Array(workerData.stop);
let n = 0;
while (Atomics.load(stop, 0) === 0) {
  insert.run(String(n++));
  if (n === 50) parentPort.postMessage('started');
}
db.close();
parentPort.postMessage(n);
`;

async function startWriter(path: string) {
  const stop = new SharedArrayBuffer(4);
  const worker = new Worker(WRITER, {
    eval: true,
    workerData: { path, stop, driver: createRequire(import.meta.url).resolve('better-sqlite3') },
  });
  const messages: unknown[] = [];
  let notify = () => {};
  worker.on('message', (m) => {
    messages.push(m);
    notify();
  });
  const next = () =>
    new Promise<unknown>((resolve) => {
      if (messages.length) resolve(messages.shift());
      else notify = () => resolve(messages.shift());
    });
  expect(await next()).toBe('started');
  return {
    async stop(): Promise<number> {
      Atomics.store(new Int32Array(stop), 0, 1);
      const written = (await next()) as number;
      await worker.terminate();
      return written;
    },
  };
}

describe('npm run admin -- backup FILE', () => {
  it('copies the live database at one point in time while it is written, and the bot runs on the copy', async () => {
    const done = await h.script('halo', ...registrationAnswers(), '1');
    const code = /DFT-\w{5}/.exec(done[0] ?? '')?.[0] as string;
    for (const l of ['halo', ...registrationAnswers().slice(0, 4)]) await h.channel.say(l, { chatId: 'u2' });

    const writer = await startWriter(h.config.DATABASE_PATH);
    const file = join(tmp.dir, 'restore', 'daftarin.db');
    const r = admin('backup', file);
    const written = await writer.stop();
    expect(r).toMatchObject({ status: 0, out: expect.stringContaining(`Backup written to ${file}`) });

    const copy = new Database(file, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    // The writer's rows in the copy are exactly its first n: one consistent moment, nothing torn.
    const rows = (copy.prepare("SELECT detail FROM audit WHERE actor = 'writer' ORDER BY id").all() as { detail: string }[]).map((x) =>
      Number(x.detail),
    );
    expect(rows.length).toBeGreaterThanOrEqual(50);
    expect(rows.length).toBeLessThanOrEqual(written);
    expect(rows).toEqual(Array.from({ length: rows.length }, (_, i) => i));
    copy.close();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(h.db.prepare("SELECT actor, detail FROM audit WHERE action = 'backup'").all()).toEqual([
      { actor: expect.stringMatching(/^cli:/), detail: expect.stringMatching(new RegExp(`^file=${file} bytes=\\d+$`)) },
    ]);

    // Restore: the bot started on the copy knows the referral and continues the open registration.
    const restored = startApp(join(tmp.dir, 'restore'));
    toClose.push(restored);
    const status = await restored.channel.say('status');
    expect(status[0]).toContain(code);
    expect(status[0]).toContain('Budi Santoso');
    expect((await restored.channel.say(NIK_FEMALE, { chatId: 'u2' }))[0]).toContain('NIK ************0002 terbaca');
  });

  it('never overwrites a file and explains its usage', () => {
    const file = join(tmp.dir, 'existing.db');
    writeFileSync(file, 'precious');
    expect(admin('backup', file)).toMatchObject({ status: 1, err: expect.stringContaining('already exists') });
    expect(admin('backup')).toMatchObject({ status: 1, err: expect.stringContaining('Usage: backup FILE') });
    expect(admin('help').err).toContain('backup FILE');
    expect(h.db.prepare("SELECT count(*) AS n FROM audit WHERE action = 'backup'").get()).toEqual({ n: 0 });
  });
});
