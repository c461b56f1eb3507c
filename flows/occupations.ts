import { OCCUPATIONS, type OccupationId } from '../src/domain/occupations.ts';
import type { Option } from '../src/engine/answers.ts';
import type { Choice } from '../src/engine/flow-types.ts';
import type { MessageKey } from '../src/i18n.ts';

// The words people type for each occupation, besides its number (registration and the calculator share them).
const WORDS: Record<OccupationId, string[]> = {
  art: ['art', 'pembantu', 'prt', 'asisten rumah tangga', 'babysitter', 'pengasuh'],
  sopir: ['sopir', 'supir', 'driver'],
  pedagang_keliling: ['tukang bakso', 'bakso', 'pedagang keliling', 'keliling'],
  pkl: ['pkl', 'pedagang kaki lima', 'kaki lima'],
  ojek: ['ojek', 'ojol', 'gojek', 'grab', 'maxim'],
  kurir: ['kurir', 'courier'],
  petani: ['petani', 'tani', 'pekebun', 'farmer'],
  nelayan: ['nelayan', 'fisher'],
  buruh_harian: ['buruh', 'buruh harian', 'kuli'],
  tukang_bangunan: ['tukang bangunan', 'tukang', 'tukang batu'],
  lainnya: ['lainnya', 'lain', 'other'],
};

/** The locale key of an occupation's label. */
export function occupationLabel(id: OccupationId): MessageKey {
  return `reg.occupation.${id}` as MessageKey;
}

/** The occupations as answer options, in menu order. */
export const OCCUPATION_OPTIONS: readonly Option<OccupationId>[] = OCCUPATIONS.map((o) => ({ id: o.id, words: WORDS[o.id] }));

/** The occupations as numbered choices. */
export const OCCUPATION_CHOICES: readonly Choice[] = OCCUPATIONS.map((o) => ({ key: occupationLabel(o.id) }));
