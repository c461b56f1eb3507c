import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApp } from '../support/app.ts';
import { tempDir } from '../support/harness.ts';

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

/** A male NIK from Kab. Bogor, born 17 August 1985. */
const NIK_MALE = '3201011708850001';
/** The same, female (day + 40), born 17 August 1985. */
const NIK_FEMALE = '3201015708850002';

/** Walks a third-party registration up to the village question. */
async function upToVillage(nik = NIK_MALE) {
  await h.script('halo', 'daftar', '1', '5', 'budi santoso', nik, 'ya', '0812-3456-7890', '1');
}

async function pickSukamajuAndFinish() {
  await h.channel.say('sukamaju cibeber');
  await h.channel.say('1'); // first village in the list
  await h.channel.say('1'); // income Rp1.000.000
  await h.channel.say('2'); // no JHT
  await h.channel.say('6'); // 6 months
  return h.channel.say('1'); // paid by the referrer → summary
}

describe('registering a worker', () => {
  it('walks a complete third-party registration and stores it', async () => {
    const greet = await h.channel.say('halo');
    expect(greet.at(-1)).toContain('1. Daftarkan pekerja');
    const consent = await h.channel.say('daftar');
    expect(consent[0]).toContain('UU 27/2022');
    expect((await h.channel.say('ya'))[0]).toContain('Apa pekerjaan orang yang didaftarkan?');
    expect(await h.channel.say('5')).toEqual([expect.stringContaining('*nama lengkap* pekerja')]);
    expect((await h.channel.say('budi   SANTOSO'))[0]).toContain('Berapa *NIK* Budi Santoso?');
    const confirm = await h.channel.say('3201-0117 0885.0001');
    expect(confirm[0]).toContain('NIK ************0001 terbaca');
    expect(confirm[0]).toContain('17 Agustus 1985');
    expect(confirm[0]).toContain('Laki-laki');
    expect(confirm[0]).toContain('Kabupaten Bogor');
    expect(confirm[0]).not.toContain(NIK_MALE);
    expect((await h.channel.say('ya'))[0]).toContain('*nomor HP* Budi Santoso');
    expect((await h.channel.say('+62 812 3456 7890'))[0]).toContain('Nomor 0812-3456-7890 — apakah ini nomor milik Budi Santoso sendiri?');
    expect((await h.channel.say('1'))[0]).toContain('*desa/kelurahan*');
    const villages = await h.channel.say('sukamaju cibeber');
    expect(villages[0]).toContain('1. Sukamaju, Kec. Cibeber');
    const income = await h.channel.say('1');
    expect(income[0]).toContain('1. Rp1.000.000');
    const jht = await h.channel.say('1');
    // Ojek is transport: 50% off JKK + JKM on 23 November 2026.
    expect(jht[0]).toContain('= Rp8.400/bulan');
    expect(jht[0]).toContain('+Rp20.000/bulan');
    expect((await h.channel.say('tidak'))[0]).toContain('Iuran Rp8.400/bulan');
    expect((await h.channel.say('6'))[0]).toContain('Siapa yang akan membayar iuran Budi Santoso?');
    const summary = await h.channel.say('1');
    expect(summary[0]).toContain('NIK ************0001');
    // Nov 2026–Mar 2027 at Rp8.400 (discount), April 2027 at Rp16.800.
    expect(summary[0]).toContain('5 bulan × Rp8.400 (diskon s.d. 31 Maret 2027) + 1 bulan × Rp16.800 = *Rp58.800*');
    expect(summary[0]).toContain('Dibayar oleh: Saya (pendaftar)');
    expect(summary.join('\n')).toContain('diskon 50%');
    expect(summary.at(-1)).toContain('1. Kirim pendaftaran');
    const done = await h.channel.say('1');
    const code = /Kode rujukan: \*(DFT-[2-9A-HJ-NP-Z]{5})\*/.exec(done[0] ?? '')?.[1];
    expect(code).toBeDefined();
    expect(done[1]).toContain('BPJSTK Iuran BPU');
    const row = h.db.prepare('SELECT * FROM referrals WHERE code = ?').get(code) as Record<string, unknown>;
    expect(row).toMatchObject({
      status: 'diajukan',
      referrer_key: 'test:u1',
      worker_name: 'Budi Santoso',
      nik_masked: '************0001',
      gender: 'L',
      phone: '+6281234567890',
      phone_owner: 'worker',
      occupation: 'ojek',
      sector: 'transport',
      monthly_iuran: 8400,
      period_iuran: 58800,
      period_months: 6,
      payer: 'referrer',
    });
    expect(row.nik_sealed).not.toContain(NIK_MALE);
    expect(h.vault.decrypt(row.nik_sealed as string)).toBe(NIK_MALE);
    // Nothing in the database holds the NIK in the clear, not even the flow snapshots.
    const dump = JSON.stringify(h.db.prepare('SELECT * FROM flow_states').all()) + JSON.stringify(row);
    expect(dump).not.toContain(NIK_MALE);
  });

  it('registers oneself (no payer question, no phone-owner question)', async () => {
    await h.script('halo', '2');
    await h.channel.say('ya');
    await h.channel.say('3'); // tukang bakso
    expect((await h.channel.say('Siti Aminah'))[0]).toContain('*NIK* Kakak');
    const c = await h.channel.say(NIK_FEMALE);
    expect(c[0]).toContain('Perempuan');
    await h.channel.say('ya');
    expect((await h.channel.say('081234567891'))[0]).toContain('*desa/kelurahan* mana Kakak');
    await h.channel.say('sukamaju cibeber');
    await h.channel.say('1');
    await h.channel.say('1');
    await h.channel.say('ya');
    const summary = await h.channel.say('1');
    expect(summary[0]).toContain('JKK + JKM + JHT');
    expect(summary[0]).not.toContain('Dibayar oleh');
    const done = await h.channel.say('kirim');
    expect(done[0]).toContain('Pendaftaran Kakak sudah kami terima');
    expect(h.db.prepare('SELECT for_whom, payer, gender FROM referrals').get()).toEqual({ for_whom: 'self', payer: 'self', gender: 'P' });
  });

  it('without consent stores nothing and explains why', async () => {
    await h.script('halo', '1');
    const r = await h.channel.say('tidak');
    expect(r[0]).toContain('Tanpa persetujuan pekerja kami tidak boleh menyimpan datanya');
    expect(h.db.prepare('SELECT count(*) AS n FROM referrals').get()).toEqual({ n: 0 });
    expect(h.db.prepare('SELECT count(*) AS n FROM flow_states').get()).toEqual({ n: 0 });
  });

  it.each([
    ['320101170885000', 'NIK harus 16 angka, yang Kakak kirim 15 angka'],
    ['32010117088500011', 'yang Kakak kirim 17 angka'],
    ['3201O11708850001', 'ada huruf/tanda O'],
    ['9901011708850001', 'Dua angka pertama NIK (99)'],
    ['3201013208850001', 'Tanggal lahir di NIK (32) tidak ada'],
    ['3201011713850001', 'Bulan lahir di NIK (13) tidak ada'],
    ['3201013002850001', 'tidak ada di kalender'],
    ['3201012902850001', 'tidak ada di kalender'],
    ['3201011708850000', 'tidak boleh 0000'],
    ['3201011708590001', 'usianya 67 tahun — batas pendaftaran di bawah 65 tahun'],
    ['3201011708150001', 'usianya 11 tahun — pendaftaran minimal usia 15 tahun'],
  ])('refuses NIK %s with its own message, keeping earlier answers', async (nik, message) => {
    await h.script('halo', 'daftar', '1', '5', 'budi santoso');
    const r = await h.channel.say(nik);
    expect(r[0]).toContain(message);
    // Still at the NIK question, with the name kept.
    expect((await h.channel.say(NIK_MALE))[0]).toContain('NIK ************0001 terbaca');
  });

  it('explains a name that is not a KTP name, keeping the question', async () => {
    await h.script('halo', 'daftar', '1', '5');
    expect((await h.channel.say('Budi 2'))[0]).toContain('Nama tidak boleh berisi angka');
    expect((await h.channel.say('Bu'))[0]).toContain('Nama terlalu pendek');
    expect((await h.channel.say('بودي سانتوسو'))[0]).toContain('Yang tidak bisa dipakai: ب');
    expect((await h.channel.say("siti nur'aini-ahmad"))[0]).toContain("Berapa *NIK* Siti Nur'aini-Ahmad?");
  });

  it('accepts a leap-day NIK and a Papua 91 NIK', async () => {
    await h.script('halo', 'daftar', '1', '5', 'budi santoso');
    const leap = await h.channel.say('3201012902000001');
    expect(leap[0]).toContain('29 Februari 2000');
    await h.channel.say('2');
    const papua = await h.channel.say('9101011708850001');
    // Old Papua district codes are not in today's area list: a soft note, then the usual confirmation.
    expect(papua[0]).toContain('kode kecamatan di NIK ini tidak ada di daftar wilayah kami');
    expect(papua[1]).toContain('NIK ************0001 terbaca');
  });

  it.each([
    ['081234567890', '0812-3456-7890'],
    ['+6281234567890', '0812-3456-7890'],
    ['6281234567890', '0812-3456-7890'],
    ['0812 3456 7890', '0812-3456-7890'],
    ['0812-3456-7890', '0812-3456-7890'],
  ])('normalises phone %s', async (raw, shown) => {
    await h.script('halo', 'daftar', '1', '5', 'budi santoso', NIK_MALE, 'ya');
    expect((await h.channel.say(raw))[0]).toContain(`Nomor ${shown}`);
  });

  it('refuses a foreign phone number and a landline', async () => {
    await h.script('halo', 'daftar', '1', '5', 'budi santoso', NIK_MALE, 'ya');
    expect((await h.channel.say('+60 12-345 6789'))[0]).toContain('nomor luar negeri');
    expect((await h.channel.say('021 5551234'))[0]).toContain('telepon rumah/kantor');
    expect((await h.channel.say('0812-3456-7890'))[0]).toContain('Nomor 0812-3456-7890');
  });

  it('lists many villages named Sukamaju, narrows with the kecamatan, and forgives a typo', async () => {
    await upToVillage();
    const many = await h.channel.say('Sukamaju');
    expect(many[0]).toContain('1. Sukamaju, Kec.');
    expect(many[0]).toContain('5. Sukamaju, Kec.');
    const narrowed = await h.channel.say('sukamaju cibeber');
    expect(narrowed[0]).toContain('1. Sukamaju, Kec. Cibeber');
    await h.channel.say('kembali');
    const typo = await h.channel.say('sukamju cibeber');
    expect(typo[0]).toContain('Sukamaju, Kec. Cibeber');
    expect((await h.channel.say('qwxzv'))[0]).toContain('Desa "qwxzv" tidak ditemukan');
  });

  it('changes one field from the summary and comes back to the summary', async () => {
    await upToVillage();
    await pickSukamajuAndFinish();
    const pick = await h.channel.say('2');
    expect(pick[0]).toContain('Data mana yang mau diubah?');
    expect((await h.channel.say('1'))[0]).toContain('*nama lengkap*');
    const back = await h.channel.say('Budi Santosa');
    expect(back[0]).toContain('👤 Budi Santosa');
    expect(back.at(-1)).toContain('Sudah benar?');
  });

  it('cancels from the summary without storing anything', async () => {
    await upToVillage();
    await pickSukamajuAndFinish();
    expect((await h.channel.say('3'))[0]).toContain('pendaftaran dibatalkan');
    expect(h.db.prepare('SELECT count(*) AS n FROM referrals').get()).toEqual({ n: 0 });
  });

  it('refuses a NIK that already has an open referral, without saying who referred it or that it is known', async () => {
    await upToVillage();
    await pickSukamajuAndFinish();
    await h.channel.say('1');
    const other = await h.channel.say('halo', { chatId: 'u2' });
    expect(other.length).toBeGreaterThan(0);
    for (const line of ['daftar', '1', '5', 'Budi Santoso']) await h.channel.say(line, { chatId: 'u2' });
    const r = await h.channel.say(NIK_MALE, { chatId: 'u2' });
    expect(r[0]).toContain('NIK ini tidak bisa didaftarkan lewat daftarin');
    expect(r[0]).not.toContain('diajukan');
    expect(r[0]).not.toContain('u1');
  });

  it("lists the referrer's registrations with status and lets them withdraw one", async () => {
    await upToVillage();
    await pickSukamajuAndFinish();
    const done = await h.channel.say('1');
    const code = /(DFT-\w{5})/.exec(done[0] ?? '')?.[1] as string;
    const status = await h.channel.say('status');
    expect(status[0]).toContain(`1. *${code}* · Budi Santoso · 23 November 2026 · diajukan`);
    expect(status[1]).toContain(`tarik ${code}`);
    expect((await h.channel.say(`tarik ${code.toLowerCase()}`))[0]).toContain(`Tarik pendaftaran *${code}*`);
    expect((await h.channel.say('ya'))[0]).toContain('sudah ditarik');
    expect(h.db.prepare('SELECT status FROM referrals').get()).toEqual({ status: 'dibatalkan' });
    expect((await h.channel.say(`tarik ${code}`))[0]).toContain('sudah dibatalkan');
  });
});

describe('a registration across a restart', () => {
  it('continues at the same question with every answer kept', async () => {
    await upToVillage();
    await h.close();
    h = startApp(tmp.dir, { clock: h.clock });
    const villages = await h.channel.say('sukamaju cibeber');
    expect(villages[0]).toContain('1. Sukamaju, Kec. Cibeber');
    await h.script('1', '1', '2', '1');
    const summary = await h.channel.say('1');
    expect(summary[0]).toContain('👤 Budi Santoso');
    expect(summary[0]).toContain('NIK ************0001');
  });
});
