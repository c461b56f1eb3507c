import type { Db } from './db.ts';
import { perDatabase } from './per-database.ts';

/** A logged-in panel session (the cookie value is known only to the browser; its hash is the key). */
export interface PanelSessionRow {
  id_hash: string;
  user_key: string;
  csrf: string;
  locale: string;
  created_at: number;
  last_seen_at: number;
}

/** One-time login links and sessions of the web panel, stored as hashes only. */
export const panelAuthStore = perDatabase((db: Db) => {
  const s = {
    insertLink: db.prepare('INSERT INTO panel_links (token_hash, user_key, created_at, expires_at) VALUES (?, ?, ?, ?)'),
    // One statement claims the link: two tabs redeeming at once cannot both succeed.
    redeem: db.prepare<[number, string, number], { user_key: string }>(
      'UPDATE panel_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING user_key',
    ),
    pruneLinks: db.prepare('DELETE FROM panel_links WHERE expires_at < ?'),
    insertSession: db.prepare(
      'INSERT INTO panel_sessions (id_hash, user_key, csrf, locale, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    session: db.prepare<[string], PanelSessionRow>('SELECT * FROM panel_sessions WHERE id_hash = ?'),
    touch: db.prepare('UPDATE panel_sessions SET last_seen_at = ? WHERE id_hash = ?'),
    setLocale: db.prepare('UPDATE panel_sessions SET locale = ? WHERE id_hash = ?'),
    remove: db.prepare('DELETE FROM panel_sessions WHERE id_hash = ?'),
    pruneSessions: db.prepare('DELETE FROM panel_sessions WHERE last_seen_at < ?'),
  };
  return {
    /** Stores a new link's hash for a user until `expiresAt`. */
    addLink: (tokenHash: string, userKey: string, now: number, expiresAt: number) =>
      void s.insertLink.run(tokenHash, userKey, now, expiresAt),
    /** Uses a link once: its user when it exists, is unused and has not expired; undefined otherwise. */
    redeemLink: (tokenHash: string, now: number) => s.redeem.get(now, tokenHash, now)?.user_key,
    /** Starts a session. */
    addSession: (idHash: string, userKey: string, csrf: string, locale: string, now: number) =>
      void s.insertSession.run(idHash, userKey, csrf, locale, now, now),
    /** A session by its hash. */
    session: (idHash: string) => s.session.get(idHash),
    /** Records activity, which keeps an idle session alive. */
    touch: (idHash: string, now: number) => void s.touch.run(now, idHash),
    /** Stores the session's panel language. */
    setLocale: (idHash: string, locale: string) => void s.setLocale.run(locale, idHash),
    /** Ends a session (logout or expiry). */
    removeSession: (idHash: string) => void s.remove.run(idHash),
    /** Deletes expired links and sessions idle since before `idleBefore`. */
    prune: (now: number, idleBefore: number) => {
      s.pruneLinks.run(now);
      s.pruneSessions.run(idleBefore);
    },
  };
});
