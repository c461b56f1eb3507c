import { afterEach, describe, expect, it } from 'vitest';
import { matchTopic } from '../../src/faq/matcher.ts';
import { unansweredLog } from '../../src/faq/unanswered.ts';
import { loadLearnedPhrases } from '../../src/features/faq-learning.ts';
import { PAGE_SIZE } from '../../src/panel/referrals.ts';
import { writeSheet } from '../../src/reports/spreadsheet.ts';
import { CODE_CIANJUR, CODE_TANGERANG, NIK, PEOPLE, panelFixture, VILLAGE_TANGERANG } from './support.ts';

let f: ReturnType<typeof panelFixture>;
afterEach(() => f?.close());

const status = (code: string) =>
  f.db.prepare('SELECT status, kpj, reason FROM referrals WHERE code = ?').get(code) as {
    status: string;
    kpj: string | null;
    reason: string | null;
  };
const outbox = () =>
  f.db.prepare('SELECT channel, chat_id, text FROM outbox ORDER BY id').all() as { channel: string; chat_id: string; text: string }[];
const audit = (action: string) => f.db.prepare('SELECT actor, detail FROM audit WHERE action = ? ORDER BY id').all(action);

describe('panel: processing referrals', () => {
  it('marks a referral registered with its KPJ and queues the referrer’s notice, as the CLI does', async () => {
    f = panelFixture();
    const op = await f.loginAs(PEOPLE.operatorIn);
    const bad = await op.post(`/referrals/${CODE_TANGERANG}/register`, { kpj: '1234' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Nomor KPJ harus 11 angka.');
    const res = await op.post(`/referrals/${CODE_TANGERANG}/register`, { kpj: '1234-5678-901' });
    expect(res.headers.get('location')).toBe(`/referrals/${CODE_TANGERANG}?done=registered`);
    expect(status(CODE_TANGERANG)).toEqual({ status: 'terdaftar', kpj: '12345678901', reason: null });
    const [notice] = outbox();
    expect(notice).toMatchObject({ channel: 'telegram', chat_id: '3001' });
    expect(notice?.text).toContain('Nomor peserta (KPJ): *12345678901*');
    expect(audit('panel.terdaftar')).toEqual([{ actor: PEOPLE.operatorIn, detail: CODE_TANGERANG }]);
    const page = await (await op.get(`/referrals/${CODE_TANGERANG}?done=registered`)).text();
    expect(page).toContain('Ditandai terdaftar.');
    expect(page).not.toContain('Simpan terdaftar');
  });

  it('rejects with a picked reason and free text; the referrer reads both', async () => {
    f = panelFixture();
    const me = await f.loginAs(PEOPLE.super);
    expect((await me.post(`/referrals/${CODE_TANGERANG}/reject`, { reason: '' })).status).toBe(400);
    expect((await me.post(`/referrals/${CODE_TANGERANG}/reject`, { preset: '0', reason: 'cek digit ke-7' })).status).toBe(303);
    expect(status(CODE_TANGERANG)).toEqual({
      status: 'ditolak',
      kpj: null,
      reason: 'NIK tidak cocok dengan data Dukcapil — cek digit ke-7',
    });
    expect(outbox()[0]?.text).toContain('NIK tidak cocok dengan data Dukcapil — cek digit ke-7');
    // Processed once: marking it again is refused and tells nobody anything new.
    expect((await me.post(`/referrals/${CODE_TANGERANG}/register`, { kpj: '12345678901' })).status).toBe(400);
    expect(outbox()).toHaveLength(1);
  });

  it('shows the NIK masked; revealing it asks for a reason and is audited', async () => {
    f = panelFixture();
    const op = await f.loginAs(PEOPLE.operatorIn);
    const page = await (await op.get(`/referrals/${CODE_TANGERANG}`)).text();
    expect(page).toContain('************0001');
    expect(page).not.toContain(NIK);
    expect((await op.post(`/referrals/${CODE_TANGERANG}/reveal`, { reason: '' })).status).toBe(400);
    expect(audit('panel.reveal_nik')).toEqual([]);
    const shown = await (await op.post(`/referrals/${CODE_TANGERANG}/reveal`, { reason: 'cocokkan dengan KTP' })).text();
    expect(shown).toContain(`<strong class="nik">${NIK}</strong>`);
    expect(audit('panel.reveal_nik')).toEqual([{ actor: PEOPLE.operatorIn, detail: `${CODE_TANGERANG} reason=cocokkan dengan KTP` }]);
    // A community admin sees the referral of their community, never the NIK, and cannot act on it.
    const admin = await f.loginAs(PEOPLE.communityAdmin);
    const theirs = await (await admin.get(`/referrals/${CODE_TANGERANG}`)).text();
    expect(theirs).toContain('************0001');
    expect(theirs).not.toContain('Tampilkan NIK');
    expect(theirs).not.toContain('Simpan terdaftar');
  });

  it('filters and paginates the queue inside the role’s scope, and exports the filtered view as CSV', async () => {
    f = panelFixture();
    for (let i = 0; i < PAGE_SIZE + 5; i++) f.seed.referral('telegram:3001', { village: VILLAGE_TANGERANG, communityId: f.communityA });
    const op = await f.loginAs(PEOPLE.operatorIn);
    const first = await (await op.get('/referrals')).text();
    expect(first).toContain(`${PAGE_SIZE + 6} pendaftaran · halaman 1 dari 2`);
    expect(first).not.toContain(CODE_CIANJUR);
    expect(first).toContain('rel="next"');
    const second = await (await op.get('/referrals?page=2')).text();
    expect(second.match(/<tr><td><a href="\/referrals\//g)).toHaveLength(6);
    const byCode = await (await op.get('/referrals?q=aaaa2')).text();
    expect(byCode).toContain('1 pendaftaran');
    const everywhere = await f.loginAs(PEOPLE.super);
    expect(await (await everywhere.get('/referrals?region=32.03')).text()).toContain('1 pendaftaran');
    expect(await (await everywhere.get('/referrals?community=OJEK-CJR&status=diajukan')).text()).toContain('1 pendaftaran');
    expect(await (await everywhere.get('/referrals?status=terdaftar')).text()).toContain('0 pendaftaran');

    const csv = await (await op.get('/referrals.csv?q=AAAA2')).text();
    const lines = csv.trim().split('\n');
    expect(lines[0]).toMatch(/^code,status,created_at,/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`${CODE_TANGERANG},diajukan,`);
    expect(lines[1]).toContain('************0001');
    expect(csv).not.toContain(NIK);
    // The operator's region holds everything they may export: Cianjur's referral never appears.
    expect(await (await op.get('/referrals.csv')).text()).not.toContain(CODE_CIANJUR);
  });
});

describe('panel: uploading results', () => {
  const csv = `code,kpj\n${CODE_TANGERANG},12345678901\n${CODE_CIANJUR},ditolak,NIK tidak cocok\nDFT-ZZZZ9,12345678901\n`;

  it('previews every row with its problem, applies the good ones, and applying twice changes nothing', async () => {
    f = panelFixture();
    const op = await f.loginAs(PEOPLE.operatorIn);
    const preview = await (await op.post('/upload', { csv })).text();
    expect(preview).toContain('1 siap diterapkan, 0 sudah sesuai, 2 bermasalah.');
    // Cianjur is outside this operator's region: to them it does not exist.
    expect(preview.match(/Kode tidak ditemukan/g)).toHaveLength(2);
    expect(status(CODE_TANGERANG).status).toBe('diajukan');

    const applied = await (await op.post('/upload/apply', { csv })).text();
    expect(applied).toContain('1 diubah, 0 tidak berubah, 2 bermasalah.');
    expect(status(CODE_TANGERANG)).toEqual({ status: 'terdaftar', kpj: '12345678901', reason: null });
    expect(status(CODE_CIANJUR).status).toBe('diajukan');
    expect(outbox()).toHaveLength(1);

    const again = await (await op.post('/upload/apply', { csv })).text();
    expect(again).toContain('0 diubah, 1 tidak berubah, 2 bermasalah.');
    expect(outbox()).toHaveLength(1);
    expect(audit('upload.terdaftar')).toEqual([{ actor: PEOPLE.operatorIn, detail: CODE_TANGERANG }]);
  });

  it('applies rejections with their reason for a super-admin, and says what is wrong with a bad row', async () => {
    f = panelFixture();
    const me = await f.loginAs(PEOPLE.super);
    const preview = await (await me.post('/upload', { csv: `${CODE_CIANJUR},ditolak,\n${CODE_TANGERANG},123` })).text();
    expect(preview).toContain('Tulis alasan penolakan');
    expect(preview).toContain('Nomor KPJ harus 11 angka.');
    await me.post('/upload/apply', { csv: `${CODE_CIANJUR},ditolak,"NIK tidak cocok, cek KTP"` });
    expect(status(CODE_CIANJUR)).toEqual({ status: 'ditolak', kpj: null, reason: 'NIK tidak cocok, cek KTP' });
    // An Excel file is read too (as the village bulk upload reads it); a file that is not one is refused.
    const upload = (name: string, content: Buffer) => {
      const form = new FormData();
      form.set('_csrf', me.csrf());
      form.set('file', new File([new Uint8Array(content)], name));
      return f.app.request('/upload', { method: 'POST', headers: { cookie: `daftarin_panel=${me.cookie}` }, body: form });
    };
    const xlsx = await writeSheet({ sheetName: 'hasil', header: ['code', 'kpj'], rows: [[CODE_TANGERANG, '12345678901']] }, 'xlsx');
    expect(await (await upload('hasil.xlsx', xlsx)).text()).toContain('1 siap diterapkan, 0 sudah sesuai, 0 bermasalah.');
    expect(await (await upload('hasil.xlsx', Buffer.from('not a spreadsheet'))).text()).toContain('bukan CSV atau Excel');
  });
});

describe('panel: communities, announcements and questions', () => {
  it('creates a community, adds and removes an admin, and serves its QR poster', async () => {
    f = panelFixture();
    const me = await f.loginAs(PEOPLE.super);
    const created = await me.post('/communities', { name: '  Paguyuban   Ojek Karawaci ' });
    const where = created.headers.get('location') ?? '';
    expect(where).toMatch(/^\/communities\/[A-Z-]+$/);
    expect(await (await me.get(where)).text()).toContain('<h1>Paguyuban Ojek Karawaci</h1>');
    expect((await me.post('/communities', { name: 'ab' })).status).toBe(400);
    await me.post(`${where}/admins`, { admin: 'telegram:777' });
    expect(await (await me.get(where)).text()).toContain('<li>telegram:777 <form');
    await me.post(`${where}/admins/remove`, { admin: 'telegram:777' });
    expect(await (await me.get(where)).text()).not.toContain('telegram:777');
    expect(audit('community.remove_admin')).toHaveLength(1);
    // Members with whether they take announcements; a member without a name shows a masked chat id.
    f.seed.member(f.communityA, 'whatsapp:6281234567890@c.us', { via: 'BAKSO-CKK', optedIn: false });
    const detail = await (await me.get('/communities/BAKSO-CKK')).text();
    expect(detail).toMatch(/<tr><td>Bu Sri<\/td><td>[\d-]+ [\d:]+<\/td><td>mau<\/td><\/tr>/);
    expect(detail).toMatch(/<tr><td>whatsapp:6281\*+890<\/td><td>[\d-]+ [\d:]+<\/td><td>tidak mau<\/td><\/tr>/);
    // The list counts each community's members (the new community has none yet).
    const list = await (await me.get('/communities')).text();
    expect(list).toMatch(/>BAKSO-CKK<\/a><\/td><td>[^<]+<\/td><td>2<\/td>/);
    expect(list).toMatch(/>Paguyuban Ojek Karawaci<\/td><td>0<\/td>/);
    const poster = await me.get('/communities/BAKSO-CKK/poster.png?link=whatsapp');
    expect(poster.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await poster.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
  });

  it('previews an announcement with its recipients, queues it through the outbox, shows progress and stops it', async () => {
    f = panelFixture();
    f.seed.member(f.communityA, 'telegram:3003', { via: 'BAKSO-CKK' });
    f.seed.member(f.communityA, 'telegram:3004', { via: 'BAKSO-CKK', optedIn: false });
    const admin = await f.loginAs(PEOPLE.communityAdmin);
    const preview = await (await admin.post('/broadcasts/preview', { community: 'BAKSO-CKK', text: 'Rapat <Jumat>' })).text();
    expect(preview).toContain('Akan dikirim ke 2 anggota Paguyuban Bakso Cikokol yang setuju menerima siaran (1 lainnya tidak).');
    expect(preview).toContain('Rapat &lt;Jumat&gt;');
    expect(outbox()).toEqual([]);
    const sent = await admin.post('/broadcasts', { community: 'BAKSO-CKK', text: 'Rapat <Jumat>' });
    const where = sent.headers.get('location') ?? '';
    expect(outbox().map((o) => o.chat_id)).toEqual(['3001', '3003']);
    const progress = await (await admin.get(`${where}/progress`)).json();
    expect(progress).toMatchObject({ recipients: 2, sent: 0, pending: 2, state: 'sending' });
    f.db.prepare("UPDATE outbox SET state = 'sent', sent_at = 1 WHERE chat_id = '3001'").run();
    expect(await (await admin.get(`${where}/progress`)).json()).toMatchObject({ sent: 1, pending: 1 });
    await admin.post(`${where}/stop`);
    expect(await (await admin.get(`${where}/progress`)).json()).toMatchObject({ sent: 1, cancelled: 1, pending: 0, state: 'cancelled' });
    expect(audit('broadcast.cancel')).toEqual([{ actor: PEOPLE.communityAdmin, detail: `id=${where.split('/').pop()}` }]);
    // Another community's admin can neither send to this community nor watch this broadcast.
    const other = await f.loginAs(PEOPLE.otherAdmin);
    expect((await other.post('/broadcasts', { community: 'BAKSO-CKK', text: 'spam' })).status).toBe(404);
    expect((await other.get(where)).status).toBe(404);
  });

  it('groups unanswered questions; attaching one to a topic teaches the matcher at once and survives a restart', async () => {
    f = panelFixture();
    const phrase = 'kalo gerobak saya dicolong maling gimana';
    expect(matchTopic(phrase)).toBeUndefined();
    const unanswered = unansweredLog(f.db);
    unanswered.record(phrase, 'id', f.now());
    unanswered.record('Kalo gerobak saya dicolong maling, gimana?', 'id', f.now());
    unanswered.record('jam buka kantor', 'id', f.now());
    const me = await f.loginAs(PEOPLE.super);
    const page = await (await me.get('/questions')).text();
    // One group for both wordings, shown as most recently asked.
    expect(page).toContain('<q>Kalo gerobak saya dicolong maling, gimana?</q> <span class="num">×2</span>');
    expect(page).toContain('<q>jam buka kantor</q> <span class="num">×1</span>');
    try {
      await me.post('/questions/learn', { topic: 'not_covered', question: 'Kalo gerobak saya dicolong maling, gimana?' });
      expect(matchTopic(phrase)?.topic).toBe('not_covered');
      expect(await (await me.get('/questions')).text()).not.toContain('dicolong');
      // A new process loads what was learned from the database.
      loadLearnedPhrases(f.db);
      expect(matchTopic('gerobak dicolong maling gimana')?.topic).toBe('not_covered');
      expect(audit('faq.learn')).toEqual([
        { actor: PEOPLE.super, detail: 'topic=not_covered phrase=kalo gerobak saya dicolong maling, gimana?' },
      ]);
    } finally {
      f.db.prepare('DELETE FROM faq_learned').run();
      loadLearnedPhrases(f.db);
    }
    expect(matchTopic(phrase)).toBeUndefined();
  });

  it('filters the audit trail by who and what', async () => {
    f = panelFixture();
    const me = await f.loginAs(PEOPLE.super);
    await me.post(`/referrals/${CODE_TANGERANG}/register`, { kpj: '12345678901' });
    const page = await (await me.get('/audit?action=panel.terdaftar')).text();
    expect(page).toContain(`<td>${PEOPLE.super}</td><td>panel.terdaftar</td><td>${CODE_TANGERANG}</td>`);
    expect(page).not.toContain('panel.login');
    expect(await (await me.get(`/audit?actor=${encodeURIComponent(PEOPLE.operatorIn)}`)).text()).not.toContain('panel.terdaftar');
  });

  it('shows the funnel and per-desa progress of the role’s scope on the home page', async () => {
    f = panelFixture();
    const op = await f.loginAs(PEOPLE.operatorIn);
    const page = await (await op.get('/')).text();
    expect(page).toContain('<li><span class="num">1</span> diajukan (semua)</li>');
    // A region cannot tell registrations still being filled in (their village is not known yet).
    expect(page).toContain(
      '<li><span class="num">—</span> sedang diisi (tidak bisa dihitung per wilayah: desanya belum tentu sudah diisi)</li>',
    );
    expect(page).toContain('<span>Cikokol, Tangerang</span>');
    expect(page).toContain('<progress max="100" value="1"></progress>');
    expect(page).not.toContain('Sukamaju');
    expect(page).toMatch(/<svg class="chart"[^>]*role="img"/);
    expect(page).toMatch(/<title>\d{4}-\d{2}-\d{2}: 1<\/title>/);
  });
});
