import { emit, type MachineContext } from 'xstate';
import { matchOption, type Option, yesNo } from '../../src/engine/answers.ts';
import { type FlowEvent, type Say, say, type TurnMeta } from '../../src/engine/flow-types.ts';
import { type Accepted, type QuestionDef, refuse } from '../kit.ts';

/**
 * A yes/no question: 1/ya/iya… or 2/tidak/ga…; `yes` and `no` say what each answer stores and which
 * branch it takes; anything else is refused with the yes/no hint.
 */
export function confirmQuestion<C, Y extends string, N extends string>(
  prompt: (context: C, meta: TurnMeta) => Say[],
  answers: { yes: Accepted<Partial<C>, Y>; no: Accepted<Partial<C>, N> },
  /** Words of this question's own options besides yes/no ("kirim" under "Ya, kirim"). */
  words: { yes?: readonly string[]; no?: readonly string[] } = {},
): QuestionDef<C, Y | N> {
  const options: readonly Option<'yes' | 'no'>[] = [
    { id: 'yes', words: [...(yesNo[0]?.words ?? []), ...(words.yes ?? [])] },
    { id: 'no', words: [...(yesNo[1]?.words ?? []), ...(words.no ?? [])] },
  ];
  return {
    prompt,
    answer: (text) => {
      const v = matchOption(text, options);
      return v ? answers[v] : refuse('reg.error.yes_no');
    },
  };
}

/**
 * The `user.text` transitions of a flow that asks one yes/no question outside a question table (opt-in,
 * withdrawal): `yes` and `no` are the transitions (target, actions) of each answer, anything else gets the hint.
 */
export function yesNoTransitions<C extends MachineContext>() {
  const answered = (event: FlowEvent) => (event.type === 'user.text' ? matchOption(event.text, yesNo) : undefined);
  return <const Y extends object, const N extends object>(yes: Y, no: N) => [
    { guard: ({ event }: { event: FlowEvent }) => answered(event) === 'yes', ...yes },
    { guard: ({ event }: { event: FlowEvent }) => answered(event) === 'no', ...no },
    { actions: emit<C, FlowEvent, undefined, FlowEvent, Say>({ ...say('reg.error.yes_no'), refusal: true }) },
  ];
}
