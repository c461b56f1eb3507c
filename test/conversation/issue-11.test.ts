import { afterEach, describe, expect, it } from 'vitest';
import { communityStore } from '../../src/store/communities.ts';
import { startApp } from '../support/app.ts';
import { TestClock, tempDir } from '../support/harness.ts';

// Transcript tests for issue 11 "Talks like its users" (the conversation half): each point as observed.

let tmp: ReturnType<typeof tempDir>;
let h: ReturnType<typeof startApp>;

/** The app on a date (Jakarta mid-morning). */
function at(date = '2026-11-23', env: Record<string, string> = {}) {
  tmp = tempDir();
  h = startApp(tmp.dir, { clock: new TestClock(Date.parse(`${date}T03:00:00Z`)), env });
  return h;
}
afterEach(async () => {
  await h.close();
  tmp.cleanup();
});

const NIK_MALE = '3201011708850001';
const say = (text: string) => h.channel.say(text);
const all = (r: string[]) => r.join('\n');

/** A tukang bakso registered by someone else, answered with numbers, up to the income question. */
async function upToIncome(nik = NIK_MALE) {
  await h.script('halo', 'daftar', 'ya', '3', 'Budi Santoso', nik, 'ya', '081234567890', '1', 'sukamaju cibeber');
  return say('1');
}

describe('2. registering is recognised in plain words, for whom from the words', () => {
  it('"mas sy mau daftar sendiri" registers the sender', async () => {
    at();
    await say('halo');
    expect(all(await say('mas sy mau daftar sendiri'))).toContain('Apakah Kakak setuju?');
  });

  it('"mau daftarin tukang bakso langganan sy" registers someone else with the occupation filled in', async () => {
    at();
    await say('halo');
    expect(all(await say('mau daftarin tukang bakso langganan sy'))).toContain('Apakah pekerja sudah setuju?');
    // The occupation is not asked: it was named.
    expect(all(await say('ya'))).toContain('*nama lengkap* pekerja');
  });

  it('asks for whom when the words do not say ("saya mau daftar", "gmn caranya daftar")', async () => {
    at();
    await say('halo');
    expect(all(await say('saya mau daftar'))).toContain('Siapa yang mau didaftarkan?');
    await h.script('menu', 'batal', 'ya');
    expect(all(await say('gmn caranya daftar'))).toContain('Siapa yang mau didaftarkan?');
    expect(all(await say('sy aja'))).toContain('Apakah Kakak setuju?');
  });

  it('inside the calculator, "mau daftar sendiri aja" starts registering the sender', async () => {
    at();
    await h.script('halo', 'hitung');
    expect(all(await say('mau daftar sendiri aja'))).toContain('Apakah Kakak setuju?');
  });

  it('understands it as the very first message', async () => {
    at();
    const r = await say('mau daftarin ART saya');
    expect(r[0]).toContain('selamat datang di *daftarin*');
    expect(all(r)).toContain('Apakah pekerja sudah setuju?');
  });

  it('after an answer, the hint "ketik daftar" asks for whom', async () => {
    at();
    await say('halo');
    expect(all(await say('bisa daftarin pembantu sy?'))).toContain('Ketik *daftar*');
    expect(all(await say('daftar'))).toContain('Siapa yang mau didaftarkan?');
  });
});

describe('3. lanjut resumes', () => {
  it.each(['lanjut', 'lanjutkan', 'continue'])('"%s" continues the paused registration', async (word) => {
    at();
    await h.script('halo', 'daftar', 'ya', '3', 'menu');
    const r = await say(word);
    expect(r[0]).toContain('Kita lanjutkan pendaftaran pekerja');
    expect(all(r)).toContain('*nama lengkap* pekerja');
  });
});

describe('4. numbers mean what the user saw', () => {
  it('after a topic answer, "1" is topic 1, not a registration', async () => {
    at();
    await h.script('halo', 'info', '2');
    const r = await say('1');
    expect(r[0]).toContain('*Perlindungan BPU*');
    expect(h.db.prepare("SELECT count(*) AS n FROM flow_states WHERE flow_id = 'registration'").get()).toEqual({ n: 0 });
  });

  it('"bukan sy mau nanya" at the consent question is not a refusal', async () => {
    at();
    await h.script('halo', 'daftar');
    const r = await say('bukan sy mau nanya');
    expect(all(r)).not.toContain('Tanpa persetujuan');
    expect(h.db.prepare("SELECT count(*) AS n FROM flow_states WHERE flow_id = 'registration'").get()).toEqual({ n: 1 });
  });

  it('at the months question "3" is 3 months and "12" is 12', async () => {
    at();
    await upToIncome();
    await h.script('1', '2');
    await say('3');
    // November and December discounted, January full: three months.
    expect((await say('1'))[0]).toContain('2 bulan × Rp8.400 (diskon s.d. 31 Desember 2026) + 1 bulan × Rp16.800 = *Rp33.600*');
    await say('ubah periode');
    expect((await say('12'))[0]).toContain('2 bulan × Rp8.400 (diskon s.d. 31 Desember 2026) + 10 bulan × Rp16.800');
  });
});

