import type { Db } from './db.ts';
import { perDatabase } from './per-database.ts';

/** Someone who processes referrals (a BPJS branch officer, a Perisai agent), limited to a region or not. */
export interface OperatorRow {
  user_key: string;
  /** Kemendagri code prefix ('36' a province, '36.71' a kabupaten/kota); null for every region. */
  region: string | null;
  added_at: number;
  added_by: string;
}

/** The `operators` table. */
export const operatorStore = perDatabase((db: Db) => {
  const s = {
    upsert: db.prepare(
      `INSERT INTO operators (user_key, region, added_at, added_by) VALUES (?, ?, ?, ?)
       ON CONFLICT(user_key) DO UPDATE SET region = excluded.region, added_at = excluded.added_at, added_by = excluded.added_by`,
    ),
    remove: db.prepare('DELETE FROM operators WHERE user_key = ?'),
    get: db.prepare<[string], OperatorRow>('SELECT * FROM operators WHERE user_key = ?'),
    all: db.prepare<[], OperatorRow>('SELECT * FROM operators ORDER BY user_key'),
    // Why compare with a '.' appended: region '36.7' must not hold '36.71…'; NULL is every region.
    ofVillage: db.prepare<[{ village: string }], { user_key: string }>(
      `SELECT user_key FROM operators
       WHERE region IS NULL OR substr(@village || '.', 1, length(region) + 1) = region || '.' ORDER BY user_key`,
    ),
  };
  return {
    /** Adds an operator, or changes an existing one's region. */
    add: (userKey: string, region: string | null, by: string, now: number) => void s.upsert.run(userKey, region, now, by),
    /** Removes an operator; true when there was one. */
    remove: (userKey: string) => s.remove.run(userKey).changes > 0,
    /** The operator row of a user, if they are one. */
    get: (userKey: string) => s.get.get(userKey),
    /** Every operator. */
    all: () => s.all.all(),
    /** The operators whose region holds a village code ('36.71.01.1005' is in '36' and '36.71'), and those of every region. */
    ofVillage: (villageCode: string) => s.ofVillage.all({ village: villageCode }).map((r) => r.user_key),
  };
});
