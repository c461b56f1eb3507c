import { COLUMNS } from '../../src/features/villages/columns.ts';
import { approveDesaRequest } from '../../src/features/villages/decisions.ts';
import { writeSheet } from '../../src/reports/spreadsheet.ts';
import { conversationStore } from '../../src/store/conversations.ts';
import type { Db } from '../../src/store/db.ts';
import { desaRequestStore } from '../../src/store/desa-requests.ts';

/** Sukamaju, Kec. Cibeber, Kab. Cianjur: the desa of the test community. */
export const HOME = '32.03.03.2013';
/** A village with a unique name in Kab. Cianjur. */
export const MAYAK = '32.03.03.2007';

/** A structurally valid NIK (Kab. Cianjur, born 1985–1999) made unique by `i`. */
export function nikFor(i: number): string {
  const day = String((i % 28) + 1).padStart(2, '0');
  const month = String((i % 12) + 1).padStart(2, '0');
  const year = String(85 + (i % 15)).padStart(2, '0');
  return `320303${day}${month}${year}${String(1000 + i).padStart(4, '0')}`;
}

/** A valid row for worker `i`: home desa, a desa by name or by code, by turns. */
export function goodRow(i: number): Record<(typeof COLUMNS)[number], string> {
  return {
    nama: `Warga Nomor ${['Satu', 'Dua', 'Tiga', 'Empat'][i % 4]} ${String.fromCharCode(65 + (i % 26))}`,
    nik: nikFor(i),
    no_hp: `0812${String(30000000 + i)}`,
    pekerjaan: ['petani', 'nelayan', 'buruh harian', 'penjahit'][i % 4] ?? 'petani',
    desa: ['', 'Mayak', MAYAK, ''][i % 4] ?? '',
    penghasilan: i % 5 === 0 ? '1.000.000' : '',
    jht: i % 3 === 0 ? 'ya' : 'tidak',
    periode_bulan: i % 7 === 0 ? '6' : '12',
    pembayar: '',
  };
}

/** Thirteen broken rows, each wrong in one way the chat would refuse too. */
export const BREAKS: ((r: ReturnType<typeof goodRow>, i: number) => void)[] = [
  (r) => (r.nik = r.nik.slice(0, 15)),
  (r) => (r.nik = `99${r.nik.slice(2)}`),
  (r) => (r.nik = `${r.nik.slice(0, 8)}13${r.nik.slice(10)}`),
  (r) => (r.nik = nikFor(0)),
  (r) => (r.nik = nikFor(1)),
  (r) => (r.no_hp = '0211234567'),
  (r) => (r.no_hp = '12'),
  (r) => (r.nama = ''),
  (r) => (r.penghasilan = '777'),
  (r) => (r.periode_bulan = '5'),
  (r) => (r.desa = 'Sukamaju'),
  (r) => (r.desa = 'Desa Tidak Ada Sama Sekali'),
  (r) => (r.pembayar = 'bank'),
];

/** `count` rows; with `broken`, the last 13 rows each carry one of {@link BREAKS}. */
export function rows(count: number, broken: boolean): string[][] {
  return Array.from({ length: count }, (_, i) => {
    const r = goodRow(i);
    const k = i - (count - BREAKS.length);
    if (broken && k >= 0) BREAKS[k]?.(r, i);
    return COLUMNS.map((c) => r[c]);
  });
}

/** The rows as a file in the template's format. */
export function sheetFile(data: string[][], format: 'xlsx' | 'csv'): Promise<Buffer> {
  return writeSheet({ sheetName: 'Daftar', header: COLUMNS, rows: data }, format);
}

/** A desa community for Sukamaju, approved by a super-admin, with `admin` as its admin; returns its id. */
export function approvedDesa(db: Db, admin: string, now = Date.parse('2026-11-23T03:00:00Z')): number {
  const [channel = '', chatId = ''] = admin.split(/:(.*)/s);
  conversationStore(db).createUser({ key: admin, channel, chat_id: chatId, name: 'Pak Kades', locale: 'id', now });
  desaRequestStore(db).insert({
    code: 'REQ-TEST1',
    requester_key: admin,
    role: 'kepala_desa',
    village_code: HOME,
    name: 'Desa Sukamaju',
    note: null,
    created_at: now,
  });
  const r = approveDesaRequest({ db, by: 'test:boss', now, target: 100 }, 'REQ-TEST1');
  if (!r.ok || !r.community) throw new Error('seed approval failed');
  return r.community.id;
}