describe('5. clear answers in words are understood', () => {
  it('"1 jt", "ga tentu, sehari paling 100rb", "3 bln" are quantities', async () => {
    at();
    await upToIncome();
    const income = await say('1 jt');
    expect(income[0]).toContain('Penghasilan Rp1.000.000/bulan → iuran dihitung dari Rp1.000.000');
    await say('kembali');
    const daily = await say('ga tentu, sehari paling 100rb');
    expect(daily[0]).toContain('Rp100.000 sehari × 30 hari ≈ Rp3.000.000/bulan → iuran dihitung dari Rp3.000.000');
    await say('tidak');
    expect(all(await say('3 bln'))).toContain('Siapa yang akan membayar');
  });

  it('"sy aja" at the payer, an occupation described in words, and "kirim" at a confirmation', async () => {
    at();
    await h.script('halo', 'daftar', 'ya');
    // A yes said again at the occupation is no occupation typed in words: the choices are asked for.
    expect(all(await say('iya sudah setuju'))).toContain('Mohon balas dengan angka 1 sampai 11');
    expect(all(await say('jualan bakso keliling'))).toContain('*nama lengkap* pekerja');
    await h.script('Budi Santoso', NIK_MALE, 'ya', '081234567890', '1', 'sukamaju cibeber', '1', '1', '2', '1');
    const summary = await say('sy aja');
    expect(summary[0]).toContain('Tukang bakso / pedagang keliling');
    expect(summary[0]).toContain('Dibayar oleh: Saya (pendaftar)');
    expect(all(await say('kirim'))).toContain('Kode rujukan');
  });

  it('"kirim" sends an announcement from its preview', async () => {
    at('2026-11-23', { ADMIN_IDS: 'test:boss' });
    const c = communityStore(h.db);
    const id = c.create('BAKSO-CKK', 'Paguyuban Bakso Cikokol', 'test', 1).id;
    c.addAdmin(id, 'test:u1', 'test', 1);
    await h.channel.say('/start BAKSO-CKK', { chatId: 'm1' });
    await h.channel.say('ya', { chatId: 'm1' });
    await h.script('halo', 'siaran', 'Sosialisasi BPJS hari Sabtu di balai desa');
    expect((await say('kirim'))[0]).toContain('Siaran dijadwalkan ke 1 anggota');
  });

  it('a question asked mid-flow gets a short answer and the same question again', async () => {
    at();
    await h.script('halo', 'daftar', 'ya', '3', 'Budi Santoso', NIK_MALE);
    const r = await say('jht itu apa');
    expect(r[0]).toContain('*JHT — Jaminan Hari Tua*');
    expect(r[0]).not.toContain('Ketik *hitung*');
    expect(all(r.slice(1))).toContain('NIK ************0001 terbaca');
  });
});

describe('6. amounts show their reasoning', () => {
  it('splits a period across the end of the discount', async () => {
    at('2026-12-10');
    await upToIncome();
    await h.script('1', '2', '3');
    const summary = await say('1');
    expect(summary[0]).toContain('1 bulan × Rp8.400 (diskon s.d. 31 Desember 2026) + 2 bulan × Rp16.800 = *Rp42.000*');
  });

  it('village funds as payer: the amount without discount is said at once, with why', async () => {
    at('2026-12-10');
    await upToIncome();
    await h.script('1', '2', '1');
    const r = await say('dana desa');
    expect(r[0]).toContain('*tanpa diskon*');
    expect(r[0]).toContain('Rp16.800/bulan, bukan Rp8.400');
    expect(r[1]).toContain('Rp16.800/bulan · 1 bulan = *Rp16.800*');
    // 9. Nobody needs the how-to-pay list when the village fund pays.
    const done = await say('kirim');
    expect(all(done)).toContain('dibayar dari dana desa');
    expect(all(done)).not.toContain('Cara bayar iuran');
  });
});

describe('7. plain words, doubt said once', () => {
  it('no "(iuran perkiraan)" on the options, no single-source note, BPU explained', async () => {
    at();
    const income = await upToIncome();
    expect(income[0]).not.toContain('perkiraan');
    await h.script('5', '2', '1');
    const summary = await say('1');
    expect(all(summary)).not.toContain('satu sumber');
    expect(all(summary).match(/175/g)).toHaveLength(1);
    expect(all(await say('kirim'))).toContain('BPU = Bukan Penerima Upah');
  });
});

