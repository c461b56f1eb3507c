import type { Db } from './db.ts';
import { paymentStore } from './payments.ts';
import { perDatabase } from './per-database.ts';
import { reminderJobStore } from './reminder-jobs.ts';
import { reminderStore } from './reminders.ts';

/** What one erasure removed, for the reply and the audit trail (counts only, never who). */
export interface ErasureResult {
  referrals: number;
  drafts: number;
}

/** Who asks to be forgotten: their `channel:chatId`, and their phone when the channel tells it (WhatsApp). */
export interface Person {
  key: string;
  channel: string;
  chatId: string;
  /** E.164, e.g. +6281234567890. */
  phone?: string;
}

/**
 * Erasure (UU 27/2022): the statements that remove a person's data or a referral's personal fields across the
 * tables, each erasure in one transaction. A referral keeps what anonymous statistics count (status, dates,
 * community, desa, occupation, sector, contributions) and `erased_at`; exports and status lists leave it out.
 */
export const erasureStore = perDatabase((db: Db) => {
  const e: Erasure = { db, s: erasureStatements(db), erasedSinceCheckpoint: false };
  return {
    /** Removes one referral's personal fields (and the notices that name its worker); false if already erased or unknown. */
    eraseReferral: (code: string, now: number): boolean => db.transaction(() => eraseReferral(e, code, now))(),
    /** The codes of the referrals in which this person is the worker: registered for themselves, or by their phone. */
    referralsOfWorker: (p: Person): string[] => e.s.referralsOfWorker.all({ key: p.key, phone: p.phone ?? null }).map((r) => r.code),
    /**
     * Erases a person: drafts (theirs, and others' drafts with their phone), language and announcement choices,
     * memberships, personal code, admin roles, queued messages, processed ids, and every referral in which they are
     * the worker. Referrals they made for someone else stay (that person's data, erased with `hapus KODE`).
     */
    erasePerson: (p: Person, now: number): ErasureResult => db.transaction(() => erasePerson(e, p, now))(),
    /** Whether something was erased since the last call (then the WAL should be truncated); resets the flag. */
    takeCheckpointRequest: (): boolean => {
      const wanted = e.erasedSinceCheckpoint;
      e.erasedSinceCheckpoint = false;
      return wanted;
    },
    /**
     * Retention: drops unfinished flows idle since before `draftsBefore`; erases withdrawn or rejected referrals
     * last changed before `referralsBefore`, and forgets chats silent since then that hold nothing else.
     */
    purge: (draftsBefore: number, referralsBefore: number, now: number): ErasureResult & { users: number } =>
      db.transaction(() => purge(e, draftsBefore, referralsBefore, now))(),
  };
});

/** The erasure statements, prepared once per database. */
function erasureStatements(db: Db) {
  return {
    // Why 'erased:' || code as the hash: unique, so the open-NIK index never sees two erased rows as one NIK.
    // An open referral cannot go on without its data: it becomes withdrawn. Registered or rejected stay as counted.
    eraseReferral: db.prepare(
      `UPDATE referrals SET worker_name = '', nik_sealed = '', nik_hash = 'erased:' || code, nik_masked = '', phone = '',
       occupation_text = NULL, kpj = NULL, reason = NULL, attributed_to = NULL, erased_at = @now, updated_at = @now,
       status = CASE WHEN status = 'diajukan' THEN 'dibatalkan' ELSE status END
     WHERE code = @code AND erased_at IS NULL`,
    ),
    // Notices about a referral name the worker; one being sent right now is left to finish.
    noticesAbout: db.prepare(
      `DELETE FROM outbox WHERE broadcast_id IS NULL AND state <> 'sending'
     AND channel || ':' || chat_id = (SELECT referrer_key FROM referrals WHERE code = @code) AND instr(text, @code) > 0`,
    ),
    referralsOfWorker: db.prepare<{ key: string; phone: string | null }, { code: string }>(
      `SELECT code FROM referrals WHERE erased_at IS NULL
     AND ((referrer_key = @key AND for_whom = 'self') OR (@phone IS NOT NULL AND phone = @phone AND phone_owner = 'worker'))`,
    ),
    draftsOf: db.prepare('DELETE FROM flow_states WHERE key = ?'),
    // Someone else half-way through registering this person (their phone typed): that draft goes too.
    draftsNaming: db.prepare(
      `DELETE FROM flow_states WHERE flow_id = 'registration' AND json_valid(snapshot) AND json_extract(snapshot, '$.context.phone') = ?`,
    ),
    // A conversation whose open flow is gone is back at the menu, not inside a flow that no longer exists.
    orphanedConversations: db.prepare(
      `UPDATE conversations SET active_flow = NULL, pending = NULL WHERE active_flow IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM flow_states f WHERE f.key = conversations.key AND f.flow_id = conversations.active_flow)`,
    ),
    resetConversation: db.prepare('UPDATE conversations SET active_flow = NULL, pending = NULL, last_choices = NULL WHERE key = ?'),
    memberships: db.prepare('DELETE FROM memberships WHERE user_key = ?'),
    personalCode: db.prepare('DELETE FROM personal_codes WHERE user_key = ?'),
    adminRoles: db.prepare('DELETE FROM community_admins WHERE user_key = ?'),
    outboxTo: db.prepare("DELETE FROM outbox WHERE channel = ? AND chat_id = ? AND state <> 'sending'"),
    processed: db.prepare('DELETE FROM processed_messages WHERE channel = ? AND chat_id = ?'),
    // The row stays while the chat is talking to the bot (its key is the address of the reply), as a user who just
    // wrote for the first time: no name, language, arrival link or announcement choice.
    blankUser: db.prepare(
      `UPDATE users SET name = NULL, locale = NULL, arrived_via = NULL, opted_out_at = NULL, unreachable_at = NULL,
       created_at = @now, last_seen_at = @now WHERE key = @key`,
    ),
    staleDrafts: db.prepare('DELETE FROM flow_states WHERE updated_at < ?'),
    // Chats silent since before the cutoff that hold nothing any more (an erased person's, or someone who only
    // ever asked a question): the chat id itself is personal (a WhatsApp id is a phone number).
    idleEmptyUsers: db.prepare<[number], { key: string; channel: string; chat_id: string }>(
      `SELECT key, channel, chat_id FROM users u WHERE last_seen_at < ?
     AND NOT EXISTS (SELECT 1 FROM referrals r WHERE r.referrer_key = u.key)
     AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_key = u.key)
     AND NOT EXISTS (SELECT 1 FROM flow_states f WHERE f.key = u.key)
     AND NOT EXISTS (SELECT 1 FROM personal_codes p WHERE p.user_key = u.key)
     AND NOT EXISTS (SELECT 1 FROM community_admins a WHERE a.user_key = u.key)`,
    ),
    conversation: db.prepare('DELETE FROM conversations WHERE key = ?'),
    user: db.prepare('DELETE FROM users WHERE key = ?'),
    expiredReferrals: db.prepare<[number], { code: string }>(
      `SELECT code FROM referrals WHERE status IN ('dibatalkan', 'ditolak') AND erased_at IS NULL AND updated_at < ?`,
    ),
  };
}

