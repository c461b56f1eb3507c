import { PERIOD_MONTHS, type PeriodMonths } from '../../src/domain/rates.ts';
import { matchOption, normalizeAnswer, type Option } from '../../src/engine/answers.ts';
import type { Say, TurnMeta } from '../../src/engine/flow-types.ts';
import { accept, type QuestionDef, refuse } from '../kit.ts';

/** What the period question stores. */
export interface PeriodAnswer {
  periodMonths?: PeriodMonths;
}

// The words for each period besides its number; a bare "12" is the period too (see the answer).
const OPTIONS: readonly Option<`${PeriodMonths}`>[] = [
  { id: '1', words: ['1 bulan', 'bulanan', 'sebulan', 'monthly'] },
  { id: '3', words: ['3 bulan', 'tiga bulan'] },
  { id: '6', words: ['6 bulan', 'enam bulan'] },
  { id: '12', words: ['12 bulan', 'setahun', '1 tahun', 'tahunan', 'yearly'] },
];

/** "Pay for how many months at once?" — 1, 3, 6 or 12; `prompt` words it for the flow (with its choices). */
export function periodQuestion<C>(
  prompt: (context: C, meta: TurnMeta, months: readonly PeriodMonths[]) => Say[],
): QuestionDef<C, 'default', PeriodAnswer> {
  return {
    prompt: (c, meta) => prompt(c, meta, PERIOD_MONTHS),
    answer: (text) => {
      const v = matchOption(text, OPTIONS) ?? OPTIONS.find((p) => normalizeAnswer(text) === p.id)?.id;
      return v ? accept({ periodMonths: Number(v) as PeriodMonths }) : refuse('reg.error.choose', { max: OPTIONS.length });
    },
  };
}