describe('8. English that works', () => {
  it('the greeting mentions language; "english please" switches', async () => {
    at();
    expect(all(await say('halo'))).toContain('type *language*');
    expect(all(await say('english please'))).toContain("I'll use English");
  });

  it('"I want to register my driver" registers someone else with the occupation filled in', async () => {
    at();
    await h.script('halo', 'language');
    expect(all(await say('I want to register my driver'))).toContain('Has the worker agreed?');
    await say('yes');
    const summaryInput = h.db.prepare("SELECT input FROM flow_states WHERE flow_id = 'registration'").get() as { input: string };
    expect(JSON.parse(summaryInput.input)).toMatchObject({ forWhom: 'other', prefill: { occupation: 'sopir', sector: 'transport' } });
  });

  it('"Kemang, South Jakarta" lists no villages outside Jakarta', async () => {
    at();
    await h.script('halo', 'daftar', 'ya', '3', 'Budi Santoso', NIK_MALE, 'ya', '081234567890', '1');
    expect((await say('Kemang, South Jakarta'))[0]).toContain('tidak ditemukan');
    const r = await say('Cilandak Timur, South Jakarta');
    expect(r[0]).toContain('1. Cilandak Timur, Kec.');
    expect(r[0]).toContain('Jakarta Selatan');
  });
});

describe('9. small things', () => {
  it('one village found is not "beberapa desa"', async () => {
    at();
    await h.script('halo', 'daftar', 'ya', '3', 'Budi Santoso', NIK_MALE, 'ya', '081234567890', '1');
    const r = await say('sukamaju cibeber');
    expect(r[0]).toContain('Saya temukan satu desa');
    // Another number is not "angka 1 sampai 1": 1 confirms, or a new search.
    const wrong = all(await say('2'));
    expect(wrong).toContain('Balas *1* kalau desanya benar');
    expect(wrong).not.toContain('sampai 1 ');
  });

  it('a NIK with the letter l gets the l/1 hint, not O/0', async () => {
    at();
    await h.script('halo', 'daftar', 'ya', '3', 'Budi Santoso');
    const r = await say('320l011708850001');
    expect(r[0]).toContain('huruf l atau I bukan angka 1');
    expect(r[0]).not.toContain('huruf O');
  });

  it('salam is answered with salam', async () => {
    at();
    expect((await say('Assalamualaikum'))[0]).toContain('Waalaikumsalam');
    expect((await say('assalamualaikum kak'))[0]).toContain('Waalaikumsalam');
  });

  it('re-entering a NIK you registered yourself names its code', async () => {
    at();
    await upToIncome();
    await h.script('1', '2', '1', '1');
    const done = await say('kirim');
    const code = /(DFT-[2-9A-HJ-NP-Z]{5})/.exec(all(done))?.[1];
    await h.script('daftar', 'ya', '3', 'Budi Santoso');
    expect((await say(NIK_MALE))[0]).toContain(`Kakak sudah pernah mendaftarkan NIK ini: kode *${code}*`);
  });

  it('"ubah penghasilan" goes straight to the income question', async () => {
    at();
    await upToIncome();
    await h.script('1', '2', '1', '1');
    expect((await say('ubah penghasilan'))[0]).toContain('berapa *penghasilan* pekerja');
  });

  it('arriving with "DAFTAR SUKASARI-TNG" ends with an offer to register', async () => {
    at();
    communityStore(h.db).create('SUKASARI-TNG', 'Desa Sukasari', 'test', 1);
    await say('DAFTAR SUKASARI-TNG');
    const r = await say('ya');
    expect(r[1]).toContain('Mau langsung daftar?');
  });
});

describe('done when: someone else registered in natural words', () => {
  it('goes from "halo" to submitted in at most 16 messages', async () => {
    at();
    const lines = [
      'halo',
      'mau daftarin ART saya',
      'iya sudah setuju',
      'Siti Aminah',
      '3201015708850002',
      'iya bener',
      '0812 3456 7890',
      'iya punya dia',
      'sukamaju cibeber',
      '1',
      'sebulan 1,5 jt',
      'ga usah',
      '3 bln',
      'sy aja',
      'kirim',
    ];
    const done = await h.script(...lines);
    expect(lines.length).toBeLessThanOrEqual(16);
    expect(done[0]).toContain('Pendaftaran Siti Aminah sudah kami terima');
    expect(h.db.prepare('SELECT worker_name, occupation, income_base, period_months, payer FROM referrals').get()).toEqual({
      worker_name: 'Siti Aminah',
      occupation: 'art',
      income_base: 1_500_000,
      period_months: 3,
      payer: 'referrer',
    });
  });
});
