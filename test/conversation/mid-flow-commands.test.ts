import { afterEach, describe, expect, it } from 'vitest';
import { t } from '../../src/i18n.ts';
import { startApp } from '../support/app.ts';
import { TestClock, tempDir } from '../support/harness.ts';

// Transcript tests: a chat command or a village officer's role typed while a flow is open does what it says,
// and the open flow waits, paused with what was already entered.

let tmp: ReturnType<typeof tempDir>;
let h: ReturnType<typeof startApp>;

function app() {
  tmp = tempDir();
  h = startApp(tmp.dir, { clock: new TestClock(Date.parse('2026-11-23T03:00:00Z')) });
  return h;
}
afterEach(async () => {
  await h.close();
  tmp.cleanup();
});

const say = (text: string) => h.channel.say(text);
const all = (r: string[]) => r.join('\n');
const id = (key: Parameters<typeof t>[1], params?: Parameters<typeof t>[2]) => t('id', key, params);
const CONSENT = 'Apakah pekerja sudah setuju?';
const ASK_NIK = 'Berapa *NIK*';
const REFUSE_YES_NO = 'Mohon balas *1* (ya) atau *2* (tidak)';
const RESUME_ENTRY = id('menu.resume_entry', { flow: { key: 'reg.title' } });

describe('1. a menu command typed at a question runs, and the question is asked again', () => {
  it('"berhenti pengingat" at the consent question stops reminders, then asks for consent again', async () => {
    app();
    await h.script('halo', 'daftar');
    const r = all(await say('berhenti pengingat'));
    expect(r).toContain(id('reminders.stopped'));
    expect(r).not.toContain(REFUSE_YES_NO);
    expect(r.indexOf(CONSENT)).toBeGreaterThan(r.indexOf(id('reminders.stopped')));
    // The flow is where it was: "ya" answers the consent question.
    expect(all(await say('ya'))).toContain(id('reg.ask.occupation_other'));
  });

  it('"status" at the NIK question shows the status, keeps the name already typed, and asks the NIK again', async () => {
    app();
    await h.script('halo', 'daftar', 'ya', '3', 'Budi Santoso');
    const r = await say('status');
    expect(r[0]).toContain(id('status.none'));
    expect(all(r)).toContain(id('flow.aside_back'));
    expect(r.at(-1)).toContain(ASK_NIK);
    // Answers entered before the command are still there: the NIK goes on to the next question.
    expect(all(await say('3201011708850001'))).not.toContain(ASK_NIK);
  });

  it('"status" at the name question (which takes any words) is the command, not a worker called "Status"', async () => {
    app();
    await h.script('halo', 'daftar', 'ya', '3');
    const r = all(await say('status'));
    expect(r).toContain(id('status.none'));
    expect(r).toContain('*nama lengkap* pekerja');
    expect(all(await say('Budi Santoso'))).toContain(id('reg.ask.nik_other', { name: 'Budi Santoso' }));
  });

  it('"berhenti pengingat" at the occupation question (which also takes a described job) is the command, not a job', async () => {
    app();
    await h.script('halo', 'daftar', 'ya');
    const r = all(await say('berhenti pengingat'));
    expect(r).toContain(id('reminders.stopped'));
    expect(r).not.toContain('*nama lengkap* pekerja');
    expect(r.indexOf(id('reg.ask.occupation_other'))).toBeGreaterThan(r.indexOf(id('reminders.stopped')));
    // A described job is still an answer there.
    expect(all(await say('jualan bakso keliling'))).toContain('*nama lengkap* pekerja');
  });

  it('the English words work too ("stop reminders")', async () => {
    app();
    await h.script('halo', 'language', 'daftar');
    const r = all(await say('stop reminders'));
    expect(r).toContain(t('en', 'reminders.stopped'));
    expect(r).toContain('Has the worker agreed?');
  });

  it('a command that opens another flow pauses the open one, which the menu offers to continue', async () => {
    app();
    await h.script('halo', 'daftar', 'ya', '3', 'Budi Santoso');
    expect(all(await say('hitung'))).toContain(id('calc.ask.occupation'));
    const menu = all(await say('menu'));
    const n = new RegExp(`(\\d+)\\. ${RESUME_ENTRY.replace(/[()*]/g, '\\$&')}`).exec(menu)?.[1];
    expect(n).toBeDefined();
    // Picked from the menu, the registration goes on at the NIK, with the name typed before.
    expect(all(await say(n ?? ''))).toContain(id('reg.ask.nik_other', { name: 'Budi Santoso' }));
  });

  it('a command word that answers the question stays an answer ("diri sendiri" to "for whom?")', async () => {
    app();
    await say('halo');
    expect(all(await say('saya mau daftar'))).toContain('Siapa yang mau didaftarkan?');
    expect(all(await say('diri sendiri'))).toContain('Apakah Kakak setuju?');
  });

  it('a number stays an answer: a menu number refused by the question is not the menu entry', async () => {
    app();
    await h.script('halo', 'daftar');
    const r = all(await say('9'));
    expect(r).toContain(REFUSE_YES_NO);
    expect(r).not.toContain(id('comm.menu.csv'));
  });

  it('only the exact words: a sentence holding a command word is still refused as an answer', async () => {
    app();
    await h.script('halo', 'daftar');
    expect(all(await say('status nya gimana ya'))).toContain(REFUSE_YES_NO);
  });
});

