import { emit, setup } from 'xstate';
import { classifyOccupationText, type OccupationId, sectorOf } from '../src/domain/occupations.ts';
import { computeIuran, incomeBrackets, PERIOD_MONTHS, type PeriodMonths, type Sector } from '../src/domain/rates.ts';
import { matchOption, normalizeAnswer, type Option } from '../src/engine/answers.ts';
import {
  type Choice,
  type FlowEvent,
  type FlowOutput,
  keyed,
  type Say,
  type SayMany,
  say,
  type TurnMeta,
} from '../src/engine/flow-types.ts';
import type { FlowDefinition } from '../src/engine/run-flow.ts';
import type { MessageKey, Params } from '../src/i18n.ts';
import { type Answers, backTransitions, type Prompts, questionKit, questionState, refuse, type TrailContext } from './kit.ts';
import { OCCUPATION_CHOICES, OCCUPATION_OPTIONS, occupationLabel } from './occupations.ts';

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

type Q = 'occupation' | 'occupationOther' | 'income' | 'jht' | 'period' | 'offer';

// The same words the registration flow accepts, so a choice made here means the same there.

const periodOptions: Option<`${PeriodMonths}`>[] = [
  { id: '1', words: ['1 bulan', 'bulanan', 'sebulan', 'monthly'] },
  { id: '3', words: ['3 bulan', 'tiga bulan'] },
  { id: '6', words: ['6 bulan', 'enam bulan'] },
  { id: '12', words: ['12 bulan', 'setahun', '1 tahun', 'tahunan', 'yearly'] },
];

const jhtOptions: Option<'yes' | 'no'>[] = [
  { id: 'yes', words: ['ya', 'iya', 'yes', 'pakai jht', 'dengan jht', 'jht', 'tambah'] },
  { id: 'no', words: ['tidak', 'ga', 'gak', 'nggak', 'no', 'tanpa jht', 'jkk jkm', 'jkk jkm saja'] },
];

const offerOptions: Option<'other' | 'self' | 'no'>[] = [
  { id: 'other', words: ['ya', 'iya', 'daftar', 'daftarkan', 'pekerja', 'orang lain'] },
  { id: 'self', words: ['sendiri', 'diri sendiri', 'saya', 'saya sendiri', 'daftar sendiri', 'myself'] },
  { id: 'no', words: ['tidak', 'ga', 'gak', 'nggak', 'no', 'nanti', 'tidak sekarang', 'belum'] },
];

const questions: Q[] = ['occupation', 'occupationOther', 'income', 'jht', 'period', 'offer'];

/** The contributions for the choices so far, on the conversation's date (paid by the worker or the registrant). */
function iuranOf(c: Ctx, today: string) {
  return computeIuran({
    date: today,
    sector: c.sector ?? 'other',
    incomeBase: c.incomeBase ?? 1_000_000,
    jht: c.jht ?? false,
    payer: 'self',
    periodMonths: c.periodMonths ?? 1,
  });
}

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

const prompts: Prompts<Q, Ctx> = {
  occupation: () => [say('calc.ask.occupation', {}, [...OCCUPATION_CHOICES])],
  occupationOther: () => [say('calc.ask.occupation_text')],
  income: (_c, meta) => [
    say(
      'calc.ask.income',
      {},
      incomeBrackets(meta.today).map(
        (b): Choice => ({ key: b.verified ? 'calc.income.choice' : 'calc.income.choice_estimate', params: { amount: { money: b.base } } }),
      ),
    ),
  ],
  jht: () => [say('calc.ask.jht', {}, keyed('calc.jht.yes', 'calc.jht.no'))],
  period: () => [
    say(
      'calc.ask.period',
      {},
      PERIOD_MONTHS.map((months) => ({ key: 'calc.period.choice', params: { months } })),
    ),
  ],
  offer: (c, meta) => result(c, meta),
};

const fail = (key: MessageKey, params?: Params) => refuse(key, params);

const answers: Answers<Q, Ctx> = {
  occupation: (text) => {
    const v = matchOption(text, OCCUPATION_OPTIONS);
    if (!v) return fail('calc.error.choose', { max: OCCUPATION_OPTIONS.length });
    if (v === 'lainnya') return { ok: true, patch: { occupation: v }, branch: 'other' };
    return { ok: true, patch: { occupation: v, occupationText: undefined, sector: sectorOf(v) } };
  },
  occupationOther: (text) => {
    const t = text.replace(/\s+/g, ' ').trim();
    if (t.length < 3 || t.length > 50 || !/\p{L}/u.test(t)) return fail('calc.error.occupation_text');
    return { ok: true, patch: { occupationText: t, sector: classifyOccupationText(t) } };
  },
  income: (text, _c, meta) => {
    const brackets = incomeBrackets(meta.today);
    const n = Number(normalizeAnswer(text));
    const b = Number.isInteger(n) && n >= 1 && n <= brackets.length ? brackets[n - 1] : undefined;
    return b ? { ok: true, patch: { incomeBase: b.base } } : fail('calc.error.choose', { max: brackets.length });
  },
  jht: (text) => {
    const v = matchOption(text, jhtOptions);
    return v ? { ok: true, patch: { jht: v === 'yes' } } : fail('calc.error.choose', { max: 2 });
  },
  period: (text) => {
    const v = matchOption(text, periodOptions) ?? periodOptions.find((p) => normalizeAnswer(text) === p.id)?.id;
    return v ? { ok: true, patch: { periodMonths: Number(v) as PeriodMonths } } : fail('calc.error.choose', { max: periodOptions.length });
  },
  offer: (text, c) => {
    const v = matchOption(text, offerOptions);
    if (!v) return fail('calc.error.choose', { max: offerOptions.length });
    if (v === 'no') return { ok: true, patch: {}, branch: 'no' };
    const prefill: CalculatorChoices = {
      occupation: c.occupation,
      ...(c.occupationText === undefined ? {} : { occupationText: c.occupationText }),
      sector: c.sector,
      incomeBase: c.incomeBase,
      jht: c.jht,
      periodMonths: c.periodMonths,
    };
    return { ok: true, patch: { next: { flow: 'registration', input: { forWhom: v, prefill } } } };
  },
};

/** Builds the "Hitung iuran" flow: occupation, income, JHT, period → a breakdown, then an offer to register with these choices. */
export function createCalculatorFlow(): FlowDefinition {
  const kit = questionKit(prompts, answers, 'occupation');

  const machine = setup({
    types: {
      context: {} as Ctx,
      events: {} as FlowEvent,
      emitted: {} as Say | SayMany,
      output: {} as FlowOutput,
      input: {} as { meta: TurnMeta },
    },
    guards: kit.guards,
    actions: {
      ...kit.actions,
      declined: emit(() => say('calc.offer.declined')),
    },
  });

  const question = questionState<Q>;

  const built = machine.createMachine({
    id: 'calculator',
    context: () => ({ trail: [] }),
    initial: 'occupation',
    on: { 'flow.resume': { actions: 'reprompt' }, 'flow.back': backTransitions(questions) },
    states: {
      occupation: question('occupation', { default: 'income', other: 'occupationOther' }),
      occupationOther: question('occupationOther', { default: 'income' }),
      income: question('income', { default: 'jht' }),
      jht: question('jht', { default: 'period' }),
      period: question('period', { default: 'offer' }),
      offer: question('offer', { default: 'register', no: 'declined' }),
      register: { type: 'final' },
      declined: { type: 'final', entry: 'declined' },
    },
    output: ({ context }) => (context.next ? { next: context.next } : {}),
  });

  return { id: 'calculator', version: 1, machine: built, titleKey: 'calc.title' };
}
