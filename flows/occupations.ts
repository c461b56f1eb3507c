import { OCCUPATIONS, type OccupationId } from '../src/domain/occupations.ts';
import type { Option } from '../src/engine/answers.ts';
import type { Choice } from '../src/engine/flow-types.ts';
import { occupationWords } from '../src/engine/intents.ts';
import type { MessageKey } from '../src/i18n.ts';

/** The locale key of an occupation's label. */
export function occupationLabel(id: OccupationId): MessageKey {
  return `reg.occupation.${id}` as MessageKey;
}

/** The occupations as answer options, in menu order; their words (`locales/intents.json`) are the ones intents read too. */
export const OCCUPATION_OPTIONS: readonly Option<OccupationId>[] = OCCUPATIONS.map((o) => ({ id: o.id, words: occupationWords(o.id) }));

/** The occupations as numbered choices. */
export const OCCUPATION_CHOICES: readonly Choice[] = OCCUPATIONS.map((o) => ({ key: occupationLabel(o.id) }));
