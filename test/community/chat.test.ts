import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { communityStore } from '../../src/store/communities.ts';
import { registrationAnswers } from '../faults/scripts.ts';
import { startApp } from '../support/app.ts';
import { tempDir } from '../support/harness.ts';

let tmp: ReturnType<typeof tempDir>;
let h: ReturnType<typeof startApp>;
let bakso: number;
let ojek: number;

beforeEach(() => {
  tmp = tempDir();
  h = startApp(tmp.dir, { env: { TELEGRAM_BOT_USERNAME: 'daftarin_bot', WHATSAPP_NUMBER: '6281100000000', ADMIN_IDS: 'test:boss' } });
  const c = communityStore(h.db);
  bakso = c.create('BAKSO-CKK', 'Paguyuban Bakso Cikokol', 'test', 1).id;
  ojek = c.create('OJEK-PSR', 'Pangkalan Ojek Pasar', 'test', 1).id;
  c.addAdmin(bakso, 'test:adminA', 'test', 1);
  c.addAdmin(ojek, 'test:adminB', 'test', 1);
});
afterEach(async () => {
  await h.close();
  tmp.cleanup();
});

const as = (chatId: string) => (text: string) => h.channel.say(text, { chatId });

/** Registers a worker from chat `chatId` (already past the greeting); returns the done messages. */
async function register(chatId: string, nik: string) {
  const say = as(chatId);
  for (const line of registrationAnswers(nik)) await say(line);
  return say('1');
}

describe('arriving through a sign-up link', () => {
  it('greets with the community name, asks about announcements, stores the answer with its date', async () => {
    const r = await as('w1')('/start BAKSO-CKK');
    expect(r[0]).toContain('selamat datang di *daftarin*');
    expect(r[1]).toContain('Kakak bergabung lewat *Paguyuban Bakso Cikokol*');
    expect(r[2]).toContain('Mau menerima pengumuman dari Paguyuban Bakso Cikokol');
    const done = await as('w1')('ya');
    expect(done[0]).toContain('akan menerima pengumuman');
    expect(done[1]).toContain('Balas dengan angka menu');
    expect(h.db.prepare('SELECT via_code, opted_in, opted_at FROM memberships WHERE user_key = ?').get('test:w1')).toEqual({
      via_code: 'BAKSO-CKK',
      opted_in: 1,
      opted_at: h.clock.ms,
    });
  });

  it('works from WhatsApp\'s prefilled "DAFTAR CODE" text too, in any case', async () => {
    const r = await as('w2')('daftar ojek-psr');
    expect(r[1]).toContain('Pangkalan Ojek Pasar');
    await as('w2')('tidak');
    expect(h.db.prepare('SELECT opted_in FROM memberships WHERE user_key = ?').get('test:w2')).toEqual({ opted_in: 0 });
  });

  it('attributes what the arrival registers to the community', async () => {
    await as('w3')('/start BAKSO-CKK');
    await as('w3')('ya');
    const done = await register('w3', '3201011708850001');
    expect(done[0]).toContain('Kode rujukan');
    expect(h.db.prepare('SELECT community_id, attributed_to FROM referrals').get()).toEqual({ community_id: bakso, attributed_to: null });
  });

  it('gives a referrer a personal link; what arrives through it is attributed to them and their community', async () => {
    await as('w4')('/start BAKSO-CKK');
    await as('w4')('ya');
    const done = await register('w4', '3201011708850001');
    const share = done.find((m) => m.includes('Kode ajak Kakak')) ?? '';
    const code = /\*(R-\w{5})\*/.exec(share)?.[1] as string;
    expect(share).toContain(`https://t.me/daftarin_bot?start=${code}`);
    expect(share).toContain(`https://wa.me/6281100000000?text=DAFTAR%20${code}`);
    const arrival = await as('friend')(`/start ${code}`);
    expect(arrival[1]).toContain('Paguyuban Bakso Cikokol');
    await as('friend')('tidak');
    await register('friend', '3201011708850002');
    const rows = h.db.prepare('SELECT referrer_key, community_id, attributed_to FROM referrals ORDER BY id').all();
    expect(rows[1]).toEqual({ referrer_key: 'test:friend', community_id: bakso, attributed_to: 'test:w4' });
  });

  it('reads "daftar sendiri" as words, not as a sign-up code', async () => {
    const r = await as('w7')('daftar sendiri');
    expect(r[0]).toContain('selamat datang di *daftarin*');
    expect(r[1]).toContain('Apakah Kakak setuju?');
  });

  it('ignores an unknown code politely', async () => {
    const r = await as('w5')('/start NOSUCH-1');
    expect(r).toHaveLength(2);
    expect(r[1]).toContain('Balas dengan angka menu');
  });
});

