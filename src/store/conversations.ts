import type { Db } from './db.ts';
import { perDatabase } from './per-database.ts';

/** A person as the bot knows them on one channel. */
export interface UserRow {
  key: string;
  channel: string;
  chat_id: string;
  name: string | null;
  locale: string | null;
  created_at: number;
  last_seen_at: number;
  arrived_via: string | null;
  unreachable_at: number | null;
}

/** Where a conversation stands: the open flow (or the menu) and a pending meta question. */
export interface ConversationRow {
  key: string;
  active_flow: string | null;
  pending: string | null;
  updated_at: number;
  last_choices: string | null;
}

/** A stored flow snapshot. */
export interface FlowStateRow {
  key: string;
  flow_id: string;
  version: number;
  snapshot: string;
  input: string;
  updated_at: number;
}

/** Owner of the `users`, `conversations`, `flow_states` and `processed_messages` tables. */
export const conversationStore = perDatabase((db: Db) => {
  const s = {
    getUser: db.prepare<[string], UserRow>('SELECT * FROM users WHERE key = ?'),
    insertUser: db.prepare(
      'INSERT INTO users (key, channel, chat_id, name, locale, created_at, last_seen_at) VALUES (@key, @channel, @chat_id, @name, @locale, @now, @now)',
    ),
    // Writing to us proves the user is reachable again (e.g. they unblocked the bot).
    touchUser: db.prepare('UPDATE users SET last_seen_at = ?, name = COALESCE(?, name), unreachable_at = NULL WHERE key = ?'),
    setArrival: db.prepare('UPDATE users SET arrived_via = ? WHERE key = ? AND arrived_via IS NULL'),
    setUnreachable: db.prepare('UPDATE users SET unreachable_at = ? WHERE key = ?'),
    setLocale: db.prepare('UPDATE users SET locale = ? WHERE key = ?'),
    setOptedOut: db.prepare('UPDATE users SET opted_out_at = ? WHERE key = ?'),
    getConv: db.prepare<[string], ConversationRow>('SELECT * FROM conversations WHERE key = ?'),
    upsertConv: db.prepare(
      `INSERT INTO conversations (key, active_flow, pending, updated_at, last_choices) VALUES (@key, @active_flow, @pending, @updated_at, @last_choices)
       ON CONFLICT(key) DO UPDATE SET active_flow = excluded.active_flow, pending = excluded.pending, updated_at = excluded.updated_at,
         last_choices = excluded.last_choices`,
    ),
    getFlow: db.prepare<[string, string], FlowStateRow>('SELECT * FROM flow_states WHERE key = ? AND flow_id = ?'),
    listFlows: db.prepare<[string], FlowStateRow>('SELECT * FROM flow_states WHERE key = ? ORDER BY updated_at DESC'),
    putFlow: db.prepare(
      `INSERT INTO flow_states (key, flow_id, version, snapshot, input, updated_at) VALUES (@key, @flow_id, @version, @snapshot, @input, @updated_at)
       ON CONFLICT(key, flow_id) DO UPDATE SET version = excluded.version, snapshot = excluded.snapshot, input = excluded.input, updated_at = excluded.updated_at`,
    ),
    deleteFlow: db.prepare('DELETE FROM flow_states WHERE key = ? AND flow_id = ?'),
    sealedDrafts: db.prepare<[], { key: string; flow_id: string; sealed: string }>(
      `SELECT key, flow_id, json_extract(snapshot, '$.context.nikSealed') AS sealed FROM flow_states
       WHERE json_valid(snapshot) AND json_extract(snapshot, '$.context.nikSealed') IS NOT NULL`,
    ),
    resealDraft: db.prepare(
      `UPDATE flow_states SET snapshot = json_set(snapshot, '$.context.nikSealed', @sealed, '$.context.nikHash', @hash)
       WHERE key = @key AND flow_id = @flowId`,
    ),
    // @c: a JSON array of community ids, or NULL for everyone.
    openFlows: db.prepare<{ flow: string; c: string | null }, { n: number }>(
      `SELECT count(*) AS n FROM flow_states WHERE flow_id = @flow
       AND (@c IS NULL OR key IN (SELECT user_key FROM memberships WHERE community_id IN (SELECT value FROM json_each(@c))))`,
    ),
    // chat_id '': a row from before ids were kept per chat (migration 6) still stops its redelivery.
    isProcessed: db.prepare<{ channel: string; chat: string; id: string }, { one: number }>(
      "SELECT 1 AS one FROM processed_messages WHERE channel = @channel AND chat_id IN (@chat, '') AND message_id = @id LIMIT 1",
    ),
    markProcessed: db.prepare('INSERT INTO processed_messages (channel, chat_id, message_id, at) VALUES (?, ?, ?, ?)'),
    pruneProcessed: db.prepare('DELETE FROM processed_messages WHERE at < ?'),
  };
  return {
    /** The user, or undefined for someone new. */
    user: (key: string) => s.getUser.get(key),
    /** Records a new user. */
    createUser: (u: { key: string; channel: string; chat_id: string; name: string | null; locale: string | null; now: number }) =>
      void s.insertUser.run(u),
    /** Notes that the user wrote now (and their display name if the platform gave one). */
    touchUser: (key: string, now: number, name: string | null) => void s.touchUser.run(now, name, key),
    /** Records the first sign-up link payload a user arrived with (later ones do not overwrite it). */
    setArrival: (key: string, payload: string) => void s.setArrival.run(payload, key),
    /** Marks a user the platform refuses to deliver to (blocked the bot), so nothing more is queued for them. */
    setUnreachable: (key: string, now: number) => void s.setUnreachable.run(now, key),
    /** Stores the user's language. */
    setLocale: (key: string, locale: string) => void s.setLocale.run(locale, key),
    /** `berhenti` (a time) or `mulai` (null): whether the user receives announcements at all. */
    setOptedOut: (key: string, at: number | null) => void s.setOptedOut.run(at, key),
    /** The conversation row, or undefined. */
    conversation: (key: string) => s.getConv.get(key),
    /** Writes the conversation row. */
    saveConversation: (c: ConversationRow) => void s.upsertConv.run(c),
    /** A stored flow snapshot. */
    flowState: (key: string, flowId: string) => s.getFlow.get(key, flowId),
    /** All stored flow snapshots of a conversation, newest first. */
    flowStates: (key: string) => s.listFlows.all(key),
    /** Stores a flow snapshot. */
    saveFlowState: (r: FlowStateRow) => void s.putFlow.run(r),
    /** Forgets a flow snapshot. */
    deleteFlowState: (key: string, flowId: string) => void s.deleteFlow.run(key, flowId),
    /** The sealed NIK of every unfinished flow that holds one (for a key rotation). */
    sealedDrafts: () => s.sealedDrafts.all(),
    /** Replaces an unfinished flow's sealed NIK and its keyed hash (after a key rotation). */
    resealDraft: (key: string, flowId: string, sealed: string, hash: string) => void s.resealDraft.run({ key, flowId, sealed, hash }),
    /**
     * How many conversations have this flow open (of the members of one or more communities, each person once, or
     * of everyone). A snapshot is dropped when its flow ends, so for `registration` these are the registrations
     * being filled in.
     */
    countOpenFlows: (flowId: string, communities?: number | readonly number[]) => {
      const c = communities === undefined ? null : JSON.stringify(typeof communities === 'number' ? [communities] : communities);
      return s.openFlows.get({ flow: flowId, c })?.n ?? 0;
    },
    /** Whether this platform message of this chat was already handled (Telegram numbers messages per chat). */
    isProcessed: (channel: string, chatId: string, messageId: string) =>
      s.isProcessed.get({ channel, chat: chatId, id: messageId }) !== undefined,
    /** Records a handled platform message of a chat. */
    markProcessed: (channel: string, chatId: string, messageId: string, now: number) =>
      void s.markProcessed.run(channel, chatId, messageId, now),
    /** Forgets processed ids older than `before` (platforms redeliver within hours, not weeks). */
    pruneProcessed: (before: number) => s.pruneProcessed.run(before).changes,
  };
});

/** The conversation store's operations. */
export type ConversationStore = ReturnType<typeof conversationStore>;
