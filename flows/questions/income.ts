import { incomeBrackets } from '../../src/domain/rates.ts';
import { choiceNumber } from '../../src/engine/answers.ts';
import { type Choice, type Say, say, type TurnMeta } from '../../src/engine/flow-types.ts';
import { DAYS_PER_MONTH, figuresIn } from '../../src/faq/figures.ts';
import type { MessageKey } from '../../src/i18n.ts';
import { accept, noted, type QuestionDef, refuse } from '../kit.ts';

/** "100rb", "1,5jt", "2jutaan", "Rp1.500.000": the only words where digits and letters go together in an amount. */
const AMOUNT_WORD = /^(?:rp\.?)?\d+(?:[.,]\d+)*(?:rb|ribu|k|jt|juta|jtan|jutaan|rebu|ewu)?[,.]?$/i;

/** What the income question stores: the income base the contributions are computed from. */
export interface IncomeAnswer {
  incomeBase?: number;
}

/** The locale keys of the income question: the question, and a bracket with a verified or estimated row. */
export interface IncomeKeys<C> {
  ask: (context: C) => MessageKey;
  choice: MessageKey;
  estimate: MessageKey;
}

/**
 * "Roughly what income per month?" with the income brackets valid on the turn's date as numbered choices. An
 * amount typed instead ("1 jt", "1,5jt", "ga tentu, sehari paling 100rb") is worked out to a month, put in the
 * lowest bracket at or above it, and the reading is said (so a wrong one can be undone with `kembali`).
 */
export function incomeQuestion<C>(keys: IncomeKeys<C>): QuestionDef<C, 'default', IncomeAnswer> {
  return {
    prompt: (c: C, meta: TurnMeta): Say[] => [
      say(
        keys.ask(c),
        {},
        incomeBrackets(meta.today).map(
          (b): Choice => ({ key: b.verified ? keys.choice : keys.estimate, params: { amount: { money: b.base } } }),
        ),
      ),
    ],
    answer: (text, _c, meta) => {
      const brackets = incomeBrackets(meta.today);
      const n = choiceNumber(text, brackets.length);
      const picked = n === undefined ? undefined : brackets[n - 1];
      if (picked) return accept({ incomeBase: picked.base });
      // The question says it is an income, so "1 jt" alone is read as one; a word of digits and letters
      // ("3201O117O…", a NIK mistyped) is no amount.
      if (text.split(/\s+/).some((w) => /\d/.test(w) && /\p{L}/u.test(w) && !AMOUNT_WORD.test(w)))
        return refuse('income.error', { max: brackets.length });
      const { monthlyIncome, dailyIncome } = figuresIn(`penghasilan ${text}`);
      const bracket = monthlyIncome === undefined ? undefined : (brackets.find((b) => b.base >= monthlyIncome) ?? brackets.at(-1));
      if (!bracket || monthlyIncome === undefined) return refuse('income.error', { max: brackets.length });
      const params = { income: { money: monthlyIncome }, base: { money: bracket.base } };
      return noted(
        accept({ incomeBase: bracket.base }),
        dailyIncome === undefined
          ? say('income.read', params)
          : say('income.read_daily', { ...params, daily: { money: dailyIncome }, days: DAYS_PER_MONTH }),
      );
    },
  };
}
