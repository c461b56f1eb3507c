import { villageByCode } from '../domain/areas.ts';
import { type Locale, t } from '../i18n.ts';
import { batchStore } from '../store/batches.ts';
import type { Db } from '../store/db.ts';
import { desaRequestStore } from '../store/desa-requests.ts';
import { referralStore, STATUSES } from '../store/referrals.ts';
import { progressBar } from './stats.ts';

/** The desa's figures: registrations counting towards the target, by status, and how many came in uploads. */
export interface DesaFigures {
  village: string;
  target: number;
  counting: number;
  byStatus: Record<string, number>;
  batches: number;
  fromBatches: number;
}

/** The figures of a desa community; undefined when the community is not a desa's. */
export function desaFigures(db: Db, communityId: number): DesaFigures | undefined {
  const desa = desaRequestStore(db).desaOf(communityId);
  if (!desa) return undefined;
  const byStatus: Record<string, number> = Object.fromEntries(STATUSES.map((s) => [s, 0]));
  for (const r of referralStore(db).countByStatus(communityId)) byStatus[r.status] = r.n;
  const uploads = batchStore(db).submittedSince(communityId, 0);
  return {
    village: villageByCode(desa.village_code)?.name ?? desa.village_code,
    target: desa.target,
    // Withdrawn and rejected registrations do not count towards "100 per desa".
    counting: (byStatus.diajukan ?? 0) + (byStatus.terdaftar ?? 0),
    byStatus,
    batches: uploads.n,
    fromBatches: uploads.referrals,
  };
}

/** The desa section of `statistik`: the desa against its target, by status, and the uploads; undefined for other communities. */
export function desaStatsText(db: Db, communityId: number, locale: Locale): string | undefined {
  const f = desaFigures(db, communityId);
  if (!f) return undefined;
  const statuses = STATUSES.filter((s) => (f.byStatus[s] ?? 0) > 0)
    .map((s) => t(locale, 'village.stats.status', { status: { key: `community.status.${s}` as const }, count: f.byStatus[s] ?? 0 }))
    .join(' · ');
  return [
    t(locale, 'village.stats.desa', { village: f.village, bar: progressBar(f.counting, f.target), count: f.counting, target: f.target }),
    ...(statuses ? [statuses] : []),
    t(locale, 'village.stats.uploads', { batches: f.batches, count: f.fromBatches }),
  ].join('\n');
}
