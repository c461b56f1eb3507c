import { describe, expect, it } from 'vitest';
import { appPerTest } from './chat-app.ts';
import { insertReferral } from './chat-rows.ts';

const NIK = '3201011708850001';

const app = appPerTest();

/** Starts a registration in `chatId` and types the NIK; returns the reply to the NIK. */
async function typeNik(chatId: string, nik = NIK) {
  for (const line of ['halo', 'daftar', '1', '5', 'Budi Santoso']) await app().channel.say(line, { chatId });
  return (await app().channel.say(nik, { chatId })).join('\n');
}

describe("typing someone's NIK reveals nothing about it", () => {
  it('anyone else gets a neutral reply: no status, no code, no "already registered", and it is not registered twice', async () => {
    const code = insertReferral(app().db, app().vault, { referrer: 'test:owner', nik: NIK });
    const reply = await typeNik('stranger');
    expect(reply).toContain('NIK ini tidak bisa didaftarkan lewat daftarin');
    expect(reply).not.toContain(code);
    expect(reply).not.toMatch(/diajukan|terdaftar|sudah pernah/i);
    // The same neutral reply a second time; the registration stays at the NIK question.
    expect((await app().channel.say(NIK, { chatId: 'stranger' })).join('\n')).toBe(reply);
    expect(app().db.prepare('SELECT count(*) AS n FROM referrals').get()).toEqual({ n: 1 });
  });

  it('the referrer who registered it sees their own code and status', async () => {
    const code = insertReferral(app().db, app().vault, { referrer: 'test:owner', nik: NIK });
    const reply = await typeNik('owner');
    expect(reply).toContain(`Kakak sudah pernah mendaftarkan NIK ini: kode *${code}*, status: diajukan`);
  });
});
