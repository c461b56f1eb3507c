import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { warmAreas } from '../../src/domain/areas.ts';
import { communityStats, formatStats, maskChatId, progressBar } from '../../src/reports/stats.ts';
import { type Db, openDatabase } from '../../src/store/db.ts';
import { seeder } from './seed.ts';

const SUKAMAJU_JONGGOL = '32.01.06.2001';
const SUKAMAJU_CIBUNGBULANG = '32.01.16.2013';
const PONDOK_RAJEG = '32.01.01.1001'; // a kelurahan
const SIRNAGALIH = '32.01.06.2002';

let db: Db;
let a: number;
let b: number;

// Stats name each desa; as at start in main.ts, the area data is loaded before the first lookup.
beforeAll(() => warmAreas());

beforeEach(() => {
  db = openDatabase(':memory:');
  const s = seeder(db);
  a = s.community('BAKSO-CKK', 'Paguyuban Bakso Cikokol');
  b = s.community('OJEK-PSR', 'Pangkalan Ojek Pasar');
  // Community A: five members, three through the community link, two through Sari's personal link.
  s.member(a, 'telegram:1001', { via: 'BAKSO-CKK', name: 'Sari' });
  s.member(a, 'whatsapp:6281234567890@c.us', { via: 'BAKSO-CKK', optedIn: false });
  s.member(a, 'telegram:1003', { via: 'BAKSO-CKK', optedIn: null });
  db.prepare("INSERT INTO personal_codes (code, user_key, created_at) VALUES ('R-SARI2', 'telegram:1001', 0)").run();
  s.member(a, 'telegram:1004', { via: 'R-SARI2' });
  s.member(a, 'telegram:1005', { via: 'R-SARI2', optedOut: true });
  s.inProgress('telegram:1003');
  s.inProgress('telegram:1004');
  // A's referrals: 62 open in Sukamaju (Jonggol), plus rejected and withdrawn ones that do not count there.
  for (let i = 0; i < 40; i++) s.referral('telegram:1001', { village: SUKAMAJU_JONGGOL, communityId: a });
  for (let i = 0; i < 22; i++)
    s.referral('whatsapp:6281234567890@c.us', { village: SUKAMAJU_JONGGOL, communityId: a, status: 'terdaftar' });
  for (let i = 0; i < 3; i++) s.referral('telegram:1004', { village: SUKAMAJU_JONGGOL, communityId: a, status: 'ditolak' });
  for (let i = 0; i < 2; i++) s.referral('telegram:1004', { village: SUKAMAJU_JONGGOL, communityId: a, status: 'dibatalkan' });
  for (let i = 0; i < 5; i++) s.referral('telegram:1004', { village: PONDOK_RAJEG, communityId: a });
  // Community B, in another Sukamaju, and a registration with no community at all.
  s.member(b, 'telegram:2001', { via: 'OJEK-PSR', name: 'Joko Ojek' });
  s.member(b, 'telegram:2002', { via: 'OJEK-PSR' });
  s.inProgress('telegram:2002');
  for (let i = 0; i < 10; i++) s.referral('telegram:2001', { village: SUKAMAJU_CIBUNGBULANG, communityId: b });
  s.referral('telegram:9999', { village: SIRNAGALIH, communityId: null });
});
afterEach(() => db.close());

