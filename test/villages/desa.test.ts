import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IncomingDocument } from '../../src/channels/channel.ts';
import { COLUMNS, ERROR_COLUMN } from '../../src/features/villages/columns.ts';
import { t } from '../../src/i18n.ts';
import { readSheet } from '../../src/reports/spreadsheet.ts';
import { auditStore } from '../../src/store/audit.ts';
import { communityStore } from '../../src/store/communities.ts';
import { desaRequestStore } from '../../src/store/desa-requests.ts';
import { operatorStore } from '../../src/store/operators.ts';
import { registrationAnswers } from '../faults/scripts.ts';
import { runAdminOn } from '../support/admin.ts';
import { startApp } from '../support/app.ts';
import { tempDir } from '../support/harness.ts';
import { rows, sheetFile } from './sheet.ts';

let tmp: ReturnType<typeof tempDir>;
let h: ReturnType<typeof startApp>;
let seq = 0;

beforeEach(() => {
  tmp = tempDir();
  h = startApp(tmp.dir, { env: { ADMIN_IDS: 'test:boss', TELEGRAM_BOT_USERNAME: 'daftarin_bot' } });
});
afterEach(async () => {
  await h.close();
  tmp.cleanup();
});

const as = (chatId: string) => (text: string) => h.channel.say(text, { chatId });
const outboxTo = (chatId: string) =>
  (h.db.prepare('SELECT text FROM outbox WHERE chat_id = ? ORDER BY id').all(chatId) as { text: string }[]).map((r) => r.text);
const referralCount = () => (h.db.prepare('SELECT count(*) AS n FROM referrals').get() as { n: number }).n;

/** Sends a file as a document message from `chatId`; returns the replies, each with its attachment if any. */
async function sendDocument(chatId: string, name: string, content: Buffer) {
  const before = h.channel.sent.length;
  const document: IncomingDocument = { name, size: content.length, read: async () => content };
  await h.app.bot.handle(h.channel, { chatId, messageId: `doc-${++seq}`, text: '', kind: 'media', document });
  return h.channel.sent
    .slice(before)
    .filter((s) => s.chatId === chatId)
    .map((s) => s.reply);
}

/** The kepala desa asks for a community and the super-admin approves it in chat. */
async function requestAndApprove() {
  await as('boss')('halo');
  await as('pak')('halo');
  const ask = await as('pak')('sy kepala desa mau daftarin warga sekampung');
  expect(ask[0]).toBe('Siap, Kak! Desa bisa mendaftarkan warganya sekaligus lewat daftarin.');
  expect(ask.at(-1)).toContain('Desa/kelurahan mana?');
  await as('pak')('sukamaju cibeber');
  expect((await as('pak')('1'))[0]).toContain('Balas *1* untuk memakai "Desa Sukamaju"');
  await as('pak')('1');
  const summary = await as('pak')('1');
  expect(summary[0]).toContain('Peran: Kepala desa / lurah');
  expect(summary[0]).toContain('Desa: Sukamaju, Kec. Cibeber, Kabupaten Cianjur, Jawa Barat');
  const sent = await as('pak')('ya');
  const code = /\*(REQ-[A-Z0-9]{5})\*/.exec(sent[0] ?? '')?.[1] ?? '';
  expect(sent[0]).toContain(`Permintaan *${code}* sudah dikirim ke petugas daftarin`);
  expect(outboxTo('boss').at(-1)).toContain(`Permintaan komunitas desa *${code}*`);
  return code;
}

