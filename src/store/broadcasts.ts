import type { Db } from './db.ts';
import { outboxStore } from './outbox.ts';
import { perDatabase } from './per-database.ts';

/** A member who would receive a community announcement. */
export interface Recipient {
  key: string;
  channel: string;
  chat_id: string;
  locale: string | null;
}

/** A broadcast and where it stands. */
export interface BroadcastRow {
  id: number;
  community_id: number;
  created_by: string;
  text: string;
  created_at: number;
  state: 'sending' | 'done' | 'cancelled';
  recipients: number;
  /** Members left out when it was queued (opted out or unreachable). */
  skipped: number;
  reported_at: number | null;
}

/** A broadcast with the name of its community, for reports. */
export type BroadcastWithCommunity = BroadcastRow & { community_name: string };

/** Whether a queued announcement may still go to one person, as it stands now. */
export interface RecipientState {
  opted_out_at: number | null;
  unreachable_at: number | null;
  opted_in: number | null;
  /** 1 when the person is (still) a member of the broadcast's community. */
  member: number;
}

/** Owner of the `broadcasts` table: announcements to community members (their messages live in the outbox). */
export const broadcastStore = perDatabase((db: Db) => {
  const outbox = outboxStore(db);
  const s = {
    // Only members who said yes to announcements, never anyone who said berhenti, never unreachable ones.
    recipients: db.prepare<[number], Recipient>(
      `SELECT u.key, u.channel, u.chat_id, u.locale FROM memberships m JOIN users u ON u.key = m.user_key
       WHERE m.community_id = ? AND m.opted_in = 1 AND u.opted_out_at IS NULL AND u.unreachable_at IS NULL ORDER BY m.joined_at`,
    ),
    insert: db.prepare(
      "INSERT INTO broadcasts (community_id, created_by, text, created_at, state, recipients, skipped) VALUES (?, ?, ?, ?, 'sending', ?, ?)",
    ),
    running: db.prepare<[number], BroadcastRow>("SELECT * FROM broadcasts WHERE community_id = ? AND state = 'sending' ORDER BY id"),
    withCommunity: db.prepare<[number], BroadcastWithCommunity>(
      'SELECT b.*, c.name AS community_name FROM broadcasts b JOIN communities c ON c.id = b.community_id WHERE b.id = ?',
    ),
    nothingLeft: db.prepare<[], { id: number }>(
      `SELECT id FROM broadcasts b WHERE state = 'sending'
       AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.broadcast_id = b.id AND o.state IN ('pending', 'sending'))`,
    ),
    close: db.prepare("UPDATE broadcasts SET state = 'done', reported_at = ? WHERE id = ? AND state = 'sending'"),
    cancel: db.prepare("UPDATE broadcasts SET state = 'cancelled', reported_at = ? WHERE id = ?"),
    recipientState: db.prepare<{ key: string; id: number }, RecipientState>(
      `SELECT u.opted_out_at, u.unreachable_at, m.opted_in, m.user_key IS NOT NULL AS member
       FROM broadcasts b LEFT JOIN users u ON u.key = @key LEFT JOIN memberships m ON m.community_id = b.community_id AND m.user_key = @key
       WHERE b.id = @id`,
    ),
    byId: db.prepare<[number], BroadcastRow>('SELECT * FROM broadcasts WHERE id = ?'),
    recentOf: db.prepare<[string, number], BroadcastRow>(
      'SELECT * FROM broadcasts WHERE community_id IN (SELECT value FROM json_each(?)) ORDER BY id DESC LIMIT ?',
    ),
  };
  return {
    /** Who an announcement to this community would reach. */
    recipients: (communityId: number) => s.recipients.all(communityId),
    /** Records a broadcast and queues one outbox row per recipient (the unique index makes it idempotent). */
    create: (
      communityId: number,
      by: string,
      text: string,
      now: number,
      messages: { channel: string; chat_id: string; text: string }[],
      skipped: number,
    ) => {
      const id = Number(s.insert.run(communityId, by, text, now, messages.length, skipped).lastInsertRowid);
      for (const m of messages) outbox.enqueueForBroadcast(id, m, now);
      return id;
    },
    /** Broadcasts of a community still being delivered. */
    running: (communityId: number) => s.running.all(communityId),
    /** A broadcast with its community's name, or undefined for an unknown id. */
    withCommunity: (id: number) => s.withCommunity.get(id),
    /** Broadcasts still marked sending although none of their messages waits or is being sent. */
    sendingWithNothingLeft: () => s.nothingLeft.all().map((r) => r.id),
    /** Marks a sending broadcast done (and reported); false when it was not sending any more. */
    markDone: (id: number, now: number) => s.close.run(now, id).changes === 1,
    /** Marks a broadcast cancelled (and reported). */
    markCancelled: (id: number, now: number) => void s.cancel.run(now, id),
    /** Where a recipient stands now (opt-out, reachability, membership), or undefined for an unknown broadcast. */
    recipientState: (broadcastId: number, userKey: string) => s.recipientState.get({ key: userKey, id: broadcastId }),
    /** One broadcast. */
    byId: (id: number) => s.byId.get(id),
    /** The newest broadcasts of some communities. */
    recentOf: (communityIds: readonly number[], limit = 20) => s.recentOf.all(JSON.stringify(communityIds), limit),
  };
});

/** The broadcast store's operations. */
export type BroadcastStore = ReturnType<typeof broadcastStore>;
