import { PERIOD_MONTHS, type PeriodMonths } from '../../src/domain/rates.ts';
import { normalizeAnswer } from '../../src/engine/answers.ts';
import type { Say, TurnMeta } from '../../src/engine/flow-types.ts';
import { accept, type QuestionDef, refuse } from '../kit.ts';

/** What the period question stores. */
export interface PeriodAnswer {
  periodMonths?: PeriodMonths;
}

// Months said in words; a number ("3", "3 bln", "12 bulan") is read as the quantity itself.
const WORDS: Record<string, PeriodMonths> = {
  sebulan: 1,
  bulanan: 1,
  monthly: 1,
  'satu bulan': 1,
  'tiga bulan': 3,
  'enam bulan': 6,
  'dua belas bulan': 12,
  'duabelas bulan': 12,
  setahun: 12,
  'satu tahun': 12,
  tahunan: 12,
  yearly: 12,
  'a year': 12,
  'one year': 12,
  'three months': 3,
  'six months': 6,
  'twelve months': 12,
};

const UNIT = /^(\d{1,2})\s*(?:bulan|bln|bl|months?|mo|mos)?(?:\s+(?:aja|saja|sekaligus|kak|dulu|please))?$/;

/** The months a typed answer means ("3", "3 bln", "tiga bulan", "setahun", "1 tahun"), if one of 1/3/6/12. */
export function monthsIn(text: string): PeriodMonths | undefined {
  const plain = normalizeAnswer(text);
  const byWord = Object.entries(WORDS).find(([w]) => plain === w || plain.startsWith(`${w} `))?.[1];
  if (byWord) return byWord;
  if (/^1\s*(?:tahun|thn|th|year)\b/.test(plain)) return 12;
  const n = Number(UNIT.exec(plain)?.[1]);
  return PERIOD_MONTHS.find((m) => m === n);
}

/**
 * "Pay for how many months at once?" — asked without a numbered list, so a number typed is the number of
 * months (a list would make "3" mean its third option, 6 months); `prompt` words it for the flow.
 */
export function periodQuestion<C>(
  prompt: (context: C, meta: TurnMeta, months: readonly PeriodMonths[]) => Say[],
): QuestionDef<C, 'default', PeriodAnswer> {
  return {
    prompt: (c, meta) => prompt(c, meta, PERIOD_MONTHS),
    answer: (text) => {
      const months = monthsIn(text);
      return months ? accept({ periodMonths: months }) : refuse('period.error');
    },
  };
}
