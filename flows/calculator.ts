import { emit, setup } from 'xstate';
import type { OccupationId } from '../src/domain/occupations.ts';
import { contributionFor, type PeriodMonths, type Sector } from '../src/domain/rates.ts';
import { matchOption, type Option } from '../src/engine/answers.ts';
import { type FlowOutput, keyed, type Say, say, type TurnMeta } from '../src/engine/flow-types.ts';
import type { FlowDefinition } from '../src/engine/run-flow.ts';
import type { MessageKey, Params } from '../src/i18n.ts';
import { accept, backTransitions, flowStates, flowTypes, questionFor, questionKit, refuse, type TrailContext } from './kit.ts';
import { occupationLabel } from './occupations.ts';
import { incomeQuestion } from './questions/income.ts';
import { occupationQuestion, occupationTextQuestion } from './questions/occupation.ts';
import { periodQuestion } from './questions/period.ts';

/** The choices the calculator collects; handed to registration as its `prefill`. */
export interface CalculatorChoices {
  occupation?: OccupationId;
  occupationText?: string;
  sector?: Sector;
  incomeBase?: number;
  jht?: boolean;
  periodMonths?: PeriodMonths;
}

interface Ctx extends TrailContext, CalculatorChoices {
  next?: FlowOutput['next'];
}

// Wider than a plain yes/no: people answer the JHT question with the program's name.
const jhtOptions: Option<'yes' | 'no'>[] = [
  { id: 'yes', words: ['ya', 'iya', 'yes', 'pakai jht', 'dengan jht', 'jht', 'tambah'] },
  { id: 'no', words: ['tidak', 'ga', 'gak', 'nggak', 'no', 'tanpa jht', 'jkk jkm', 'jkk jkm saja'] },
];

const offerOptions: Option<'other' | 'self' | 'no'>[] = [
  { id: 'other', words: ['ya', 'iya', 'daftar', 'daftarkan', 'pekerja', 'orang lain'] },
  { id: 'self', words: ['sendiri', 'diri sendiri', 'saya', 'saya sendiri', 'daftar sendiri', 'myself'] },
  { id: 'no', words: ['tidak', 'ga', 'gak', 'nggak', 'no', 'nanti', 'tidak sekarang', 'belum'] },
];

/** The contributions for the choices so far, on the conversation's date (paid by the worker or the registrant). */
const iuranOf = (c: Ctx, today: string) => contributionFor({ ...c, payer: 'self' }, today);

/** The breakdown: per program, the discount if any with its end date, monthly and period totals, "perkiraan". */
function result(c: Ctx, meta: TurnMeta): Say[] {
  const i = iuranOf(c, meta.today);
  const money = (amount: number): Params => ({ amount: { money: amount } });
  const lines: { key: MessageKey; params?: Params }[] = [
    { key: 'calc.line.jkk', params: money(i.jkk) },
    { key: 'calc.line.jkm', params: money(i.jkm) },
    c.jht ? { key: 'calc.line.jht', params: money(i.jht) } : { key: 'calc.line.no_jht' },
  ];
  if (i.discount > 0) lines.push({ key: 'calc.line.discount', params: { ...money(i.discount), percent: i.discountRule?.percent ?? 0 } });
  lines.push({ key: 'calc.line.monthly', params: money(i.monthly) });
  if (i.periodMonths > 1) lines.push({ key: 'calc.line.period', params: { ...money(i.period), months: i.periodMonths } });
  const occupation = c.occupation === 'lainnya' ? (c.occupationText ?? '') : { key: occupationLabel(c.occupation ?? 'lainnya') };
  // Notes go in the same message as the figures: one bubble to read, then the offer.
  const notes: { key: MessageKey; params?: Params }[] = [{ key: 'calc.note.date', params: { date: { date: meta.today } } }];
  const rule = i.discountRule;
  if (rule) {
    const discounted = i.months.filter((m) => m.discount > 0).length;
    notes.push(
      discounted === i.months.length
        ? { key: 'calc.note.discount', params: { until: { date: rule.validTo } } }
        : { key: 'calc.note.discount_partial', params: { until: { date: rule.validTo }, discounted, months: i.periodMonths } },
    );
    if (rule.singleSource) notes.push({ key: 'calc.note.discount_single' });
  }
  if (i.estimate) notes.push({ key: 'calc.note.estimate' });
  const says = [
    say('calc.result', {
      title: { key: i.estimate ? 'calc.result.title_estimate' : 'calc.result.title' },
      occupation,
      income: { money: c.incomeBase ?? 0 },
      lines: { lines },
      notes: { lines: notes },
    }),
  ];
  says.push(say('calc.offer', {}, keyed('calc.offer.other', 'calc.offer.self', 'calc.offer.no')));
  return says;
}

const question = questionFor<Ctx>();

/** The calculator's questions, in the order they are asked; the choices carry over to registration. */
const questions = {
  occupation: question({ ...occupationQuestion(() => 'calc.ask.occupation'), next: { default: 'income', other: 'occupationOther' } }),
  occupationOther: question({ ...occupationTextQuestion('calc.ask.occupation_text'), next: { default: 'income' } }),
  income: question({
    ...incomeQuestion({ ask: () => 'calc.ask.income', choice: 'calc.income.choice', estimate: 'calc.income.choice_estimate' }),
    next: { default: 'jht' },
  }),
  jht: question({
    prompt: () => [say('calc.ask.jht', {}, keyed('calc.jht.yes', 'calc.jht.no'))],
    answer: (text) => {
      const v = matchOption(text, jhtOptions);
      return v ? accept({ jht: v === 'yes' }) : refuse('reg.error.choose', { max: 2 });
    },
    next: { default: 'period' },
  }),
  period: question({
    // No numbered list: a number typed here is the number of months.
    ...periodQuestion(() => [say('calc.ask.period')]),
    next: { default: 'offer' },
  }),
  offer: question({
    prompt: (c, meta) => result(c, meta),
    answer: (text, c) => {
      const v = matchOption(text, offerOptions);
      if (!v) return refuse('reg.error.choose', { max: offerOptions.length });
      if (v === 'no') return accept({}, 'no');
      const prefill: CalculatorChoices = {
        occupation: c.occupation,
        ...(c.occupationText === undefined ? {} : { occupationText: c.occupationText }),
        sector: c.sector,
        incomeBase: c.incomeBase,
        jht: c.jht,
        periodMonths: c.periodMonths,
      };
      return accept({ next: { flow: 'registration', input: { forWhom: v, prefill } } });
    },
    next: { default: 'register', no: 'declined' },
  }),
};

/** Builds the "Hitung iuran" flow: occupation, income, JHT, period → a breakdown, then an offer to register with these choices. */
export function createCalculatorFlow(): FlowDefinition {
  const kit = questionKit<typeof questions, Ctx>(questions, 'occupation');

  const machine = setup({
    types: flowTypes<Ctx>(),
    guards: kit.guards,
    actions: {
      ...kit.actions,
      declined: emit(() => say('calc.offer.declined')),
    },
  });

  const built = machine.createMachine({
    id: 'calculator',
    context: () => ({ trail: [] }),
    initial: 'occupation',
    on: { 'flow.resume': { actions: 'reprompt' }, 'flow.back': backTransitions<Ctx>(Object.keys(questions)) },
    states: flowStates(questions, {
      register: { type: 'final' },
      declined: { type: 'final', entry: 'declined' },
    }),
    output: ({ context }) => (context.next ? { next: context.next } : {}),
  });

  return { id: 'calculator', version: 1, machine: built, titleKey: 'calc.title' };
}
