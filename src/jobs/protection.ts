import { todayIn } from '../util/time.ts';

/** Where a registered worker's cover stands: paid up, some months unpaid, lapsed, or no payment data to tell. */
export type Protection = 'active' | 'at_risk' | 'lapsed' | 'unknown';

/** The day of the month by which that month's iuran is due (DOMAIN.md: due by the 15th). */
export const DUE_DAY = 15;
/** More unpaid months than this in a row and the membership becomes inactive (DOMAIN.md). */
export const MAX_UNPAID = 3;

/** `YYYY-MM` plus `n` months (negative goes back). */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** How many months from `a` to `b` (`YYYY-MM`); negative when `b` is earlier. */
export function monthsFrom(a: string, b: string): number {
  const [ya, ma] = a.split('-').map(Number) as [number, number];
  const [yb, mb] = b.split('-').map(Number) as [number, number];
  return yb * 12 + mb - (ya * 12 + ma);
}

/** The facts about one registered worker that decide their cover. */
export interface PaymentFacts {
  paid_until: string | null;
  declared_until: string | null;
  registered_at: number;
}

/** The last month known paid, imported or self-declared; undefined when there is no payment data at all. */
export function paidThrough(p: Pick<PaymentFacts, 'paid_until' | 'declared_until'>): string | undefined {
  const months = [p.paid_until, p.declared_until].filter((m): m is string => m !== null);
  return months.length === 0 ? undefined : months.sort().at(-1);
}

/**
 * Months in a row whose due date (the 15th) has passed unpaid, counted from the last paid month (or the month
 * before registration); undefined without payment data, since silence from BPJS is not proof of non-payment.
 */
export function unpaidMonths(p: PaymentFacts, today: string, timeZone: string): number | undefined {
  const paid = paidThrough(p);
  if (paid === undefined) return undefined;
  const month = today.slice(0, 7);
  const lastOverdue = Number(today.slice(8, 10)) > DUE_DAY ? month : addMonths(month, -1);
  const before = addMonths(todayIn(timeZone, p.registered_at).slice(0, 7), -1);
  // `YYYY-MM` strings sort as months do: the later of the two.
  const from = [paid, before].sort()[1] ?? paid;
  return Math.max(0, monthsFrom(from, lastOverdue));
}

/** The worker's cover on `today`. */
export function protectionOf(p: PaymentFacts, today: string, timeZone: string): Protection {
  const unpaid = unpaidMonths(p, today, timeZone);
  if (unpaid === undefined) return 'unknown';
  if (unpaid === 0) return 'active';
  return unpaid > MAX_UNPAID ? 'lapsed' : 'at_risk';
}

/**
 * Finer than `Protection`, for the panel, so a village head knows whom to call: paid through this month (by the
 * import, or only by their own word), only this month open, behind but not yet lapsed, lapsed, or no payment known.
 */
export type Cover = 'protected' | 'declared' | 'due' | 'behind' | 'lapsed' | 'none';

/** The worker's `Cover` on `today`, by the same rules as `protectionOf` (lapsed is exactly its 'lapsed'). */
export function coverOf(p: PaymentFacts, today: string, timeZone: string): Cover {
  const paid = paidThrough(p);
  if (paid === undefined) return 'none';
  const month = today.slice(0, 7);
  if (paid >= month) return (p.paid_until ?? '') >= month ? 'protected' : 'declared';
  if (protectionOf(p, today, timeZone) === 'lapsed') return 'lapsed';
  // Counted as on this month's due date, so this month itself is not yet overdue: zero means only this month is open.
  const earlier = unpaidMonths(p, `${month}-${String(DUE_DAY).padStart(2, '0')}`, timeZone);
  return earlier === 0 ? 'due' : 'behind';
}

/** Counts of workers per state of cover. */
export type ProtectionCounts = Record<Protection, number>;

/** Zero workers in every state: a fresh tally. */
const noCounts = (): ProtectionCounts => ({ active: 0, at_risk: 0, lapsed: 0, unknown: 0 });

/** Cover per state for a group of workers, with how many count as active on their own word ("sudah bayar"). */
export interface ProtectionSummary {
  counts: ProtectionCounts;
  /** Active only because of a self-declared payment (no BPJS data for that month). */
  selfDeclared: number;
  /** Per desa (village code), most workers first. */
  byDesa: { villageCode: string; counts: ProtectionCounts }[];
}

/** Sums up the cover of registered workers on `today`, overall and per desa. */
export function protectionSummary(
  rows: readonly (PaymentFacts & { village_code: string })[],
  today: string,
  timeZone: string,
): ProtectionSummary {
  const counts = noCounts();
  const desa = new Map<string, ProtectionCounts>();
  let selfDeclared = 0;
  for (const r of rows) {
    const p = protectionOf(r, today, timeZone);
    counts[p]++;
    if (p === 'active' && (r.declared_until ?? '') > (r.paid_until ?? '')) selfDeclared++;
    const d = desa.get(r.village_code) ?? noCounts();
    d[p]++;
    desa.set(r.village_code, d);
  }
  const total = (c: ProtectionCounts) => c.active + c.at_risk + c.lapsed + c.unknown;
  const byDesa = [...desa].map(([villageCode, c]) => ({ villageCode, counts: c })).sort((a, b) => total(b.counts) - total(a.counts));
  return { counts, selfDeclared, byDesa };
}
