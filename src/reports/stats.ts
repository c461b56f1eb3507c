import { villageByCode } from '../domain/areas.ts';
import { type Locale, type MessageKey, type Params, t } from '../i18n.ts';
import { type ProtectionSummary, protectionSummary } from '../jobs/protection.ts';
import { communityStore } from '../store/communities.ts';
import { conversationStore } from '../store/conversations.ts';
import type { Db } from '../store/db.ts';
import { referralStore, STATUSES, type Status } from '../store/referrals.ts';
import { reminderStore } from '../store/reminders.ts';
import { clipWithEllipsis } from '../util/clip.ts';
import { todayIn } from '../util/time.ts';

/** Arrivals through one sign-up link: a community code, or a member's personal code and whose it is. */
export interface ArrivalCount {
  code: string;
  count: number;
  /** For a personal code: the owner's name or masked chat id. */
  owner?: string;
}

/** Submitted registrations in one desa/kelurahan (withdrawn and rejected ones not counted). */
export interface DesaCount {
  code: string;
  name: string;
  district: string;
  kind: 'desa' | 'kelurahan';
  count: number;
}

/** The figures an admin sees for one community, or for everything when no community is given. */
export interface CommunityStats {
  community?: { id: number; code: string; name: string };
  members: number;
  /** Members who said yes to announcements and have not said berhenti since. */
  optedIn: number;
  arrivals: ArrivalCount[];
  /** Registrations being filled in right now (an open registration flow of a member). */
  started: number;
  submitted: number;
  byStatus: Record<Status, number>;
  topReferrers: { name: string; count: number }[];
  /** Every desa with a submitted registration, most first. */
  desa: DesaCount[];
  targetPerDesa: number;
  /** Registered workers: active / at risk / lapsed by their payments, overall and per desa. */
  protection: ProtectionSummary;
}

const TOP_REFERRERS = 5;
const TOP_DESA = 10;
const TOP_ARRIVALS = 5;
const MAX_NAME = 40;

/** The figures of one community, or of the whole bot when `communityId` is undefined (scope is checked by the caller). */
export function communityStats(
  db: Db,
  opts: { communityId?: number; targetPerDesa: number; timeZone?: string; now?: number },
): CommunityStats {
  const c = opts.communityId;
  const communities = communityStore(db);
  const referrals = referralStore(db);
  const row = c === undefined ? undefined : communities.byId(c);
  const community = row && { id: row.id, code: row.code, name: row.name };
  const arrivals = communities
    .arrivals(c)
    .map(
      (r): ArrivalCount =>
        r.owner_key ? { code: r.code, count: r.n, owner: displayName(r.owner_name, r.owner_key) } : { code: r.code, count: r.n },
    );
  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const r of referrals.countByStatus(c)) byStatus[r.status] = r.n;
  const submitted = STATUSES.reduce((sum, s) => sum + byStatus[s], 0);
  const topReferrers = referrals.topReferrers(TOP_REFERRERS, c).map((r) => ({ name: displayName(r.name, r.key), count: r.n }));
  const desa = referrals.countByVillage(c).map((r): DesaCount => {
    const v = villageByCode(r.village_code);
    return {
      code: r.village_code,
      name: v?.name ?? r.village_code,
      district: v?.district ?? '',
      kind: villageKind(r.village_code),
      count: r.n,
    };
  });
  return {
    community,
    members: communities.memberCount(c),
    optedIn: communities.optedInCount(c),
    arrivals,
    started: conversationStore(db).countOpenFlows('registration', c),
    submitted,
    byStatus,
    topReferrers,
    desa,
    targetPerDesa: opts.targetPerDesa,
    protection: protectionOf(db, c, opts.timeZone ?? 'Asia/Jakarta', opts.now ?? Date.now()),
  };
}

/** The cover of the registered workers of a community (or all), by their payments on today's date. */
function protectionOf(db: Db, communityId: number | undefined, timeZone: string, now: number): ProtectionSummary {
  const rows = reminderStore(db)
    .insured()
    .filter((r) => communityId === undefined || r.community_id === communityId);
  return protectionSummary(rows, todayIn(timeZone, now), timeZone);
}

/** `▓▓▓▓▓▓░░░░` for 62 of 100: filled cells rounded down, so a bar is only full when the target is reached. */
export function progressBar(count: number, target: number, width = 10): string {
  const filled = target <= 0 ? width : Math.max(0, Math.min(width, Math.floor((count / target) * width)));
  return '▓'.repeat(filled) + '░'.repeat(width - filled);
}