describe('berhenti and mulai', () => {
  it('work at any time, even in the middle of a registration, and keep the flow', async () => {
    await as('w6')('/start BAKSO-CKK');
    await as('w6')('ya');
    await as('w6')('daftar');
    const stop = await as('w6')('BERHENTI');
    expect(stop[0]).toContain('tidak akan menerima pengumuman lagi');
    expect(stop[1]).toContain('Apakah pekerja sudah setuju?');
    expect((h.db.prepare("SELECT opted_out_at FROM users WHERE key = 'test:w6'").get() as { opted_out_at: number }).opted_out_at).toBe(
      h.clock.ms,
    );
    // mulai asks before it says yes on the member's behalf (issue 12, item 13).
    expect((await as('w6')('mulai'))[0]).toContain('Terima lagi pengumuman dari *Paguyuban Bakso Cikokol*');
    const start = await as('w6')('ya');
    expect(start[0]).toContain('akan menerima pengumuman dari Paguyuban Bakso Cikokol');
    expect(h.db.prepare("SELECT opted_out_at FROM users WHERE key = 'test:w6'").get()).toEqual({ opted_out_at: null });
  });
});

describe('community admins', () => {
  async function members() {
    for (const [chat, answer] of [
      ['m1', 'ya'],
      ['m2', 'ya'],
      ['m3', 'tidak'],
      ['m4', 'ya'],
    ] as const) {
      await as(chat)('/start BAKSO-CKK');
      await as(chat)(answer);
    }
    await as('m4')('berhenti');
    await as('o1')('/start OJEK-PSR');
    await as('o1')('ya');
  }

  it('see admin entries in the menu; others do not', async () => {
    const admin = await as('adminA')('halo');
    expect(admin.at(-1)).toContain('Kirim pengumuman (siaran)');
    const member = await as('m9')('halo');
    expect(member.at(-1)).not.toContain('siaran');
  });

  it('announce only to opted-in, reachable members of their own community, after a preview', async () => {
    await members();
    await as('adminA')('halo');
    expect((await as('adminA')('siaran'))[0]).toContain('Ketik isi pengumuman untuk anggota Paguyuban Bakso Cikokol');
    expect((await as('adminA')('hai'))[0]).toContain('yang Kakak kirim 3 karakter');
    const preview = await as('adminA')('Sosialisasi BPJS hari Sabtu jam 9 di balai desa');
    expect(preview[0]).toContain('Akan dikirim ke *2* anggota');
    expect(preview[0]).toContain('2 anggota dilewati');
    expect((await as('adminA')('ya'))[0]).toContain('Siaran dijadwalkan ke 2 anggota');
    const queued = h.db.prepare('SELECT chat_id, text FROM outbox WHERE broadcast_id IS NOT NULL ORDER BY chat_id').all() as {
      chat_id: string;
      text: string;
    }[];
    expect(queued.map((q) => q.chat_id)).toEqual(['m1', 'm2']);
    expect(queued[0]?.text).toContain('📢 *Paguyuban Bakso Cikokol*');
    expect(h.db.prepare("SELECT action FROM audit WHERE action = 'broadcast.create'").all()).toHaveLength(1);
  });

  it('see only their own community in statistics and exports', async () => {
    await members();
    await as('o1')('halo');
    await register('o1', '3201011708850003');
    const statsA = (await as('adminA')('statistik')).join('\n');
    expect(statsA).toContain('Paguyuban Bakso Cikokol');
    expect(statsA).not.toContain('Pangkalan Ojek Pasar');
    expect((await as('adminA')('statistik OJEK-PSR'))[0]).toContain('tidak ditemukan di komunitas yang Kakak kelola');
    const statsB = (await as('adminB')('statistik')).join('\n');
    expect(statsB).toContain('Pangkalan Ojek Pasar');
    await as('adminA')('unduh');
    const doc = h.channel.sent.at(-1)?.reply.document;
    expect(doc?.filename).toMatch(/^daftarin-BAKSO-CKK-/);
    expect(doc?.content.toString()).not.toContain('o1');
    await as('adminB')('unduh');
    const docB = h.channel.sent.at(-1)?.reply.document;
    // Only what a community admin needs to follow up (issue 12): no chat ids, no NIK, not even masked.
    const rowsB = docB?.content.toString().split('\n') ?? [];
    expect(rowsB[0]).toBe('code,status,created_at,village,occupation,worker_first_name,referrer_name');
    expect(rowsB[1]).toMatch(/^DFT-\w{5},diajukan,/);
    expect(docB?.content.toString()).not.toContain('test:o1');
    expect(docB?.content.toString()).not.toContain('*');
  });

  it('a super-admin creates a community and adds an admin in chat', async () => {
    await as('boss')('halo');
    const created = await as('boss')('komunitas baru Paguyuban Seniman Tangerang');
    const code = /kode \*([A-Z0-9-]+)\*/.exec(created[0] ?? '')?.[1] as string;
    expect(code).toBeDefined();
    expect((await as('boss')(`tambah admin ${code} telegram:777`))[0]).toContain('telegram:777 sekarang admin Paguyuban Seniman Tangerang');
    // A community admin is not a super-admin: they cannot create communities.
    await as('adminA')('halo');
    expect((await as('adminA')('komunitas baru Geng Lain'))[0]).not.toContain('dibuat dengan kode');
    expect(h.db.prepare('SELECT count(*) AS n FROM communities').get()).toEqual({ n: 3 });
    expect(h.db.prepare("SELECT action FROM audit WHERE action LIKE 'community.%' ORDER BY id").all()).toEqual([
      { action: 'community.create' },
      { action: 'community.add_admin' },
    ]);
  });
});
