import { queueNotice } from '../../delivery/notices.ts';
import { type SignupLinks, signupLinks } from '../../domain/signup-links.ts';
import type { Params } from '../../i18n.ts';
import { auditStore } from '../../store/audit.ts';
import { type CommunityRow, communityStore } from '../../store/communities.ts';
import { createCommunity, normalizeCommunityName } from '../../store/create-community.ts';
import type { Db } from '../../store/db.ts';
import { type DesaRequestRow, desaRequestStore } from '../../store/desa-requests.ts';
import { personalCodeOf } from '../communities/links.ts';

/** Who decides, when, and what the approved community's target and links are. */
export interface Decider {
  db: Db;
  by: string;
  now: number;
  /** Registrations per desa the community counts towards (`DESA_TARGET`). */
  target: number;
  /** The bot's Telegram username and WhatsApp number, for the pillar's personal links. */
  linkTargets?: { telegramUsername?: string; whatsappNumber?: string };
  /** An operator's region ('36', '36.71'): only requests from villages in it may be decided. Absent or null: any. */
  region?: string | null;
}

/** Whether a region ('36' a province, '36.71' a kabupaten/kota; null for every region) holds a village code. */
export function regionHolds(region: string | null | undefined, villageCode: string): boolean {
  return !region || villageCode === region || villageCode.startsWith(`${region}.`);
}

/** The outcome of a decision: done (with the community when approved), or why not. */
export type Decision =
  | { ok: true; request: DesaRequestRow; community?: CommunityRow; personalCode?: string }
  | { ok: false; why: 'unknown' | 'decided'; request?: DesaRequestRow }
  | { ok: false; why: 'region'; request: DesaRequestRow; region: string };

/**
 * The request to decide by its code, unless it is unknown, outside the decider's region (the refusal audited, as an
 * attempt on another region's request is worth seeing) or already decided.
 */
function decidable(d: Omit<Decider, 'target'>, code: string, action: string): Decision | DesaRequestRow {
  const request = desaRequestStore(d.db).byCode(code);
  if (!request) return { ok: false, why: 'unknown' };
  if (d.region && !regionHolds(d.region, request.village_code)) {
    auditStore(d.db).record(d.by, `${action}.refused`, `request=${request.code} village=${request.village_code} region=${d.region}`, d.now);
    return { ok: false, why: 'region', request, region: d.region };
  }
  if (request.status !== 'menunggu') return { ok: false, why: 'decided', request };
  return request;
}

/**
 * Approves a waiting request in one transaction: the community through the one `createCommunity()` (code, audit,
 * the requester as its admin), tied to its desa and target; the requester becomes a member with a personal code, so
 * whoever their link brings counts for this desa; the decision is audited and the requester told through the outbox.
 */
export function approveDesaRequest(d: Decider, code: string): Decision {
  const requests = desaRequestStore(d.db);
  const communities = communityStore(d.db);
  return d.db.transaction((): Decision => {
    const request = decidable(d, code, 'desa.approve');
    if ('ok' in request) return request;
    const name = normalizeCommunityName(request.name);
    if (!name) throw new Error(`stored request ${request.code} has an invalid name`);
    const community = createCommunity(d.db, { name, by: d.by, now: d.now, admin: request.requester_key });
    requests.linkDesa(community.id, request.village_code, d.target, request.id);
    requests.decide(request.id, { status: 'disetujui', by: d.by, now: d.now, reason: null, communityId: community.id });
    communities.join(community.id, request.requester_key, community.code, d.now);
    const personalCode = personalCodeOf(communities, request.requester_key, d.now);
    auditStore(d.db).record(
      d.by,
      'desa.approve',
      `request=${request.code} community=${community.code} village=${request.village_code}`,
      d.now,
    );
    queueNotice(d.db, request.requester_key, 'village.req.approved', approvedParams(community, personalCode, d.linkTargets), d.now);
    return { ok: true, request, community, personalCode };
  })();
}

/** Declines a waiting request with a reason; audited, and the requester is told why. */
export function declineDesaRequest(d: Omit<Decider, 'target'>, code: string, reason: string): Decision {
  const requests = desaRequestStore(d.db);
  return d.db.transaction((): Decision => {
    const request = decidable(d, code, 'desa.decline');
    if ('ok' in request) return request;
    requests.decide(request.id, { status: 'ditolak', by: d.by, now: d.now, reason, communityId: null });
    auditStore(d.db).record(d.by, 'desa.decline', `request=${request.code} reason=${reason}`, d.now);
    queueNotice(d.db, request.requester_key, 'village.req.declined', { name: request.name, code: request.code, reason }, d.now);
    return { ok: true, request };
  })();
}

function approvedParams(c: CommunityRow, personal: string, targets: Decider['linkTargets']): Params {
  const links: SignupLinks = targets ? signupLinks({ code: personal, ...targets }) : {};
  const lines = [links.telegram, links.whatsapp].filter((l): l is string => Boolean(l));
  return { name: c.name, code: c.code, personal, links: lines.length ? lines.join('\n') : personal };
}