describe('2. a village officer naming their role starts the desa request, over "mau daftar…"', () => {
  it('mid-registration: the desa request starts and the registration waits, resumable', async () => {
    app();
    await h.script('halo', 'daftar', 'ya', '3');
    const r = await say('sy kepala desa mau daftarin warga');
    expect(all(r)).not.toContain(id('flow.resuming', { flow: { key: 'reg.title' } }));
    // Said: the registration is kept and how to go back to it, the request's opening line, then (the role was named)
    // the request goes on past the role question.
    expect(r).toEqual([
      id('village.req.paused', { flow: { key: 'reg.title' } }),
      id('village.req.intro'),
      expect.stringContaining(id('village.req.ask_village')),
    ]);
    expect(all(await say('menu'))).toContain(RESUME_ENTRY);
  });

  it('the paused line tells the truth: once the request is sent, "lanjut" goes back to the registration at its question', async () => {
    app();
    await h.script('halo', 'daftar', 'ya', '3');
    await h.script('sy kepala desa mau daftarin warga', 'sukamaju cibeber', '1', '1', '1');
    expect(all(await say('ya'))).toContain('sudah dikirim ke petugas daftarin');
    const r = all(await say('lanjut'));
    expect(r).toContain(id('flow.resuming', { flow: { key: 'reg.title' } }));
    expect(r).toContain('*nama lengkap* pekerja');
  });

  it('at the menu the request opens with its opening line and says nothing about a paused registration', async () => {
    app();
    await say('halo');
    const r = await say('saya kepala desa');
    expect(r[0]).toBe(id('village.req.intro'));
    expect(all(r)).not.toContain(id('village.req.paused', { flow: { key: 'reg.title' } }));
  });

  it("at the request's own role question, the whole sentence is the role (kepala desa)", async () => {
    app();
    await say('halo');
    expect(all(await say('daftarkan desa'))).toContain(id('village.req.ask_role'));
    const r = all(await say('saya kepala desa mau daftarin warga'));
    expect(r).not.toContain(id('flow.resuming', { flow: { key: 'village.req.title' } }));
    expect(r).not.toContain(id('reg.error.choose', { max: 6 }));
    expect(r).toContain(id('village.req.ask_village'));
    await h.script('sukamaju cibeber', '1', '1');
    expect(all(await say('1'))).toContain(`Peran: ${id('village.role.kepala_desa')}`);
  });

  it('at the menu, with the role said after the wish ("mau daftarin warga, saya babinsa")', async () => {
    app();
    await say('halo');
    expect(all(await say('mau daftarin warga, saya babinsa'))).toContain(id('village.req.ask_village'));
  });

  it('as the first message ("saya pendamping desa, mau daftarkan warga")', async () => {
    app();
    expect(all(await say('saya pendamping desa, mau daftarkan warga'))).toContain(id('village.req.ask_village'));
  });

  it('a role without the wish to register is still the request ("ketua paguyuban ojek sukamaju")', async () => {
    app();
    await h.script('halo', 'daftar');
    expect(all(await say('ketua paguyuban ojek sukamaju'))).toContain(id('village.req.ask_village'));
  });

  it('at a question of the request itself, the sentence is its answer (the note), not the request again', async () => {
    app();
    await h.script('halo', 'daftarkan desa', '1', 'sukamaju cibeber', '1');
    expect(all(await say('1'))).toContain(id('village.req.ask_note'));
    const r = all(await say('saya kepala desa mau daftarin warga'));
    expect(r).not.toContain(id('flow.resuming', { flow: { key: 'village.req.title' } }));
    expect(r).toContain('saya kepala desa mau daftarin warga');
  });

  it('without a role, "mau daftarin warga" still registers', async () => {
    app();
    await say('halo');
    expect(all(await say('mau daftarin warga'))).toContain(CONSENT);
  });
});