/** One database's erasure statements and whether something was erased since the last WAL checkpoint request. */
interface Erasure {
  db: Db;
  s: ReturnType<typeof erasureStatements>;
  // Why: an erased row's old page images stay in the WAL file until a TRUNCATE checkpoint, which cannot run inside
  // the erasing transaction; the retention job is asked to run early and truncates it.
  erasedSinceCheckpoint: boolean;
}

/** Erases one referral's personal fields, its payments and the notices naming its worker (inside the caller's transaction). */
function eraseReferral(e: Erasure, code: string, now: number): boolean {
  e.s.noticesAbout.run({ code });
  const erased = e.s.eraseReferral.run({ code, now }).changes > 0;
  paymentStore(e.db).forget(code);
  e.erasedSinceCheckpoint ||= erased;
  return erased;
}

/** Erases a person (inside the caller's transaction); see `erasureStore().erasePerson`. */
function erasePerson(e: Erasure, p: Person, now: number): ErasureResult {
  const { db, s } = e;
  const codes = s.referralsOfWorker.all({ key: p.key, phone: p.phone ?? null }).map((r) => r.code);
  const referrals = codes.filter((code) => eraseReferral(e, code, now)).length;
  let drafts = s.draftsOf.run(p.key).changes;
  if (p.phone) drafts += s.draftsNaming.run(p.phone).changes;
  s.orphanedConversations.run();
  s.resetConversation.run(p.key);
  s.memberships.run(p.key);
  s.personalCode.run(p.key);
  s.adminRoles.run(p.key);
  // The reminder answer (with its date) and the record of reminders sent name the chat.
  reminderStore(db).forget(p.key);
  reminderJobStore(db).forget(p.key);
  s.outboxTo.run(p.channel, p.chatId);
  s.processed.run(p.channel, p.chatId);
  s.blankUser.run({ key: p.key, now });
  e.erasedSinceCheckpoint = true;
  return { referrals, drafts };
}

/** Retention (inside the caller's transaction); see `erasureStore().purge`. */
function purge(e: Erasure, draftsBefore: number, referralsBefore: number, now: number): ErasureResult & { users: number } {
  const { db, s } = e;
  const drafts = s.staleDrafts.run(draftsBefore).changes;
  s.orphanedConversations.run();
  const referrals = s.expiredReferrals.all(referralsBefore).filter((r) => eraseReferral(e, r.code, now)).length;
  const users = s.idleEmptyUsers.all(referralsBefore);
  for (const u of users) {
    s.conversation.run(u.key);
    reminderStore(db).forget(u.key);
    reminderJobStore(db).forget(u.key);
    s.outboxTo.run(u.channel, u.chat_id);
    s.processed.run(u.channel, u.chat_id);
    s.user.run(u.key);
  }
  return { referrals, drafts, users: users.length };
}
