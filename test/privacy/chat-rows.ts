import { REFERRAL_ALPHABET } from '../../src/domain/codes.ts';
import type { Vault } from '../../src/domain/vault.ts';
import type { Db } from '../../src/store/db.ts';

let n = 0;

/**
 * Writes a referral straight to the table, as the registration flow stores it (sealed and hashed NIK), with
 * whichever columns the schema has (the birth date left the table in migration 5). Returns its code.
 */
export function insertReferral(
  db: Db,
  vault: Vault,
  r: {
    referrer: string;
    nik: string;
    name?: string;
    phone?: string;
    status?: string;
    forWhom?: 'other' | 'self';
    at?: number;
    code?: string;
  },
): string {
  n++;
  // Real codes use the referral alphabet (no 0, 1, I, L, O).
  const code = r.code ?? `DFT-Q${[...n.toString(31).padStart(4, '0')].map((d) => REFERRAL_ALPHABET[Number.parseInt(d, 31)]).join('')}`;
  const at = r.at ?? Date.parse('2026-11-23T03:00:00Z');
  const [channel = 'test', chatId = r.referrer] = r.referrer.split(':');
  db.prepare(
    'INSERT OR IGNORE INTO users (key, channel, chat_id, name, locale, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(r.referrer, channel, chatId, 'Referrer', 'id', at, at);
  const row: Record<string, string | number | null> = {
    code,
    status: r.status ?? 'diajukan',
    created_at: at,
    updated_at: at,
    referrer_key: r.referrer,
    for_whom: r.forWhom ?? 'other',
    worker_name: r.name ?? 'Budi Santoso',
    nik_sealed: vault.encrypt(r.nik),
    nik_hash: vault.hmac(r.nik),
    nik_masked: `************${r.nik.slice(-4)}`,
    birth_date: '1985-08-17',
    gender: 'L',
    phone: r.phone ?? '+6281234567890',
    phone_owner: 'worker',
    occupation: 'pedagang',
    sector: 'other',
    village_code: '3203012001',
    income_base: 1_000_000,
    jht: 0,
    period_months: 1,
    payer: 'referrer',
    monthly_iuran: 16_800,
    period_iuran: 16_800,
    estimate: 0,
  };
  const columns = new Set((db.prepare('PRAGMA table_info(referrals)').all() as { name: string }[]).map((c) => c.name));
  const names = Object.keys(row).filter((k) => columns.has(k));
  db.prepare(`INSERT INTO referrals (${names.join(', ')}) VALUES (${names.map((k) => `@${k}`).join(', ')})`).run(
    Object.fromEntries(names.map((k) => [k, row[k]])),
  );
  return code;
}
