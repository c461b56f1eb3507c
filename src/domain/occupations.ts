import type { Sector } from './rates.ts';

/** The occupations the bot offers when someone registers a worker (labels live in the locales). */
export type OccupationId =
  | 'art'
  | 'sopir'
  | 'pedagang_keliling'
  | 'pkl'
  | 'ojek'
  | 'kurir'
  | 'petani'
  | 'nelayan'
  | 'buruh_harian'
  | 'tukang_bangunan'
  | 'lainnya';

/** An offered occupation and the sector that decides its discount window. */
export interface Occupation {
  id: OccupationId;
  sector: Sector;
}

/** The offered occupations in menu order ('pedagang_keliling' is e.g. a tukang bakso). */
export const OCCUPATIONS: readonly Occupation[] = [
  { id: 'art', sector: 'other' },
  { id: 'sopir', sector: 'transport' },
  { id: 'pedagang_keliling', sector: 'other' },
  { id: 'pkl', sector: 'other' },
  { id: 'ojek', sector: 'transport' },
  { id: 'kurir', sector: 'transport' },
  { id: 'petani', sector: 'other' },
  { id: 'nelayan', sector: 'other' },
  { id: 'buruh_harian', sector: 'other' },
  { id: 'tukang_bangunan', sector: 'other' },
  { id: 'lainnya', sector: 'other' },
];

const SECTORS = new Map<string, Sector>(OCCUPATIONS.map((o) => [o.id, o.sector]));

/** Whether a stored string is a known occupation id. */
export function isOccupationId(value: string): value is OccupationId {
  return SECTORS.has(value);
}

/** The sector of an offered occupation. */
export function sectorOf(id: OccupationId): Sector {
  return SECTORS.get(id) ?? 'other';
}

// Only the groups PP 50/2025 names as transport (ojol, ojek pangkalan, sopir, kurir, logistik) and
// the words people use for them. Borderline jobs (kernet, tukang becak, gudang) stay 'other': a wrong
// 'transport' would promise a discount the worker may not get. Whole words only, so "grabah"
// (pottery) is not "grab" and "penyelam" is not a driver.
const TRANSPORT_WORDS = new Set([
  // ojek / ojol and the apps people name instead
  'ojek',
  'ojeg',
  'ojol',
  'gojek',
  'goride',
  'gocar',
  'gosend',
  'gofood',
  'grab',
  'grabbike',
  'grabcar',
  'grabfood',
  'grabexpress',
  'maxim',
  'indrive',
  'indriver',
  'shopeefood',
  'lalamove',
  'deliveree',
  'borzo',
  // sopir
  'sopir',
  'supir',
  'driver',
  'pengemudi',
  'angkot',
  'taksi',
  'taxi',
  'truk',
  'truck',
  'trucking',
  // kurir
  'kurir',
  'courier',
  'ekspedisi',
  'pengiriman',
  // logistik
  'logistik',
  'logistic',
  'logistics',
]);

// Multi-word phrases that mean transport only together.
const TRANSPORT_PHRASES = ['antar jemput', 'jasa antar', 'pengantar paket', 'pengantar barang', 'ojek online', 'ojek pangkalan'];

/** The sector of an occupation the user typed ("ojol", "supir angkot", "kurir paket" → transport). */
export function classifyOccupationText(text: string): Sector {
  const norm = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  if (norm === '') return 'other';
  if (norm.split(' ').some((w) => TRANSPORT_WORDS.has(w))) return 'transport';
  const padded = ` ${norm} `;
  return TRANSPORT_PHRASES.some((p) => padded.includes(` ${p} `)) ? 'transport' : 'other';
}
