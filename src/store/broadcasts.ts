import type { Db } from './db.ts';

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
  skipped: number;
  reported_at: number | null;
}

/** Prepared statements for announcements to community members. */
export function broadcastStore(db: Db) {
  const s = {
    // Only members who said yes to announcements, never anyone who said berhenti, never unreachable ones.
    recipients: db.prepare<[number], Recipient>(
      `SELECT u.key, u.channel, u.chat_id, u.locale FROM memberships m JOIN users u ON u.key = m.user_key
       WHERE m.community_id = ? AND m.opted_in = 1 AND u.opted_out_at IS NULL AND u.unreachable_at IS NULL ORDER BY m.joined_at`,
    ),
    members: db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM memberships WHERE community_id = ?'),
    insert: db.prepare(
      "INSERT INTO broadcasts (community_id, created_by, text, created_at, state, recipients, skipped) VALUES (?, ?, ?, ?, 'sending', ?, ?)",
    ),
    running: db.prepare<[number], BroadcastRow>("SELECT * FROM broadcasts WHERE community_id = ? AND state = 'sending' ORDER BY id"),
    enqueue: db.prepare(
      'INSERT OR IGNORE INTO outbox (channel, chat_id, text, created_at, not_before, broadcast_id) VALUES (?, ?, ?, ?, ?, ?)',
    ),
  };
  return {
    /** Who an announcement to this community would reach. */
    recipients: (communityId: number) => s.recipients.all(communityId),
    /** How many members the community has. */
    memberCount: (communityId: number) => s.members.get(communityId)?.n ?? 0,
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
      for (const m of messages) s.enqueue.run(m.channel, m.chat_id, m.text, now, now, id);
      return id;
    },
    /** Broadcasts of a community still being delivered. */
    running: (communityId: number) => s.running.all(communityId),
  };
}
