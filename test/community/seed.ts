import type { Db } from '../../src/store/db.ts';
import type { Status } from '../../src/store/referrals.ts';

let n = 0;

/** Test data: users, communities, members and referrals written straight to the tables. */
export function seeder(db: Db, now = Date.parse('2026-11-23T03:00:00Z')) {
  const user = (key: string, opts: { name?: string; locale?: string; optedOut?: boolean; unreachable?: boolean } = {}) => {
    const [channel = 'test', chatId = key] = key.split(':');
    db.prepare(
      `INSERT OR IGNORE INTO users (key, channel, chat_id, name, locale, created_at, last_seen_at, opted_out_at, unreachable_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      key,
      channel,
      chatId,
      opts.name ?? null,
      opts.locale ?? 'id',
      now,
      now,
      opts.optedOut ? now : null,
      opts.unreachable ? now : null,
    );
    return key;
  };
  const community = (code: string, name: string) =>
    Number(
      db.prepare('INSERT INTO communities (code, name, created_at, created_by) VALUES (?, ?, ?, ?)').run(code, name, now, 'test')
        .lastInsertRowid,
    );
  const member = (
    communityId: number,
    key: string,
    opts: { via: string; optedIn?: boolean | null; name?: string; optedOut?: boolean; unreachable?: boolean },
  ) => {
    user(key, opts);
    const optedIn = opts.optedIn === undefined ? true : opts.optedIn;
    db.prepare('INSERT INTO memberships (community_id, user_key, joined_at, via_code, opted_in, opted_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      communityId,
      key,
      now,
      opts.via,
      optedIn === null ? null : optedIn ? 1 : 0,
      optedIn === null ? null : now,
    );
    return key;
  };
  const referral = (referrer: string, opts: { village: string; communityId?: number | null; status?: Status }) => {
    n++;
    user(referrer);
    db.prepare(
      `INSERT INTO referrals (code, status, created_at, updated_at, referrer_key, for_whom, worker_name, nik_sealed, nik_hash, nik_masked,
        gender, phone, phone_owner, occupation, sector, village_code, income_base, jht, period_months, payer,
        monthly_iuran, period_iuran, estimate, community_id)
       VALUES (?, ?, ?, ?, ?, 'other', ?, 'sealed', ?, '************0001', 'L', '+6281234567890', 'worker', 'pedagang', 'other',
        ?, 1000000, 0, 1, 'referrer', 16800, 16800, 0, ?)`,
    ).run(
      `DFT-T${String(n).padStart(6, '0')}`,
      opts.status ?? 'diajukan',
      now + n,
      now + n,
      referrer,
      `Pekerja ${n}`,
      `hash${n}`,
      opts.village,
      opts.communityId ?? null,
    );
  };
  const inProgress = (key: string) =>
    db
      .prepare("INSERT INTO flow_states (key, flow_id, version, snapshot, input, updated_at) VALUES (?, 'registration', 1, '{}', '{}', ?)")
      .run(user(key), now);
  return { user, community, member, referral, inProgress, now };
}

/** A running announcement with one outbox row per recipient key (`channel:chatId`), as the `siaran` flow queues it. */
export function queueBroadcast(
  db: Db,
  opts: { communityId: number; createdBy: string; recipients: string[]; skipped?: number; now: number; text?: string },
) {
  const text = opts.text ?? 'Sosialisasi BPJS Ketenagakerjaan hari Sabtu jam 9 di balai desa';
  return db.transaction(() => {
    const id = Number(
      db
        .prepare(
          "INSERT INTO broadcasts (community_id, created_by, text, created_at, state, recipients, skipped) VALUES (?, ?, ?, ?, 'sending', ?, ?)",
        )
        .run(opts.communityId, opts.createdBy, text, opts.now, opts.recipients.length, opts.skipped ?? 0).lastInsertRowid,
    );
    const insert = db.prepare(
      'INSERT INTO outbox (channel, chat_id, text, created_at, not_before, broadcast_id) VALUES (?, ?, ?, ?, ?, ?)',
    );
    for (const key of opts.recipients) {
      const at = key.indexOf(':');
      insert.run(key.slice(0, at), key.slice(at + 1), `📢 ${text}`, opts.now, opts.now, id);
    }
    return id;
  })();
}
