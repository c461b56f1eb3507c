import { matchOption, yesNo } from '../../src/engine/answers.ts';
import type { Say, TurnMeta } from '../../src/engine/flow-types.ts';
import { type Accepted, type QuestionDef, refuse } from '../kit.ts';

/**
 * A yes/no question: 1/ya/iya… or 2/tidak/ga…; `yes` and `no` say what each answer stores and which
 * branch it takes; anything else is refused with the yes/no hint.
 */
export function confirmQuestion<C, Y extends string, N extends string>(
  prompt: (context: C, meta: TurnMeta) => Say[],
  answers: { yes: Accepted<Partial<C>, Y>; no: Accepted<Partial<C>, N> },
): QuestionDef<C, Y | N> {
  return {
    prompt,
    answer: (text) => {
      const v = matchOption(text, yesNo);
      return v ? answers[v] : refuse('reg.error.yes_no');
    },
  };
}
