/**
 * Numbers inside a question ("umur 66 bisa ikut", "penghasilan cuma 500rb", "sehari 100rb"): read
 * only next to the words that say what they are, so "3 bulan" or "pp 50 2025" are never an age or
 * an income. The answers turn them into computed figures (src/faq/answers.ts).
 */
import { MAX_QUESTION_CHARS } from './normalize.ts';

/** What a question says about the person it is about. */
export interface QuestionFigures {
  /** Age in years. */
  age?: number;
  /** Income per month in rupiah, as stated or worked out from a daily figure. */
  monthlyIncome?: number;
  /** The stated daily income, when the monthly one was worked out from it. */
  dailyIncome?: number;
}

/** Days a daily income is multiplied by: said in the answer, so the user sees the reasoning. */
export const DAYS_PER_MONTH = 30;

// "umur 66", "usia: 64 tahun", "age 70", "umurnya 16", "70 years old".
const AGE = /\b(?:umur|usia|umurnya|usianya|yuswa|age|aged)\s*:?\s*(\d{1,3})\b|\b(\d{1,3})\s*(?:years? old|yo)\b/u;
// "500rb", "1,5jt", "1.5 juta", "Rp 2.000.000", "100k", "2 jutaan", "2 million".
const AMOUNT = /(?:\brp\.?\s*)?(\d{1,3}(?:[.,]\d{3})+|\d+(?:[.,]\d+)?)\s*(rb|ribu|k|rebu|ewu|thousand|jt|juta|jtan|jutaan|million)?\b/gu;
const PER_DAY = /\b(?:sehari|per ?hari|perhari|tiap hari|sedina|sapoe|a day|per day|daily)\b/u;
const INCOME_WORDS = /\b(?:penghasilan|pendapatan|gaji|income|omset|untung|dapet|dapat|dpt|hasil|earn|earns|make|makes|bayaran|upah)\b/u;

/** The age and income a question mentions, if any. */
export function figuresIn(question: string): QuestionFigures {
  const text = question.slice(0, MAX_QUESTION_CHARS).toLowerCase();
  const out: QuestionFigures = {};
  const age = ageIn(text);
  if (age !== undefined) out.age = age;
  const income = incomeIn(text.replace(/\bsejuta\b/gu, '1 juta').replace(/\bsetengah juta\b/gu, '500 ribu'));
  if (income !== undefined) {
    if (PER_DAY.test(text)) {
      out.dailyIncome = income;
      out.monthlyIncome = income * DAYS_PER_MONTH;
    } else out.monthlyIncome = income;
  }
  return out;
}

function ageIn(text: string): number | undefined {
  const m = AGE.exec(text);
  const n = m ? Number(m[1] ?? m[2]) : undefined;
  return n !== undefined && n > 0 && n < 120 ? n : undefined;
}

/**
 * The first rupiah amount in a question that speaks of earning (an income word, or "per day"): "iuran 3
 * bulan 50rb?" quotes a price, not an income. Plain numbers count from Rp100.000, amounts with a unit from Rp10.000.
 */
function incomeIn(text: string): number | undefined {
  if (!INCOME_WORDS.test(text) && !PER_DAY.test(text)) return undefined;
  for (const [, digits = '', unit] of text.matchAll(AMOUNT)) {
    const value = amount(digits, unit);
    if (value !== undefined && value >= (unit ? 10_000 : 100_000) && value <= 1_000_000_000) return value;
  }
  return undefined;
}

function amount(digits: string, unit: string | undefined): number | undefined {
  // Without a unit, "2.000.000" and "2,000,000" group thousands; before a unit "1,5" and "1.5" are decimals.
  if (!unit) return Number(digits.replace(/[.,]/g, ''));
  const n = Number(digits.replace(',', '.'));
  const multiplier = /^(rb|ribu|k|rebu|ewu|thousand)$/.test(unit) ? 1_000 : 1_000_000;
  return Number.isFinite(n) ? Math.round(n * multiplier) : undefined;
}
