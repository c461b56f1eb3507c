import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApp } from '../support/app.ts';
import { tempDir } from '../support/harness.ts';
import { insertReferral } from './chat-rows.ts';

const NIK = '3201011708850001';

let tmp: ReturnType<typeof tempDir>;
let h: ReturnType<typeof startApp>;
beforeEach(() => {
  tmp = tempDir();
  h = startApp(tmp.dir);
});
afterEach(async () => {
  await h.close();
  tmp.cleanup();
});

/** Starts a registration in `chatId` and types the NIK; returns the reply to the NIK. */
async function typeNik(chatId: string, nik = NIK) {
  for (const line of ['halo', 'daftar', '1', '5', 'Budi Santoso']) await h.channel.say(line, { chatId });
  return (await h.channel.say(nik, { chatId })).join('\n');
}

describe("typing someone's NIK reveals nothing about it", () => {
  it('anyone else gets a neutral reply: no status, no code, no "already registered", and it is not registered twice', async () => {
    const code = insertReferral(h.db, h.vault, { referrer: 'test:owner', nik: NIK });
    const reply = await typeNik('stranger');
    expect(reply).toContain('NIK ini tidak bisa didaftarkan lewat daftarin');
    expect(reply).not.toContain(code);
    expect(reply).not.toMatch(/diajukan|terdaftar|sudah pernah/i);
    // The same neutral reply a second time; the registration stays at the NIK question.
    expect((await h.channel.say(NIK, { chatId: 'stranger' })).join('\n')).toBe(reply);
    expect(h.db.prepare('SELECT count(*) AS n FROM referrals').get()).toEqual({ n: 1 });
  });

  it('the referrer who registered it sees their own code and status', async () => {
    const code = insertReferral(h.db, h.vault, { referrer: 'test:owner', nik: NIK });
    const reply = await typeNik('owner');
    expect(reply).toContain(`Kakak sudah pernah mendaftarkan NIK ini: kode *${code}*, status: diajukan`);
  });
});
