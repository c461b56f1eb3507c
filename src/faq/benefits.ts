import { z } from 'zod';
import raw from './benefits.data.json' with { type: 'json' };

const rupiah = z.number().int().positive();
const count = z.number().int().positive();
const sourced = { source: z.string().min(1) };

const schema = z.object({
  jkk: z.object({
    homeCareMax: rupiah,
    transportLandMax: rupiah,
    transportSeaMax: rupiah,
    transportAirMax: rupiah,
    fullIncomePercent: count,
    fullIncomeMonths: count,
    reducedIncomePercent: count,
    deathMultiple: count,
    disabilityMultiple: count,
    scholarshipChildren: count,
    scholarshipMax: rupiah,
    reportWithinHours: count,
    ...sourced,
  }),
  jkm: z.object({ total: rupiah, lumpSum: rupiah, periodic: rupiah, funeral: rupiah, scholarshipAfterYears: count, ...sourced }),
  jht: z.object({ claimAge: count, jmoClaimMax: rupiah, ...sourced }),
  membership: z.object({ dueDay: count.max(28), inactiveAfterUnpaidMonths: count, cardWithinDays: count, kpjDigits: count, ...sourced }),
});

/** Benefit levels and membership rules the answers quote; validated on load so a bad edit fails at startup. */
export type Benefits = z.infer<typeof schema>;

/** The shipped benefit table (src/faq/benefits.data.json). */
export const BENEFITS: Benefits = schema.parse(raw);
