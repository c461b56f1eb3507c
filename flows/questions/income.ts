import { incomeBrackets } from '../../src/domain/rates.ts';
import { normalizeAnswer } from '../../src/engine/answers.ts';
import { type Choice, type Say, say, type TurnMeta } from '../../src/engine/flow-types.ts';
import type { MessageKey } from '../../src/i18n.ts';
import { accept, type QuestionDef, refuse } from '../kit.ts';

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

/** "Roughly what income per month?" with the income brackets valid on the turn's date as numbered choices. */
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
      const n = Number(normalizeAnswer(text));
      const b = Number.isInteger(n) && n >= 1 && n <= brackets.length ? brackets[n - 1] : undefined;
      return b ? accept({ incomeBase: b.base }) : refuse('reg.error.choose', { max: brackets.length });
    },
  };
}