describe('a desa registers its residents', () => {
  it('a kepala desa asks, the super-admin approves in chat, the community is tied to its desa and target, all audited', async () => {
    const code = await requestAndApprove();
    expect((await as('pak')('unggah'))[0]).toContain('masih menunggu persetujuan');
    const notAdmin = await as('pak')(`setujui ${code}`);
    expect(notAdmin.join('\n')).not.toContain('disetujui');
    expect(desaRequestStore(h.db).byCode(code)?.status).toBe('menunggu');
    const done = await as('boss')(`setujui ${code}`);
    expect(done[0]).toMatch(new RegExp(`✅ ${code} disetujui: komunitas \\*Desa Sukamaju\\* dengan kode \\*[A-Z0-9-]+\\*`));
    const request = desaRequestStore(h.db).byCode(code);
    expect(request).toMatchObject({ status: 'disetujui', decided_by: 'test:boss', role: 'kepala_desa' });
    const community = communityStore(h.db).byId(request?.community_id ?? 0);
    expect(desaRequestStore(h.db).desaOf(community?.id ?? 0)).toMatchObject({ village_code: '32.03.03.2013', target: 100 });
    expect(communityStore(h.db).admins(community?.id ?? 0)).toEqual(['test:pak']);
    expect(outboxTo('pak').at(-1)).toContain(`Komunitas *Desa Sukamaju* sudah aktif dengan kode *${community?.code}*`);
    expect(outboxTo('pak').at(-1)).toMatch(/https:\/\/t\.me\/daftarin_bot\?start=R-[A-Z0-9]{5}/);
    expect(
      auditStore(h.db)
        .recent()
        .map((a) => a.action),
    ).toEqual(expect.arrayContaining(['desa.request', 'community.create', 'community.add_admin', 'desa.approve']));
    expect((await as('boss')(`setujui ${code}`))[0]).toContain('sudah diputuskan sebelumnya');
  });

  it('a super-admin declines with a reason; the requester is told why', async () => {
    const code = await requestAndApprove();
    expect((await as('boss')(`tolak ${code}`))[0]).toContain('Tulis alasannya');
    expect((await as('boss')(`tolak ${code} desa sudah punya komunitas`))[0]).toContain(`${code} ditolak`);
    expect(outboxTo('pak').at(-1)).toContain('Alasan petugas: desa sudah punya komunitas');
    expect(desaRequestStore(h.db).byCode(code)).toMatchObject({ status: 'ditolak', reason: 'desa sudah punya komunitas' });
  });

  it('template, a 300-row file with 13 bad rows, the error file, the corrected file after the batch consent, the same file again, statistics', async () => {
    const code = await requestAndApprove();
    await as('boss')(`setujui ${code}`);

    const template = await as('pak')('template');
    expect(template[0]).toContain('Ini template daftar warga');
    const files = h.channel.sent.filter((s) => s.chatId === 'pak' && s.reply.document).map((s) => s.reply.document);
    expect(files.map((f) => f?.filename)).toEqual(['template-daftarin-desa.xlsx', 'template-daftarin-desa.csv']);
    const xlsx = await readSheet(files[0]?.content ?? Buffer.alloc(0), 'xlsx', 10);
    expect(xlsx.header).toEqual([...COLUMNS]);
    expect(xlsx.rows[0]?.cells[1]).toBe('3201014501900001');

    expect((await as('pak')('unggah'))[0]).toContain('Silakan kirim file daftar warga *Desa Sukamaju* sebagai dokumen');
    expect((await as('pak')('ini filenya'))[0]).toContain('Saya menunggu filenya');
    const first = await sendDocument('pak', 'warga.xlsx', await sheetFile(rows(300, true), 'xlsx'));
    expect(first[0]?.text).toContain('*287 baris siap*, *13 perlu diperbaiki* (dari 300 baris)');
    expect(first[0]?.text).toContain('Terlampir file yang sama dengan kolom *perlu_diperbaiki*');
    expect(first[0]?.document?.filename).toBe('perbaiki-warga.xlsx');
    const errors = await readSheet(first[0]?.document?.content ?? Buffer.alloc(0), 'xlsx', 400);
    expect(errors.header).toEqual([...COLUMNS, ERROR_COLUMN]);
    const problems = errors.rows.map((r) => r.cells[COLUMNS.length] ?? '').filter(Boolean);
    expect(problems).toEqual([
      expect.stringContaining('NIK harus 16 angka'),
      expect.stringContaining('bukan kode provinsi'),
      expect.stringContaining('Bulan lahir di NIK (13)'),
      'NIK sama dengan baris 2',
      'NIK sama dengan baris 3',
      expect.stringContaining('nomor telepon rumah/kantor'),
      expect.stringContaining('Nomor HP itu tidak valid'),
      'kolom nama kosong',
      expect.stringContaining('penghasilan harus salah satu dari'),
      'periode_bulan harus 1, 3, 6, atau 12',
      'ada 4 desa bernama "Sukamaju" di kabupaten ini: tulis kode desanya',
      expect.stringContaining('tidak ditemukan di kabupaten ini'),
      expect.stringContaining('pembayar harus'),
    ]);
    expect(referralCount()).toBe(0);

    // The corrected file replaces the first one.
    const fixed = await sheetFile(rows(300, false), 'xlsx');
    const second = await sendDocument('pak', 'warga-benar.xlsx', fixed);
    expect(second[0]?.text).toContain('*300 baris siap*, *0 perlu diperbaiki*');
    expect(second.some((r) => r.document)).toBe(false);
    const payer = await as('pak')('1');
    expect(payer[0]).toContain('Siapa yang membayar iuran 300 pekerja ini?');
    expect(payer[0]).toMatch(/1\. Dana desa \(APBDes\): Rp[\d.]+ \(per bulan Rp[\d.]+\)/);
    const consent = await as('pak')('1');
    expect(consent[0]).toContain('Saya menyatakan setiap pekerja di daftar ini sudah setuju datanya didaftarkan');
    expect((await as('pak')('ya setuju'))[0]).toContain('Mohon ketik pernyataannya persis');
    expect(referralCount()).toBe(0);
    const done = await as('pak')('saya menyatakan setiap pekerja di daftar ini sudah setuju datanya didaftarkan.');
    expect(done[0]).toContain('300 pekerja didaftarkan untuk *Desa Sukamaju*');
    expect(referralCount()).toBe(300);
    const batch = h.db.prepare("SELECT * FROM batches WHERE status = 'submitted'").get() as Record<string, unknown>;
    expect(batch).toMatchObject({ payer: 'apbdes', consent_by: 'test:pak', consent_at: h.clock.ms, created_referrals: 300 });
    expect(String(batch.consent_text)).toContain('saya menyatakan');
    const stored = h.db
      .prepare('SELECT referrer_key, attributed_to, community_id, payer, count(*) AS n FROM referrals GROUP BY 1, 2, 3, 4')
      .all();
    expect(stored).toEqual([
      { referrer_key: 'test:pak', attributed_to: 'test:pak', community_id: batch.community_id, payer: 'apbdes', n: 300 },
    ]);

    // The same file again creates nothing new.
    await as('pak')('unggah');
    const again = await sendDocument('pak', 'warga-benar.xlsx', fixed);
    expect(again[0]?.text).toContain('File ini sudah pernah dikirim dan didaftarkan');
    expect(referralCount()).toBe(300);
    await as('pak')('batal');
    await as('pak')('ya');

    const stats = await as('pak')('statistik');
    expect(stats[0]).toContain('🏡 Desa Sukamaju: ▓▓▓▓▓▓▓▓▓▓ 300/100');
    expect(stats[0]).toContain('diajukan 300');
    expect(stats[0]).toContain('Lewat unggahan: 300 pekerja dari 1 file');
  });

  it('refuses files over the limits and what is no spreadsheet, with a clear reply', async () => {
    const code = await requestAndApprove();
    await as('boss')(`setujui ${code}`);
    await as('pak')('unggah');
    expect((await sendDocument('pak', 'foto.jpg', Buffer.from('x')))[0]?.text).toContain('bukan .xlsx atau .csv');
    const big: IncomingDocument = { name: 'besar.xlsx', size: 6 * 1024 * 1024, read: async () => Buffer.alloc(0) };
    await h.app.bot.handle(h.channel, { chatId: 'pak', messageId: 'big-1', text: '', kind: 'media', document: big });
    expect(h.channel.transcript('pak').at(-1)).toContain('File terlalu besar (paling besar 5 MB)');
    const many = await sendDocument('pak', 'banyak.csv', await sheetFile(rows(2001, false), 'csv'));
    expect(many[0]?.text).toContain('lebih dari 2.000 baris');
    const broken: IncomingDocument = { name: 'hilang.xlsx', size: 10, read: async () => Promise.reject(new Error('expired')) };
    await h.app.bot.handle(h.channel, { chatId: 'pak', messageId: 'lost-1', text: '', kind: 'media', document: broken });
    expect(h.channel.transcript('pak').at(-1)).toContain('File belum bisa diunduh');
    const csv = await sendDocument('pak', 'warga.csv', await sheetFile(rows(20, false), 'csv'));
    expect(csv[0]?.text).toContain('*20 baris siap*');
  });
});

