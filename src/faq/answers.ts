import dayjs from 'dayjs';
import { classifyOccupationText } from '../domain/occupations.ts';
import { computeIuran, type DiscountRule, discountInfo, incomeBrackets, PERIOD_MONTHS, type Sector } from '../domain/rates.ts';
import { type Say, say } from '../engine/flow-types.ts';
import type { MessageKey, Params } from '../i18n.ts';
import { BENEFITS } from './benefits.ts';
import { DAYS_PER_MONTH, figuresIn, type QuestionFigures } from './figures.ts';
import { isEnglishQuestion } from './language.ts';
import { MAX_QUESTION_CHARS } from './normalize.ts';
import type { TopicId } from './topics.ts';

/** What an answer depends on besides the topic: the conversation's date and the configured age limits. */
export interface AnswerContext {
  /** `YYYY-MM-DD` in the bot's time zone. */
  today: string;
  minAge: number;
  maxAge: number;
  /** The question as typed, when there was one: its age or income is answered first, English in English. */
  question?: string;
}

/** The one next step each answer ends with. */
const NEXT: Record<TopicId, MessageKey> = {
  about: 'faq.next.register',
  cost: 'faq.next.calc',
  jkk: 'faq.next.register',
  jkm: 'faq.next.register',
  jht: 'faq.next.calc',
  pay: 'faq.next.register',
  late: 'faq.next.register',
  claim_accident: 'faq.next.register_protected',
  claim_death: 'faq.next.register_protected',
  eligibility: 'faq.next.register',
  card: 'faq.next.status',
  discount: 'faq.next.calc',
  not_covered: 'faq.next.register',
  health: 'faq.next.register',
  register_other: 'faq.next.register',
  village: 'faq.next.village',
};

const SECTORS: readonly Sector[] = ['transport', 'other'];

/** How far ahead an announced discount is mentioned. */
const LOOKAHEAD_DAYS = 366;

/** A discount for one sector: running today, or starting within the look-ahead. */
interface SectorDiscount {
  sector: Sector;
  rule: DiscountRule;
  running: boolean;
}

/**
 * The answer to a topic, every figure computed for `ctx.today` from the rate and benefit tables; an
 * age or income in the question is answered first, and an English question gets the English text.
 */
export function answerFor(topic: TopicId, ctx: AnswerContext): Say {
  const answer = topicAnswer(topic, ctx, ctx.question === undefined ? {} : figuresIn(ctx.question));
  if (ctx.question === undefined || !isEnglishQuestion(ctx.question)) return answer;
  return say('faq.answer_in', { answer: { key: answer.key, ...(answer.params && { params: answer.params }), locale: 'en' } });
}

function topicAnswer(topic: TopicId, ctx: AnswerContext, figures: QuestionFigures): Say {
  const next = { key: NEXT[topic] };
  const base = lowestBase(ctx.today);
  const plain = computeIuran({ date: ctx.today, sector: 'other', incomeBase: base, jht: true, payer: 'self', periodMonths: 1 });
  const full = plain.jkk + plain.jkm;
  const { jkk, jkm, jht, membership } = BENEFITS;
  const percent = (amount: number) => Math.round((amount * 1000) / base) / 10;
  const params = (p: Params): Params => ({ ...p, next });
  switch (topic) {
    case 'about':
      return say('faq.a.about', params({ min: { money: full } }));
    case 'cost': {
      const p = params({
        figure: incomeFigure(figures, ctx.today, classifyOccupationText(ctx.question?.slice(0, MAX_QUESTION_CHARS) ?? '')),
        base: { money: base },
        jkk: { money: plain.jkk },
        jkm: { money: plain.jkm },
        total: { money: full },
        jht: { money: plain.jht },
        totalJht: { money: full + plain.jht },
        jkkPercent: percent(plain.jkk),
        jhtPercent: percent(plain.jht),
      });
      const running = sectorDiscounts(ctx.today).filter((d) => d.running);
      return running.length === 0
        ? say('faq.a.cost', p)
        : say('faq.a.cost_discount', { ...p, discounts: discountLines(running, ctx.today) });
    }
    case 'jkk':
      return say('faq.a.jkk', params(jkkParams()));
    case 'jkm':
      return say(
        'faq.a.jkm',
        params({
          total: { money: jkm.total },
          lumpSum: { money: jkm.lumpSum },
          periodic: { money: jkm.periodic },
          funeral: { money: jkm.funeral },
          years: jkm.scholarshipAfterYears,
          deathMultiple: jkk.deathMultiple,
        }),
      );
    case 'jht':
      return say(
        'faq.a.jht',
        params({
          jht: { money: plain.jht },
          base: { money: base },
          jhtPercent: percent(plain.jht),
          claimAge: jht.claimAge,
          jmoMax: { money: jht.jmoClaimMax },
        }),
      );
    case 'pay':
      return say('faq.a.pay', params({ periods: periodsAhead(), dueDay: membership.dueDay }));
    case 'late':
      return say(
        'faq.a.late',
        params({ dueDay: membership.dueDay, months: membership.inactiveAfterUnpaidMonths, periods: periodsAhead() }),
      );
    case 'claim_accident':
      return say('faq.a.claim_accident', params({ hours: jkk.reportWithinHours }));
    case 'claim_death':
      return say('faq.a.claim_death', params({ total: { money: jkm.total }, deathMultiple: jkk.deathMultiple }));
    case 'eligibility':
      return say('faq.a.eligibility', params({ minAge: ctx.minAge, maxAge: ctx.maxAge, figure: ageFigure(figures, ctx) }));
    case 'card':
      return say('faq.a.card', params({ days: membership.cardWithinDays, digits: membership.kpjDigits }));
    case 'discount': {
      const found = sectorDiscounts(ctx.today);
      return found.length === 0
        ? say('faq.a.discount_none', params({ full: { money: full } }))
        : say('faq.a.discount', params({ lines: discountLines(found, ctx.today) }));
    }
    case 'not_covered':
      return say('faq.a.not_covered', params({}));
    case 'health':
      return say('faq.a.health', params({}));
    case 'register_other':
      return say('faq.a.register_other', params({}));
    case 'village':
      return say('faq.a.village', params({}));
  }
}