describe('community statistics', () => {
  it('count members, opt-ins, arrivals per link, registrations by status, referrers and desa', () => {
    const st = communityStats(db, { communityId: a, targetPerDesa: 100 });
    expect(st.community).toEqual({ id: a, code: 'BAKSO-CKK', name: 'Paguyuban Bakso Cikokol' });
    expect(st.members).toBe(5);
    expect(st.optedIn).toBe(2); // 1001 and 1004; 1005 said berhenti since
    expect(st.arrivals).toEqual([
      { code: 'BAKSO-CKK', count: 3 },
      { code: 'R-SARI2', count: 2, owner: 'Sari' },
    ]);
    expect(st.started).toBe(2);
    expect(st.submitted).toBe(72);
    expect(st.byStatus).toEqual({ diajukan: 45, terdaftar: 22, ditolak: 3, dibatalkan: 2 });
    expect(st.topReferrers).toEqual([
      { name: 'Sari', count: 40 },
      { name: 'whatsapp:6281******890', count: 22 },
      { name: 'telegram:1***', count: 8 },
    ]);
    expect(st.desa).toEqual([
      { code: SUKAMAJU_JONGGOL, name: 'Sukamaju', district: 'Jonggol', kind: 'desa', count: 62 },
      { code: PONDOK_RAJEG, name: 'Pondok Rajeg', district: 'Cibinong', kind: 'kelurahan', count: 5 },
    ]);
  });

  it('of community A never include community B', () => {
    const text = formatStats(communityStats(db, { communityId: a, targetPerDesa: 100 }), 'id');
    for (const leak of ['OJEK-PSR', 'Pangkalan', 'Joko', 'Cibungbulang', '/100\nDesa Sukamaju', 'Sirnagalih'])
      expect(text).not.toContain(leak);
    const sb = communityStats(db, { communityId: b, targetPerDesa: 100 });
    expect(sb).toMatchObject({ members: 2, started: 1, submitted: 10, arrivals: [{ code: 'OJEK-PSR', count: 2 }] });
    expect(sb.desa.map((d) => d.code)).toEqual([SUKAMAJU_CIBUNGBULANG]);
    expect(JSON.stringify(sb)).not.toContain('BAKSO');
    expect(JSON.stringify(sb)).not.toContain('Sari');
  });

  it('for a super-admin cover everything, and tell same-named villages apart', () => {
    const all = communityStats(db, { targetPerDesa: 100 });
    expect(all.community).toBeUndefined();
    expect(all).toMatchObject({ members: 7, started: 3, submitted: 83 });
    const text = formatStats(all, 'id');
    expect(text).toContain('Statistik semua komunitas');
    expect(text).toContain('Desa Sukamaju (Jonggol) ▓▓▓▓▓▓░░░░ 62/100');
    expect(text).toContain('Desa Sukamaju (Cibungbulang) ▓░░░░░░░░░ 10/100');
    expect(text).toContain('Desa Sirnagalih ░░░░░░░░░░ 1/100');
  });

  it('read as a chat message in either language', () => {
    const st = communityStats(db, { communityId: a, targetPerDesa: 100 });
    expect(formatStats(st, 'id')).toBe(
      [
        '📊 *Statistik Paguyuban Bakso Cikokol* (kode BAKSO-CKK)',
        '',
        '👥 Anggota: 5 orang, 2 di antaranya bersedia menerima pengumuman',
        '',
        '🔗 Bergabung lewat link:',
        '• BAKSO-CKK: 3 orang',
        '• R-SARI2 (link ajak dari Sari): 2 orang',
        '',
        '📝 Pendaftaran: 2 sedang diisi, 72 sudah dikirim',
        '   • diajukan: 45',
        '   • terdaftar: 22',
        '   • ditolak: 3',
        '   • dibatalkan: 2',
        '',
        '🏆 Paling banyak mendaftarkan:',
        '1. Sari: 40 pekerja',
        '2. whatsapp:6281******890: 22 pekerja',
        '3. telegram:1***: 8 pekerja',
        '',
        '🏘️ Per desa (target 100 pekerja per desa):',
        'Desa Sukamaju ▓▓▓▓▓▓░░░░ 62/100',
        'Kel. Pondok Rajeg ░░░░░░░░░░ 5/100',
      ].join('\n'),
    );
    const en = formatStats(st, 'en');
    expect(en).toContain('Registrations: 2 being filled in, 72 submitted');
    expect(en).toContain('• registered: 22');
    expect(en).toContain('Desa Sukamaju ▓▓▓▓▓▓░░░░ 62/100');
  });

  it('use the configured target and say so when nothing is submitted yet', () => {
    const st = communityStats(db, { communityId: a, targetPerDesa: 50 });
    expect(formatStats(st, 'id')).toContain('Desa Sukamaju ▓▓▓▓▓▓▓▓▓▓ 62/50');
    const empty = seeder(db).community('KOSONG', 'Komunitas Kosong');
    const text = formatStats(communityStats(db, { communityId: empty, targetPerDesa: 100 }), 'id');
    expect(text).toContain('Anggota: 0 orang');
    expect(text).toContain('Belum ada yang bergabung lewat link.');
    expect(text).toContain('Belum ada pendaftaran per desa');
  });

  it('stay under 3,500 characters with many desa, links and long names (top 10 desa shown)', () => {
    const s = seeder(db);
    const big = s.community('BESAR', 'N'.repeat(200));
    const villages = Array.from({ length: 60 }, (_, i) => `32.01.06.${String(2001 + (i % 14)).padStart(4, '0')}`);
    for (let i = 0; i < 60; i++) {
      const key = `telegram:${30000 + i}`;
      s.member(big, key, { via: `R-LINK${i}`, name: 'Panjang'.repeat(20) });
      db.prepare('INSERT INTO personal_codes (code, user_key, created_at) VALUES (?, ?, 0)').run(`R-LINK${i}`, key);
      s.referral(key, { village: villages[i] as string, communityId: big });
    }
    const text = formatStats(communityStats(db, { communityId: big, targetPerDesa: 100 }), 'id');
    expect(text.length).toBeLessThan(3500);
    expect(text.match(/\d+\/100$/gm)).toHaveLength(10);
    expect(text).toContain('…dan 4 lainnya');
    expect(text).toContain('…dan 55 lainnya');
  });
});

describe('progress bars and masked ids', () => {
  it('fill one cell per tenth reached, rounded down, full only at the target', () => {
    expect(progressBar(62, 100)).toBe('▓▓▓▓▓▓░░░░');
    expect(progressBar(0, 100)).toBe('░░░░░░░░░░');
    expect(progressBar(99, 100)).toBe('▓▓▓▓▓▓▓▓▓░');
    expect(progressBar(100, 100)).toBe('▓▓▓▓▓▓▓▓▓▓');
    expect(progressBar(250, 100)).toBe('▓▓▓▓▓▓▓▓▓▓');
    expect(progressBar(1, 4, 4)).toBe('▓░░░');
    expect(progressBar(3, 0)).toBe('▓▓▓▓▓▓▓▓▓▓');
  });

  it('hide most of a phone number or chat id', () => {
    expect(maskChatId('whatsapp:6281234567890@c.us')).toBe('whatsapp:6281******890');
    expect(maskChatId('telegram:123456789')).toBe('telegram:12*****89');
    expect(maskChatId('test:u1')).toBe('test:u*');
  });
});