describe('npm run admin -- desa', () => {
  it('lists waiting requests, approves one and declines another with a reason, audited as the chat is', async () => {
    const first = await requestAndApprove();
    await as('bu')('halo');
    await as('bu')('saya babinsa');
    for (const line of ['sukamaju cibeber', '1', 'Paguyuban Warga Sukamaju', 'nomor kantor 0263-123']) await as('bu')(line);
    const second = /\*(REQ-[A-Z0-9]{5})\*/.exec((await as('bu')('ya'))[0] ?? '')?.[1] ?? '';
    const path = join(tmp.dir, 'daftarin.db');
    const list = runAdminOn(path, ['desa', 'list']);
    expect(list.out).toContain(`${first}  Desa Sukamaju  kepala_desa  Sukamaju, Cibeber, Kabupaten Cianjur  from test:pak`);
    expect(list.out).toContain(`${second}  Paguyuban Warga Sukamaju  babinsa`);
    const approved = runAdminOn(path, ['desa', 'approve', first]);
    expect(approved).toMatchObject({ status: 0 });
    expect(approved.out).toMatch(
      new RegExp(`Approved ${first}: community "Desa Sukamaju" with code \\S+; test:pak is its admin and was told.`),
    );
    expect(runAdminOn(path, ['desa', 'decline', second]).err).toContain('--reason is required');
    expect(runAdminOn(path, ['desa', 'decline', second, '--reason', 'sudah ada komunitas desa']).out).toContain(`Declined ${second}`);
    expect(runAdminOn(path, ['desa', 'approve', second])).toMatchObject({ status: 1, err: expect.stringContaining('already decided') });
    expect(runAdminOn(path, ['desa', 'approve', 'REQ-ZZZZZ'])).toMatchObject({ status: 1, err: expect.stringContaining('No request') });
    const actions = auditStore(h.db)
      .recent()
      .map((a) => `${a.action} ${a.actor}`);
    expect(actions).toEqual(
      expect.arrayContaining([expect.stringMatching(/^desa\.approve cli:/), expect.stringMatching(/^desa\.decline cli:/)]),
    );
    expect(outboxTo('bu').at(-1)).toContain('Alasan petugas: sudah ada komunitas desa');
  });
});

