import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDesaSummaries } from '../../src/jobs/desa-summary.ts';
import { referralStore } from '../../src/store/referrals.ts';
import { startApp } from '../support/app.ts';
import { tempDir } from '../support/harness.ts';
import { approvedDesa, HOME } from './sheet.ts';

let tmp: ReturnType<typeof tempDir>;
let h: ReturnType<typeof startApp>;
let community: number;

beforeEach(() => {
  tmp = tempDir();
  h = startApp(tmp.dir);
  community = approvedDesa(h.db, 'test:pak', h.clock.ms);
});
afterEach(async () => {
  await h.close();
  tmp.cleanup();
});

const summaries = () =>
  (h.db.prepare("SELECT text FROM outbox WHERE chat_id = 'pak' AND text LIKE '%Ringkasan harian%'").all() as { text: string }[]).map(
    (r) => r.text,
  );

function registerOne(n: number, at: number) {
  referralStore(h.db).insert({
    code: `DFT-T${n}AAA`,
    created_at: at,
    referrer_key: 'test:pak',
    for_whom: 'other',
    worker_name: 'Siti Aminah',
    nik_sealed: h.vault.encrypt(`32030341019000${10 + n}`),
    nik_hash: h.vault.hmac(`32030341019000${10 + n}`),
    nik_masked: `************00${10 + n}`,
    gender: 'P',
    phone: '+6281234567890',
    phone_owner: 'worker',
    occupation: 'petani',
    occupation_text: null,
    sector: 'other',
    village_code: HOME,
    income_base: 1_000_000,
    jht: 0,
    period_months: 12,
    payer: 'apbdes',
    monthly_iuran: 16_800,
    period_iuran: 201_600,
    estimate: 0,
    community_id: community,
    attributed_to: 'test:pak',
  });
}

describe('the daily desa summary', () => {
  it('goes out once a day after 17:00 to admins who opted in, only when something changed', async () => {
    const evening = Date.parse('2026-11-23T10:30:00Z'); // 17:30 in Jakarta
    registerOne(1, h.clock.ms);
    expect(runDesaSummaries(h.db, { timeZone: 'Asia/Jakarta', now: evening })).toBe(0); // not opted in
    expect((await h.channel.say('ringkasan harian', { chatId: 'pak' }))[0]).toContain('ringkasan harian desa setiap sore');
    expect(runDesaSummaries(h.db, { timeZone: 'Asia/Jakarta', now: evening - 4 * 3_600_000 })).toBe(0); // 13:30: too early
    expect(runDesaSummaries(h.db, { timeZone: 'Asia/Jakarta', now: evening })).toBe(1);
    expect(runDesaSummaries(h.db, { timeZone: 'Asia/Jakarta', now: evening + 600_000 })).toBe(0); // same day: once
    expect(summaries()).toEqual([expect.stringContaining('1 pendaftaran baru sejak ringkasan terakhir')]);
    expect(summaries()[0]).toContain('🏡 Desa Sukamaju: ░░░░░░░░░░ 1/100');
    expect(runDesaSummaries(h.db, { timeZone: 'Asia/Jakarta', now: evening + 86_400_000 })).toBe(0); // nothing new
    registerOne(2, evening + 86_400_000);
    expect(runDesaSummaries(h.db, { timeZone: 'Asia/Jakarta', now: evening + 2 * 86_400_000 })).toBe(1);
    expect(summaries()).toHaveLength(2);
    await h.channel.say('stop ringkasan', { chatId: 'pak' });
    registerOne(3, evening + 2 * 86_400_000 + 1000);
    expect(runDesaSummaries(h.db, { timeZone: 'Asia/Jakarta', now: evening + 3 * 86_400_000 })).toBe(0);
  });
});
