import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAdmin } from '../../src/admin/cli.ts';
import { startApp, TEST_DATA_KEY } from '../support/app.ts';
import { TestClock, tempDir } from '../support/harness.ts';

let tmp: ReturnType<typeof tempDir>;
let h: ReturnType<typeof startApp>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(async () => {
  await h.close();
  tmp.cleanup();
});

/** The app on a date (Jakarta noon), greeted once so the next message is a menu-level question. */
async function at(date = '2026-11-23') {
  h = startApp(tmp.dir, { clock: new TestClock(Date.parse(`${date}T05:00:00Z`)) });
  await h.channel.say('halo');
}

const unanswered = () => h.db.prepare('SELECT locale, question FROM faq_unanswered ORDER BY id').all();

describe('free-text questions at the menu', () => {
  it.each([
    ['bpu itu apa sih kak', '*Perlindungan BPU*'],
    ['brp iuran sebulan?', '*Iuran BPU per bulan*'],
    ['manfaat jkk apa aja', '*JKK — Jaminan Kecelakaan Kerja*'],
    ['klo meninggal keluarga dapet brp', '*JKM — Jaminan Kematian*'],
    ['jht bisa dicairkan kapan', '*JHT — Jaminan Hari Tua*'],
    ['cara bayar iurannya gmn', '*Cara bayar iuran BPU*'],
    ['klo telat bayar kena denda ga', '*Telat bayar iuran*'],
    ['abis kecelakaan kerja klaimnya gmn', '*Kalau kecelakaan kerja*'],
    ['suami meninggal, cara klaim santunannya gmn', '*Kalau peserta meninggal*'],
    ['istri sy bs daftar jg?', '*Siapa yang bisa ikut BPU?*'],
    ['kartu peserta kapan jadi', '*Kartu peserta & nomor KPJ*'],
    ['ada diskon iuran ga', '*Diskon iuran BPU (PP 50/2025)*'],
    ['klo gerobak ketabrak ditanggung ga?', '*Yang tidak ditanggung*'],
    ['bisa daftarin pembantu sy?', '*Mendaftarkan orang lain*'],
    ['dana desa bisa bayarin iuran warga?', '*Program desa*'],
  ])('%s → %s', async (question, title) => {
    await at();
    const r = await h.channel.say(question);
    expect(r).toHaveLength(1);
    expect(r[0]).toContain(title);
    expect(r[0]?.split('\n').at(-1)).toMatch(/ketik \*(daftar|hitung|status)\*/i);
    expect(unanswered()).toEqual([]);
  });

  it('quotes the discount while it runs and drops it after', async () => {
    await at('2026-11-23');
    const during = await h.channel.say('ada diskon iuran ga');
    expect(during[0]).toContain('*Rp8.400/bulan* (normal Rp16.800) sampai 31 Maret 2027');
    expect(during[0]).toContain('sampai 31 Desember 2026');
    const cost = await h.channel.say('brp iuran sebulan?');
    expect(cost[0]).toContain('Saat ini ada diskon');
    await h.close();

    tmp.cleanup();
    tmp = tempDir();
    await at('2027-05-01');
    const after = await h.channel.say('ada diskon iuran ga');
    expect(after[0]).toContain('Saat ini tidak ada diskon iuran BPU yang berlaku');
    expect(after[0]).toContain('normal Rp16.800/bulan');
    expect((await h.channel.say('brp iuran sebulan?'))[0]).not.toContain('diskon');
  });

  it('answers in English after a language switch', async () => {
    await at();
    await h.channel.say('language');
    const r = await h.channel.say('how much per month?');
    expect(r[0]).toContain('*BPU contribution per month*');
    expect(r[0]).toContain('Type *hitung*');
  });

  it('hands off from an answer to registration with "daftar", asking for whom', async () => {
    await at();
    await h.channel.say('istri sy bs daftar jg?');
    const r = await h.channel.say('daftar');
    expect(r[0]).toContain('Siapa yang mau didaftarkan?');
    expect((await h.channel.say('2'))[0]).toContain('Apakah Kakak setuju?');
  });
});

describe('questions it cannot answer', () => {
  it('says so, offers the topics and 175, and records the question without personal data', async () => {
    await at();
    const r = await h.channel.say('harga bakso brp kak? wa sy 0812-3456-7890');
    expect(r[0]).toContain('saya belum yakin jawabannya');
    expect(r[0]).toContain('*175*');
    expect(r[0]).toContain('1. Apa itu perlindungan BPU');
    expect(r[0]).toContain('16. Program desa (dana desa)');
    expect(unanswered()).toEqual([{ locale: 'id', question: 'harga bakso brp kak? wa sy [angka]' }]);
    // Picking a number answers that topic; the list's numbers keep their meaning for the next message.
    const picked = await h.channel.say('12');
    expect(picked[0]).toContain('*Diskon iuran BPU (PP 50/2025)*');
    expect((await h.channel.say('1'))[0]).toContain('*Perlindungan BPU*');
  });

  it('lists the recorded questions for admins', async () => {
    await at();
    await h.channel.say('jual pulsa ga kak?');
    await h.channel.say('menu');
    await h.channel.say('nik 3201011708850001 kok ga bisa dipake beli token?');
    const out: string[] = [];
    const status = runAdmin(['unanswered'], {
      out: (s) => out.push(s),
      err: () => {},
      env: { DATABASE_PATH: h.config.DATABASE_PATH, DATA_KEY: TEST_DATA_KEY },
    });
    expect(status).toBe(0);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/^2026-11-23T05:00:00\.000Z\tid\tnik \[angka\] kok ga bisa dipake beli token\?$/);
    expect(out[1]).toContain('\tid\tjual pulsa ga kak?');
    expect(out.join('\n')).not.toContain('3201011708850001');
  });

  it('leaves a wrong menu number and a single stray word to the menu', async () => {
    await at();
    expect((await h.channel.say('99'))[0]).toContain('belum paham maksudnya');
    expect((await h.channel.say('wkwkwk'))[0]).toContain('belum paham maksudnya');
    expect(unanswered()).toEqual([]);
  });
});