describe("operators decide their region's requests", () => {
  /** A kepala desa of Cikokol, Kota Tangerang (36.71.01.1005) asks; returns the request's code. */
  async function requestFromCikokol() {
    for (const who of ['boss', 'op3671', 'op3201', 'pak']) await as(who)('halo');
    operatorStore(h.db).add('test:op3671', '36.71', 'test', 1);
    operatorStore(h.db).add('test:op3201', '32.01', 'test', 1);
    for (const line of ['saya kepala desa', 'cikokol tangerang']) await as('pak')(line);
    const pick = (await as('pak')('1')).join('\n');
    expect(pick).toContain('Desa Cikokol');
    for (const line of ['1', '1']) await as('pak')(line);
    const code = /\*(REQ-[A-Z0-9]{5})\*/.exec((await as('pak')('ya'))[0] ?? '')?.[1] ?? '';
    expect(desaRequestStore(h.db).byCode(code)?.village_code).toBe('36.71.01.1005');
    return code;
  }

  it('an operator of 36.71 is told and approves; one of 32.01 is neither told nor allowed, in chat', async () => {
    const code = await requestFromCikokol();
    expect(outboxTo('op3671').at(-1)).toContain(`Permintaan komunitas desa *${code}*`);
    expect(outboxTo('boss').at(-1)).toContain(`Permintaan komunitas desa *${code}*`);
    expect(outboxTo('op3201').join('\n')).not.toContain(code);
    expect((await as('op3201')('permintaan desa'))[0]).toBe(t('id', 'village.req.none_waiting'));
    const refused = t('id', 'village.req.out_of_region', { code, region: 'Kabupaten Bogor' });
    expect(await as('op3201')(`setujui ${code}`)).toEqual([refused]);
    expect(await as('op3201')(`tolak ${code} bukan desa yang benar`)).toEqual([refused]);
    expect(desaRequestStore(h.db).byCode(code)?.status).toBe('menunggu');
    expect((await as('op3671')('permintaan desa'))[0]).toContain(`*${code}* Desa Cikokol`);
    expect((await as('op3671')(`setujui ${code}`))[0]).toMatch(new RegExp(`✅ ${code} disetujui: komunitas \\*Desa Cikokol\\*`));
    expect(desaRequestStore(h.db).byCode(code)).toMatchObject({ status: 'disetujui', decided_by: 'test:op3671' });
    const audit = auditStore(h.db)
      .recent()
      .map((a) => `${a.action} ${a.actor}`);
    expect(audit).toEqual(
      expect.arrayContaining(['desa.approve test:op3671', 'desa.approve.refused test:op3201', 'desa.decline.refused test:op3201']),
    );
  });

  it('npm run admin -- desa approve|decline --as an operator: refused outside the region, done inside it', async () => {
    const code = await requestFromCikokol();
    const path = join(tmp.dir, 'daftarin.db');
    const refused = runAdminOn(path, ['desa', 'decline', code, '--reason', 'bukan wilayah', '--as', 'test:op3201']);
    expect(refused).toMatchObject({ status: 1 });
    expect(refused.err).toContain(t('id', 'village.req.out_of_region', { code, region: 'Kabupaten Bogor' }));
    expect(runAdminOn(path, ['desa', 'approve', code, '--as', 'test:nobody']).err).toContain('neither a super-admin nor an operator');
    expect(desaRequestStore(h.db).byCode(code)?.status).toBe('menunggu');
    expect(runAdminOn(path, ['desa', 'approve', code, '--as', 'test:op3671'])).toMatchObject({ status: 0 });
    expect(desaRequestStore(h.db).byCode(code)).toMatchObject({ status: 'disetujui', decided_by: 'test:op3671' });
    expect(
      auditStore(h.db)
        .recent()
        .map((a) => `${a.action} ${a.actor}`),
    ).toEqual(expect.arrayContaining(['desa.decline.refused test:op3201', 'desa.approve test:op3671']));
  });
});

describe("a pillar's personal link", () => {
  it('credits whoever it brings to the pillar, within the desa community', async () => {
    const code = await requestAndApprove();
    await as('boss')(`setujui ${code}`);
    const personal = /start=(R-[A-Z0-9]{5})/.exec(outboxTo('pak').at(-1) ?? '')?.[1] ?? '';
    const community = desaRequestStore(h.db).byCode(code)?.community_id;
    await as('warga')(`/start ${personal}`);
    await as('warga')('tidak');
    for (const line of registrationAnswers('3203034101900031')) await as('warga')(line);
    await as('warga')('1');
    expect(h.db.prepare("SELECT community_id, attributed_to FROM referrals WHERE referrer_key = 'test:warga'").all()).toEqual([
      { community_id: community, attributed_to: 'test:pak' },
    ]);
  });
});
