import type { Db } from './db.ts';
import { perDatabase } from './per-database.ts';

/** Someone's answer about monthly reminders. */
export interface ReminderPrefRow {
  user_key: string;
  offered_at: number | null;
  opted_in: number | null;
  answered_at: number | null;
  stopped_at: number | null;
}

/** A person the bot may write to first: their key, channel, chat, language and when they last wrote. */
export interface Recipient {
  key: string;
  channel: string;
  chat_id: string;
  locale: string | null;
  last_seen_at: number;
}

/** A registered worker as reminders need them, with what is known about their payments. */
export interface InsuredRow {
  code: string;
  referrer_key: string;
  worker_name: string;
  kpj: string | null;
  sector: string;
  income_base: number;
  jht: number;
  payer: string;
  monthly_iuran: number;
  registered_at: number;
  community_id: number | null;
  village_code: string;
  paid_until: string | null;
  declared_until: string | null;
}

/** A paused registration someone may be nudged about. */
export interface PausedFlowRow extends Recipient {
  flow_id: string;
  flow_updated_at: number;
}

// Someone who said berhenti, blocked the bot, or said "berhenti pengingat" gets nothing the bot starts itself.
const REACHABLE = 'u.opted_out_at IS NULL AND u.unreachable_at IS NULL';
const INSURED = `SELECT r.code, r.referrer_key, r.worker_name, r.kpj, r.sector, r.income_base, r.jht, r.payer, r.monthly_iuran,
    r.updated_at AS registered_at, r.community_id, r.village_code, p.paid_until, p.declared_until
  FROM referrals r LEFT JOIN payments p ON p.referral_code = r.code
  WHERE r.status = 'terdaftar' AND r.erased_at IS NULL`;

/**
 * Owner of the `reminder_prefs` table, and the reads the reminder scheduler plans from (registered workers with
 * their payments, who opted in, who was never offered, paused registrations).
 */
export const reminderStore = perDatabase((db: Db) => {
  const s = {
    pref: db.prepare<[string], ReminderPrefRow>('SELECT * FROM reminder_prefs WHERE user_key = ?'),
    offered: db.prepare(
      `INSERT INTO reminder_prefs (user_key, offered_at) VALUES (?, ?)
       ON CONFLICT(user_key) DO UPDATE SET offered_at = coalesce(offered_at, excluded.offered_at)`,
    ),
    answer: db.prepare(
      `INSERT INTO reminder_prefs (user_key, opted_in, answered_at, stopped_at) VALUES (@key, @yes, @now, @stopped)
       ON CONFLICT(user_key) DO UPDATE SET opted_in = excluded.opted_in, answered_at = excluded.answered_at, stopped_at = excluded.stopped_at`,
    ),
    forget: db.prepare('DELETE FROM reminder_prefs WHERE user_key = ?'),
    optedIn: db.prepare<[], Recipient>(
      `SELECT u.key, u.channel, u.chat_id, u.locale, u.last_seen_at FROM reminder_prefs rp JOIN users u ON u.key = rp.user_key
       WHERE rp.opted_in = 1 AND rp.stopped_at IS NULL AND ${REACHABLE} ORDER BY u.key`,
    ),
    neverOffered: db.prepare<[], Recipient>(
      `SELECT u.key, u.channel, u.chat_id, u.locale, u.last_seen_at FROM users u
       WHERE ${REACHABLE} AND EXISTS (SELECT 1 FROM referrals r WHERE r.referrer_key = u.key AND r.status = 'terdaftar' AND r.erased_at IS NULL)
         AND NOT EXISTS (SELECT 1 FROM reminder_prefs rp WHERE rp.user_key = u.key AND (rp.offered_at IS NOT NULL OR rp.answered_at IS NOT NULL))
       ORDER BY u.key`,
    ),
    insuredOf: db.prepare<[string], InsuredRow>(`${INSURED} AND r.referrer_key = ? ORDER BY r.created_at`),
    insured: db.prepare<[], InsuredRow>(`${INSURED} ORDER BY r.created_at`),
    paused: db.prepare<[string, number, number], PausedFlowRow>(
      `SELECT u.key, u.channel, u.chat_id, u.locale, u.last_seen_at, f.flow_id, f.updated_at AS flow_updated_at
       FROM flow_states f JOIN users u ON u.key = f.key
       WHERE f.flow_id = ? AND f.updated_at <= ? AND f.updated_at > ? AND ${REACHABLE}
         AND NOT EXISTS (SELECT 1 FROM reminder_prefs rp WHERE rp.user_key = u.key AND rp.stopped_at IS NOT NULL)
       ORDER BY f.updated_at`,
    ),
  };
  return {
    /** Someone's reminder answer, if any. */
    pref: (key: string) => s.pref.get(key),
    /** Notes that the offer went out (the first time only). */
    markOffered: (key: string, now: number) => void s.offered.run(key, now),
    /** Stores a yes (start) or no with its date; `stop` also ends nudges ("berhenti pengingat"). */
    answer: (key: string, yes: boolean, now: number, stop = false) =>
      void s.answer.run({ key, yes: yes ? 1 : 0, now, stopped: stop ? now : null }),
    /** Removes someone's reminder answer (erasure). */
    forget: (key: string) => void s.forget.run(key),
    /** People who said yes to reminders and can be written to. */
    optedIn: () => s.optedIn.all(),
    /** People with a registered worker who were never offered reminders. */
    neverOffered: () => s.neverOffered.all(),
    /** A referrer's registered workers with their payments, oldest first. */
    insuredOf: (referrerKey: string) => s.insuredOf.all(referrerKey),
    /** Every registered worker with their payments (statistics). */
    insured: () => s.insured.all(),
    /** Paused flows `flowId` last touched between `after` and `before`, of people who can be written to. */
    pausedFlows: (flowId: string, before: number, after: number) => s.paused.all(flowId, before, after),
  };
});
