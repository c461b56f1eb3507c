import { queueNotice } from '../delivery/notices.ts';
import { asLocale } from '../i18n.ts';
import { desaStatsText } from '../reports/desa-stats.ts';
import { communityStore } from '../store/communities.ts';
import { conversationStore } from '../store/conversations.ts';
import type { Db } from '../store/db.ts';
import { desaRequestStore } from '../store/desa-requests.ts';
import { desaSummaryStore } from '../store/desa-summaries.ts';
import { referralStore } from '../store/referrals.ts';
import { todayIn } from '../util/time.ts';
import type { Job } from './scheduler.ts';

/** Local hour from which the day's summary goes out (the end of an office day). */
const SUMMARY_HOUR = 17;

/** The hour of `now` in `timeZone` (0–23). */
function hourIn(timeZone: string, now: number): number {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(now));
}

/**
 * Queues the day's summary to the admins of each desa community that opted in, when registrations were added since
 * its last summary. One job row per community and day: a restart or a second run the same day sends nothing twice.
 * Returns how many communities got a summary.
 */
export function runDesaSummaries(db: Db, opts: { timeZone: string; now: number }): number {
  if (hourIn(opts.timeZone, opts.now) < SUMMARY_HOUR) return 0;
  const day = todayIn(opts.timeZone, opts.now);
  const communities = communityStore(db);
  const summaries = desaSummaryStore(db);
  const users = conversationStore(db);
  let sent = 0;
  for (const desa of desaRequestStore(db).allDesa()) {
    const community = communities.byId(desa.community_id);
    if (!community || desa.summary_opt_in !== 1) continue;
    const since = summaries.last(community.id)?.created_at ?? community.created_at;
    let added = 0;
    for (const _ of referralStore(db).forExport({ communityId: community.id, since })) added++;
    if (added === 0) continue;
    db.transaction(() => {
      if (!summaries.claim(community.id, day, opts.now)) return;
      for (const admin of communities.admins(community.id)) {
        const locale = asLocale(users.user(admin)?.locale);
        const stats = desaStatsText(db, community.id, locale) ?? '';
        const id = queueNotice(db, admin, 'village.summary.daily', { name: community.name, added, stats }, opts.now);
        if (id !== undefined) summaries.setOutbox(community.id, day, id);
      }
      sent++;
    })();
  }
  return sent;
}

/** The daily summaries as an hourly scheduled job; the claimed rows, not the timer, say what was sent. */
export function desaSummaryJob(db: Db, timeZone: string): Job {
  return {
    name: 'desa-summaries',
    everyMs: 3_600_000,
    run: (now) => `communities=${runDesaSummaries(db, { timeZone, now })}`,
  };
}