describe('the "Info perlindungan & iuran" menu entry', () => {
  it('shows the topics as numbered choices and answers the one picked', async () => {
    await at();
    const list = await h.channel.say('Info perlindungan & iuran');
    expect(list[0]).toContain('Mau tahu tentang apa, Kak?');
    expect(list[0]).toContain('2. Berapa iurannya');
    const r = await h.channel.say('2');
    expect(r[0]).toContain('= *Rp16.800/bulan* (paket minimal)');
    expect(r[0]).toContain('Rp8.400/bulan');
    // Anything that is no topic leaves the list for the menu, and the topic flow is gone.
    expect((await h.channel.say('status'))[0]).toContain('belum pernah mendaftarkan');
    expect(h.db.prepare('SELECT count(*) AS n FROM flow_states').get()).toEqual({ n: 0 });
  });

  it('answers a typed question instead of a number, and keeps asking when it cannot', async () => {
    await at();
    await h.channel.say('info');
    const again = await h.channel.say('resep sambel kacang dong');
    expect(again[0]).toContain('Balas dengan angka topik 1–16');
    const r = await h.channel.say('gerobak sy rusak diganti ga?');
    expect(r[0]).toContain('*Yang tidak ditanggung*');
    expect(unanswered()).toEqual([{ locale: 'id', question: 'resep sambel kacang dong' }]);
  });

  it('goes to registration or the calculator when asked to from the list', async () => {
    await at();
    await h.channel.say('info');
    expect((await h.channel.say('daftar'))[0]).toContain('Siapa yang mau didaftarkan?');

    await h.channel.say('menu');
    await h.channel.say('faq');
    expect((await h.channel.say('hitung'))[0]).toContain('Kita hitung iurannya');
  });
});

describe("issue 11: answers in the users' own words", () => {
  it('says honestly that ordinary illness is BPJS Kesehatan, not the JKK list', async () => {
    await at();
    for (const q of ['klo sakit biasa ditanggung ga', 'kalo sakit demam berobat ditanggung gak', 'bedanya sama bpjs kesehatan apa']) {
      const r = await h.channel.say(q);
      expect(r[0], q).toContain('*Sakit biasa & BPJS Kesehatan*');
      expect(r[0], q).not.toContain('tanpa batas biaya');
    }
    expect(unanswered()).toEqual([]);
  });

  it('answers an English question in English in an Indonesian chat, with the English keyword', async () => {
    await at();
    const r = await h.channel.say('is normal sickness covered?');
    expect(r[0]).toContain('*Ordinary illness & BPJS Kesehatan*');
    expect(r[0]?.split('\n').at(-1)).toBe('Want to register now? Type *register*');
    expect((await h.channel.say('brp iuran sebulan?'))[0]).toContain('*Iuran BPU per bulan*');
  });

  it('answers regional words, stories and the numbers inside a question', async () => {
    await at('2027-05-01');
    expect((await h.channel.say('iki mbayar piro sesasi'))[0]).toContain('*Iuran BPU per bulan*');
    const age = await h.channel.say('umur 66 bisa ikut?');
    expect(age[0]).toMatch(/^👉 Umur 66 tahun: belum bisa lewat daftarin — kami menerima sampai di bawah 65 tahun/);
    const income = await h.channel.say('penghasilan cuma 500rb sebulan bayar berapa');
    expect(income[0]).toMatch(
      /^👉 Untuk penghasilan Rp500\.000\/bulan, iuran dihitung dari Rp1\.000\.000: JKK Rp10\.000 \+ JKM Rp6\.800 = \*Rp16\.800\/bulan\*\./,
    );
    expect((await h.channel.say('suami sy ojol meninggal krn kecelakaan pas narik, sy dpt apa'))[0]).toMatch(/JKK|JKM/);
    expect(unanswered()).toEqual([]);
  });

  it('answers the numbers of a question typed at the topic list too', async () => {
    await at('2027-05-01');
    await h.channel.say('info');
    expect((await h.channel.say('nenek umur 70 masih jualan, bisa ikut?'))[0]).toContain('👉 Umur 70 tahun: belum bisa');
  });
});