/** A chat id shown without giving away a phone number: `whatsapp:6281******890`. */
export function maskChatId(userKey: string): string {
  const at = userKey.indexOf(':');
  const channel = at < 0 ? '' : userKey.slice(0, at + 1);
  const id = userKey.slice(at + 1).replace(/@.*$/, '');
  const [head, tail] = id.length >= 10 ? [4, 3] : id.length >= 6 ? [2, 2] : [1, 0];
  return `${channel}${id.slice(0, head)}${'*'.repeat(Math.max(0, id.length - head - tail))}${id.slice(id.length - tail)}`;
}

/** The statistics as one chat message (well under WhatsApp's and Telegram's length limits). */
export function formatStats(stats: CommunityStats, locale: Locale): string {
  const line = (key: MessageKey, params: Params = {}) => t(locale, key, params);
  const more = (n: number) => (n > 0 ? [line('community.stats.more', { count: n })] : []);
  const out: string[] = [];
  out.push(
    stats.community
      ? line('community.stats.title', { name: clipName(stats.community.name), code: stats.community.code })
      : line('community.stats.title_all'),
  );
  out.push('', line('community.stats.members', { members: stats.members, opted_in: stats.optedIn }));

  out.push('');
  if (stats.arrivals.length === 0) out.push(line('community.stats.arrivals.none'));
  else {
    out.push(line('community.stats.arrivals.title'));
    for (const a of stats.arrivals.slice(0, TOP_ARRIVALS))
      out.push(
        a.owner
          ? line('community.stats.arrivals.personal', { code: a.code, name: clipName(a.owner), count: a.count })
          : line('community.stats.arrivals.line', { code: a.code, count: a.count }),
      );
    out.push(...more(stats.arrivals.length - TOP_ARRIVALS));
  }

  out.push('', line('community.stats.registrations', { started: stats.started, submitted: stats.submitted }));
  for (const s of STATUSES)
    if (stats.byStatus[s] > 0)
      out.push(line('community.stats.status_line', { status: { key: `community.status.${s}` as const }, count: stats.byStatus[s] }));

  out.push(...protectionLines(stats, line));

  if (stats.topReferrers.length > 0) {
    out.push('', line('community.stats.referrers.title'));
    stats.topReferrers.forEach((r, i) => {
      out.push(line('community.stats.referrers.line', { rank: i + 1, name: clipName(r.name), count: r.count }));
    });
  }

  out.push('');
  if (stats.desa.length === 0) out.push(line('community.stats.desa.none', { target: stats.targetPerDesa }));
  else {
    out.push(line('community.stats.desa.title', { target: stats.targetPerDesa }));
    const shown = stats.desa.slice(0, TOP_DESA);
    // Many villages share a name (there are 119 called Sukamaju): add the kecamatan when two lines would read alike.
    const seen = new Map<string, number>();
    for (const d of shown) seen.set(d.name, (seen.get(d.name) ?? 0) + 1);
    for (const d of shown) {
      const name = clipName((seen.get(d.name) ?? 0) > 1 && d.district ? `${d.name} (${d.district})` : d.name);
      out.push(
        line('community.stats.desa.line', {
          village: { key: d.kind === 'kelurahan' ? 'community.stats.kelurahan' : 'community.stats.desa', params: { name } },
          bar: progressBar(d.count, stats.targetPerDesa),
          count: d.count,
          target: stats.targetPerDesa,
        }),
      );
    }
    out.push(...more(stats.desa.length - TOP_DESA));
  }
  return out.join('\n');
}

/** Active / at risk / lapsed registered workers, overall and for the desa with most of them, once any payment data exists. */
function protectionLines(stats: CommunityStats, line: (key: MessageKey, params?: Params) => string): string[] {
  const { counts, selfDeclared, byDesa } = stats.protection;
  // Before any payment data was imported or declared every worker is "no data": the section would say nothing.
  if (counts.active + counts.at_risk + counts.lapsed === 0) return [];
  const out = ['', line('reminders.stats.title', { ...counts, declared: selfDeclared })];
  for (const d of byDesa.slice(0, TOP_DESA)) {
    if (d.counts.active + d.counts.at_risk + d.counts.lapsed === 0) continue;
    out.push(line('reminders.stats.desa', { name: clipName(villageByCode(d.villageCode)?.name ?? d.villageCode), ...d.counts }));
  }
  return out;
}

/** Kemendagri village numbers start with 1 for a kelurahan and 2 for a desa. */
function villageKind(code: string): 'desa' | 'kelurahan' {
  const digits = code.replace(/\D/g, '');
  return digits.length === 10 && digits[6] === '1' ? 'kelurahan' : 'desa';
}

function displayName(name: string | null, userKey: string): string {
  const n = name?.trim();
  return n ? n : maskChatId(userKey);
}

/** A name cut to fit one line of the report. */
function clipName(name: string): string {
  return clipWithEllipsis(name, MAX_NAME);
}