/** The JKK benefit levels as the JKK answer quotes them. */
function jkkParams(): Params {
  const { jkk } = BENEFITS;
  return {
    homeCare: { money: jkk.homeCareMax },
    land: { money: jkk.transportLandMax },
    sea: { money: jkk.transportSeaMax },
    air: { money: jkk.transportAirMax },
    fullPercent: jkk.fullIncomePercent,
    fullMonths: jkk.fullIncomeMonths,
    reducedPercent: jkk.reducedIncomePercent,
    deathMultiple: jkk.deathMultiple,
    disabilityMultiple: jkk.disabilityMultiple,
    children: jkk.scholarshipChildren,
    scholarship: { money: jkk.scholarshipMax },
  };
}

/** "Umur 66 tahun: belum bisa…": the age in the question against the configured limits ('' without one). */
function ageFigure({ age }: QuestionFigures, ctx: AnswerContext): Params[string] {
  if (age === undefined) return '';
  const p = { age, minAge: ctx.minAge, maxAge: ctx.maxAge };
  if (age >= ctx.maxAge) return { key: 'faq.figure.age_over', params: p };
  return { key: age < ctx.minAge ? 'faq.figure.age_under' : 'faq.figure.age_ok', params: p };
}

/**
 * The income in the question, its bracket's base (the lowest base the table offers at or above it;
 * the highest above that) and today's JKK + JKM for it, with the discount of the sector the question
 * names ("ojek" → transport) included ('' without an income).
 */
function incomeFigure({ monthlyIncome, dailyIncome }: QuestionFigures, today: string, sector: Sector): Params[string] {
  if (monthlyIncome === undefined) return '';
  const brackets = incomeBrackets(today);
  const bracket = brackets.find((b) => b.base >= monthlyIncome) ?? brackets.at(-1);
  if (!bracket) return '';
  const i = computeIuran({ date: today, sector, incomeBase: bracket.base, jht: false, payer: 'self', periodMonths: 1 });
  const rule = i.discountRule;
  const params: Params = {
    income: { money: monthlyIncome },
    base: { money: bracket.base },
    jkk: { money: i.jkk },
    jkm: { money: i.jkm },
    total: { money: i.monthly },
    discount: rule
      ? { key: 'faq.figure.discount', params: { percent: rule.percent, until: { date: rule.validTo }, full: { money: i.jkk + i.jkm } } }
      : '',
    estimate: bracket.verified ? '' : { key: 'faq.figure.estimate' },
  };
  if (dailyIncome === undefined) return { key: 'faq.figure.income', params };
  return { key: 'faq.figure.income_daily', params: { ...params, daily: { money: dailyIncome }, days: DAYS_PER_MONTH } };
}

/** The lowest income base of the table on a date (Rp1.000.000 when this was written). */
function lowestBase(date: string): number {
  const first = incomeBrackets(date)[0];
  if (!first) throw new Error(`no income bracket on ${date}`);
  return first.base;
}

/** "3/6/12": the prepayment periods besides one month. */
function periodsAhead(): string {
  return PERIOD_MONTHS.filter((m) => m > 1).join('/');
}

/** Per sector, the discount running today or else the next one announced within the look-ahead. */
function sectorDiscounts(today: string): SectorDiscount[] {
  const out: SectorDiscount[] = [];
  for (const sector of SECTORS) {
    const now = discountInfo(today, sector, 'self');
    if (now) {
      out.push({ sector, rule: now, running: true });
      continue;
    }
    // Day by day: rules start on any date, and a year of lookups costs well under a millisecond.
    const start = dayjs(today);
    for (let d = 1; d <= LOOKAHEAD_DAYS; d++) {
      const rule = discountInfo(start.add(d, 'day').format('YYYY-MM-DD'), sector, 'self');
      if (rule) {
        out.push({ sector, rule, running: false });
        break;
      }
    }
  }
  return out;
}

/** One line per sector: the discounted price until the end date, or when an announced discount starts. */
function discountLines(found: SectorDiscount[], today: string): Params[string] {
  const lines = found.map(({ sector, rule, running }) => {
    const date = running ? today : rule.validFrom;
    const i = computeIuran({ date, sector, incomeBase: lowestBase(date), jht: false, payer: 'self', periodMonths: 1 });
    const common = {
      who: { key: `faq.discount.who.${sector}` as MessageKey },
      percent: rule.percent,
      until: { date: rule.validTo },
      caveat: { lines: rule.singleSource ? [{ key: 'faq.discount.caveat' as MessageKey }] : [] },
    };
    return running
      ? { key: 'faq.discount.now' as MessageKey, params: { ...common, price: { money: i.monthly }, full: { money: i.jkk + i.jkm } } }
      : { key: 'faq.discount.soon' as MessageKey, params: { ...common, from: { date: rule.validFrom } } };
  });
  return { lines };
}
