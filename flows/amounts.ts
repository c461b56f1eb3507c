import { type IuranBreakdown, type PeriodPart, periodParts } from '../src/domain/rates.ts';
import type { MessageKey, Param } from '../src/i18n.ts';

/** One run of months: "2 bulan × Rp16.800", with "(diskon s.d. 31 Desember 2026)" when discounted. */
function partParam(part: PeriodPart, until: string | undefined): Param {
  const months = part.months;
  const monthly = { money: part.monthly };
  return part.discounted && until
    ? { key: 'reg.amount.part_discount', params: { months, monthly, until: { date: until } } }
    : { key: 'reg.amount.part', params: { months, monthly } };
}

/** "part + part + …" built right to left, as the locale strings nest. */
function partsParam(parts: readonly PeriodPart[], until: string | undefined): Param {
  const [first, ...rest] = parts;
  if (!first) return '';
  if (rest.length === 0) return partParam(first, until);
  return { key: 'reg.amount.plus', params: { part: partParam(first, until), rest: partsParam(rest, until) } };
}

/**
 * The amount of a registration with its reasoning: "Rp16.800/bulan · 3 bulan = Rp50.400" when every month costs
 * the same, else the split where the price changes ("1 bulan × Rp8.400 (diskon s.d. …) + 2 bulan × Rp16.800 = Rp42.000").
 */
export function amountParam(i: IuranBreakdown): Param {
  const parts = periodParts(i);
  const until = i.discountRule?.validTo;
  const key: MessageKey = parts.length > 1 ? 'reg.amount.split' : i.discount > 0 ? 'reg.amount.discounted' : 'reg.amount.plain';
  return {
    key,
    params: {
      monthly: { money: i.monthly },
      months: i.periodMonths,
      period: { money: i.period },
      parts: partsParam(parts, until),
      until: until ? { date: until } : '',
    },
  };
}

/** A monthly price that says whether it is discounted and until when: "Rp8.400/bulan (diskon 50% s.d. …; normal Rp16.800)". */
export function priceParam(i: IuranBreakdown): Param {
  const monthly = { money: i.monthly };
  const rule = i.discountRule;
  return i.discount > 0 && rule
    ? {
        key: 'reg.price.discounted',
        params: { monthly, full: { money: i.monthly + i.discount }, percent: rule.percent, until: { date: rule.validTo } },
      }
    : { key: 'reg.price.plain', params: { monthly } };
}
