import { asLocale, t } from '../i18n.ts';
import { auditStore } from '../store/audit.ts';
import { broadcastStore, type Recipient } from '../store/broadcasts.ts';
import { type CommunityRow, communityStore } from '../store/communities.ts';
import type { Db } from '../store/db.ts';

/** Who an announcement to a community would reach now, and how many members it would leave out. */
export function broadcastAudience(db: Db, communityId: number): { recipients: Recipient[]; skipped: number } {
  const recipients = broadcastStore(db).recipients(communityId);
  return { recipients, skipped: communityStore(db).memberCount(communityId) - recipients.length };
}

/**
 * Queues an announcement to a community's opted-in members through the outbox (each in their language) and
 * audits it: the one way to start a broadcast, for the chat's `siaran` and the panel. The caller checks that
 * `by` manages the community.
 */
export function queueBroadcast(db: Db, community: CommunityRow, by: string, text: string, now: number): { id: number; recipients: number } {
  return db.transaction(() => {
    const { recipients, skipped } = broadcastAudience(db, community.id);
    const messages = recipients.map((r) => ({
      channel: r.channel,
      chat_id: r.chat_id,
      text: t(asLocale(r.locale), 'comm.broadcast.message', { name: community.name, text }),
    }));
    const id = broadcastStore(db).create(community.id, by, text, now, messages, skipped);
    auditStore(db).record(by, 'broadcast.create', `community=${community.code} id=${id} recipients=${messages.length}`, now);
    return { id, recipients: messages.length };
  })();
}
