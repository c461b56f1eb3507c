import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Channel, ChannelError, type Outgoing } from '../../src/channels/channel.ts';
import { broadcastSummary } from '../../src/delivery/broadcast-progress.ts';
import { cancelBroadcast, drainOutbox, type OutboxOptions, startOutboxRunner } from '../../src/delivery/outbox-runner.ts';
import { DEFAULT_LIMITS } from '../../src/delivery/pacing.ts';
import { silentLogger } from '../../src/log.ts';
import { type Db, openDatabase } from '../../src/store/db.ts';
import { outboxStore } from '../../src/store/outbox.ts';
import { startOfDayIn, todayIn } from '../../src/util/time.ts';
import { tempDir } from '../support/harness.ts';
import { queueBroadcast, seeder } from './seed.ts';

const T0 = Date.parse('2026-11-23T03:00:00Z'); // 10:00 in Jakarta

/**
 * Fake time with no real waiting: a sleep registers a wake-up, and once every task is blocked (nothing
 * left to run before the next macrotask) time jumps to the earliest wake-up. Channels running side by
 * side thus share one consistent clock.
 */
class FakeTime {
  now: number;
  private timers: { at: number; seq: number; wake: () => void }[] = [];
  private seq = 0;
  private scheduled = false;
  constructor(start = T0) {
    this.now = start;
  }
  sleep = (ms: number) =>
    new Promise<void>((wake) => {
      this.timers.push({ at: this.now + Math.max(0, ms), seq: this.seq++, wake });
      this.schedule();
    });
  private schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift();
      if (!next) return;
      this.now = Math.max(this.now, next.at);
      next.wake();
      if (this.timers.length > 0) this.schedule();
    });
  }
}

/** Fake time and the delivery options that use it. */
function fakeTime(start = T0) {
  const t = new FakeTime(start);
  let seed = 42;
  const options: OutboxOptions = {
    clock: () => t.now,
    sleep: t.sleep,
    // A small LCG: jitter that is random-looking and the same on every run.
    random: () => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      return seed / 2 ** 32;
    },
    timeZone: 'Asia/Jakarta',
  };
  return { t, options };
}

type Attempt = { chatId: string; text: string; at: number; ok: boolean };

/** A channel that records every attempt with the fake time; `fail` may throw or hang for a given attempt number. */
class RecordingChannel implements Channel {
  readonly attempts: Attempt[] = [];
  constructor(
    readonly name: string,
    private readonly t: FakeTime,
    private readonly fail?: (n: number, chatId: string) => Error | 'hang' | undefined,
    private readonly latencyMs = 3,
  ) {}
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async send(chatId: string, reply: Outgoing): Promise<void> {
    const at = this.t.now;
    const problem = this.fail?.(this.attempts.length + 1, chatId);
    if (problem === 'hang') {
      // The message left, then the process died before the outbox heard back.
      this.attempts.push({ chatId, text: reply.text, at, ok: true });
      return new Promise(() => {});
    }
    this.attempts.push({ chatId, text: reply.text, at, ok: !problem });
    await this.t.sleep(this.latencyMs);
    if (problem) throw problem;
  }
  delivered(chatId?: string) {
    return this.attempts.filter((a) => a.ok && (chatId === undefined || a.chatId === chatId));
  }
}

/** How often each chat got a message, over one or more channels. */
function perChat(...channels: RecordingChannel[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const c of channels) for (const a of c.delivered()) m.set(a.chatId, (m.get(a.chatId) ?? 0) + 1);
  return m;
}

/** The most messages in any one-second window. */
function peakPerSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  let lo = 0;
  for (let hi = 0; hi < sorted.length; hi++) {
    while ((sorted[hi] as number) - (sorted[lo] as number) >= 1000) lo++;
    peak = Math.max(peak, hi - lo + 1);
  }
  return peak;
}

let tmp: ReturnType<typeof tempDir>;
let db: Db;
let s: ReturnType<typeof seeder>;
let community: number;

beforeEach(() => {
  tmp = tempDir();
  db = openDatabase(join(tmp.dir, 'daftarin.db'));
  s = seeder(db, T0);
  community = s.community('BAKSO-CKK', 'Paguyuban Bakso Cikokol');
  s.user('telegram:admin', { name: 'Admin', locale: 'id' });
});
afterEach(() => {
  db.close();
  tmp.cleanup();
});

/** `count` opted-in members on a channel; returns their keys. */
function members(channel: 'telegram' | 'whatsapp', count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    s.member(community, channel === 'telegram' ? `telegram:${100_000 + i}` : `whatsapp:62812${String(i).padStart(7, '0')}@c.us`, {
      via: 'BAKSO-CKK',
    }),
  );
}

const chatOf = (key: string) => key.slice(key.indexOf(':') + 1);
const state = (id: number) => (db.prepare('SELECT state FROM broadcasts WHERE id = ?').get(id) as { state: string }).state;

describe('Telegram delivery', () => {
  it('sends 1,000 announcements at most 25 per second overall and 1 per second per chat', async () => {
    const { t, options } = fakeTime();
    const keys = members('telegram', 1000);
    const id = queueBroadcast(db, { communityId: community, createdBy: 'telegram:admin', recipients: keys, now: T0 });
    // Personal notices to one chat, queued with the announcement: they go first, but a second apart.
    for (let i = 0; i < 5; i++) outboxStore(db).enqueue('telegram', 'admin', `Status ${i}`, T0);
    const tg = new RecordingChannel('telegram', t);

    const sent = await drainOutbox(db, [tg], silentLogger, options);

    expect(sent).toBe(1007); // 1,000 members, 5 notices, the progress note and the report
    const counts = perChat(tg);
    for (const k of keys) expect(counts.get(chatOf(k))).toBe(1);
    const times = tg.attempts.map((a) => a.at);
    expect(peakPerSecond(times)).toBe(25);
    const span = (times.at(-1) as number) - (times[0] as number);
    // 1,007 messages need 41 windows of 25: the last goes out at least 40 s after the first.
    expect(span).toBeGreaterThanOrEqual(40_000);
    expect(1007 / (span / 1000 + 1)).toBeLessThanOrEqual(25);
    const admin = tg.delivered('admin');
    const kind = (text: string) => (text.startsWith('📣') ? 'progress' : text.startsWith('✅') ? 'report' : text);
    expect(admin.map((a) => kind(a.text))).toEqual(['Status 0', 'Status 1', 'Status 2', 'Status 3', 'Status 4', 'progress', 'report']);
    for (let i = 1; i < admin.length; i++) expect((admin[i] as Attempt).at - (admin[i - 1] as Attempt).at).toBeGreaterThanOrEqual(1000);
    expect(admin[0]?.at).toBe(T0);
    // No chat ever got two messages within a second.
    const last = new Map<string, number>();
    for (const a of tg.attempts) {
      const prev = last.get(a.chatId);
      if (prev !== undefined) expect(a.at - prev).toBeGreaterThanOrEqual(1000);
      last.set(a.chatId, a.at);
    }
    expect(state(id)).toBe('done');
    expect(admin.at(-1)?.text).toContain(
      '• Penerima: 1.000\n• Terkirim: 1.000\n• Gagal: 0\n• Dilewati (sudah berhenti atau tidak bisa dihubungi): 0',
    );
    // One progress note, sent once half the rows were through.
    const progress = tg.attempts.findIndex((a) => a.text.startsWith('📣'));
    expect(tg.attempts[progress]?.text).toContain('500 dari 1.000 pesan sudah diproses (500 terkirim)');
    expect(tg.attempts.slice(0, progress).filter((a) => a.chatId !== 'admin').length).toBeGreaterThanOrEqual(500);
  });

  it('stops at a 429, sends nothing until retry_after, then resumes with the same message (not counted as a failure)', async () => {
    const { t, options } = fakeTime();
    const keys = members('telegram', 1000);
    const wa = members('whatsapp', 10);
    const id = queueBroadcast(db, { communityId: community, createdBy: 'telegram:admin', recipients: [...keys, ...wa], now: T0 });
    const tg = new RecordingChannel('telegram', t, (n) =>
      n === 300 ? new ChannelError('rate_limited', 'Too Many Requests', 30) : undefined,
    );
    const whatsapp = new RecordingChannel('whatsapp', t);

    await drainOutbox(db, [tg, whatsapp], silentLogger, options);

    const refused = tg.attempts[299] as Attempt;
    expect(refused.ok).toBe(false);
    const next = tg.attempts[300] as Attempt;
    expect(next.at - refused.at).toBeGreaterThanOrEqual(30_000);
    // The refused message is the first one tried again, and it was delivered exactly once.
    expect(next.chatId).toBe(refused.chatId);
    const counts = perChat(tg);
    for (const k of keys) expect(counts.get(chatOf(k))).toBe(1);
    const row = db.prepare('SELECT state, attempts FROM outbox WHERE chat_id = ?').get(refused.chatId);
    expect(row).toEqual({ state: 'sent', attempts: 1 });
    expect(peakPerSecond(tg.attempts.map((a) => a.at))).toBeLessThanOrEqual(25);
    // The pause held Telegram only: WhatsApp kept its own pace meanwhile.
    expect(whatsapp.attempts.filter((a) => a.at > refused.at && a.at < next.at).length).toBeGreaterThan(0);
    expect(state(id)).toBe('done');
  });
});

describe('WhatsApp delivery', () => {
  it('keeps 4–8 s jittered gaps and at most 200 messages a day', async () => {
    const { t, options } = fakeTime();
    const keys = members('whatsapp', 1000);
    const id = queueBroadcast(db, { communityId: community, createdBy: 'telegram:admin', recipients: keys, now: T0 });
    const wa = new RecordingChannel('whatsapp', t);

    await drainOutbox(db, [wa], silentLogger, { ...options, limits: DEFAULT_LIMITS });

    const counts = perChat(wa);
    for (const k of keys) expect(counts.get(chatOf(k))).toBe(1);
    const day = (at: number) => todayIn('Asia/Jakarta', at);
    const byDay = new Map<string, number>();
    for (const a of wa.attempts) byDay.set(day(a.at), (byDay.get(day(a.at)) ?? 0) + 1);
    expect([...byDay.values()]).toEqual([200, 200, 200, 200, 200]);
    const gaps: number[] = [];
    for (let i = 1; i < wa.attempts.length; i++) {
      const [prev, cur] = [wa.attempts[i - 1] as Attempt, wa.attempts[i] as Attempt];
      if (day(prev.at) !== day(cur.at)) {
        // A new day begins at midnight in Jakarta, not before.
        expect(cur.at).toBeGreaterThanOrEqual(startOfDayIn('Asia/Jakarta', day(cur.at)));
        continue;
      }
      gaps.push(cur.at - prev.at);
    }
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(4000);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(8000);
    expect(new Set(gaps).size).toBeGreaterThan(100);
    expect(state(id)).toBe('done');
    // The admin is on Telegram: the progress note and the report wait in the outbox for that channel.
    const tg = new RecordingChannel('telegram', t);
    await drainOutbox(db, [tg], silentLogger, options);
    expect(tg.delivered('admin').map((a) => [...a.text][0])).toEqual(['📣', '✅']);
  });

  it('counts the cap from what the outbox already sent today, so a restart does not start a new 200', async () => {
    const { t, options } = fakeTime();
    const store = outboxStore(db);
    // An earlier announcement today already reached 195 people.
    const earlier = Number(
      db
        .prepare(
          "INSERT INTO broadcasts (community_id, created_by, text, created_at, state, recipients, skipped) VALUES (?, 'telegram:admin', 'x', ?, 'done', 195, 0)",
        )
        .run(community, T0 - 3_600_000).lastInsertRowid,
    );
    const sent = db.prepare(
      "INSERT INTO outbox (channel, chat_id, text, created_at, not_before, state, sent_at, broadcast_id) VALUES ('whatsapp', ?, 'x', ?, ?, 'sent', ?, ?)",
    );
    for (let i = 0; i < 195; i++) sent.run(`earlier${i}@c.us`, T0 - 3_600_000, T0 - 3_600_000, T0 - 3_600_000 + i, earlier);
    // Status notices sent today do not count towards the announcements' cap.
    for (let i = 0; i < 50; i++) store.markSent(store.enqueue('whatsapp', `notice${i}`, 'x', T0 - 3_600_000), T0 - 3_600_000 + i);
    const keys = members('whatsapp', 10);
    queueBroadcast(db, { communityId: community, createdBy: 'telegram:admin', recipients: keys, now: T0 });
    const wa = new RecordingChannel('whatsapp', t);
    await drainOutbox(db, [wa], silentLogger, options);
    const today = wa.attempts.filter((a) => todayIn('Asia/Jakarta', a.at) === todayIn('Asia/Jakarta', T0));
    expect(today).toHaveLength(5);
    expect(wa.attempts).toHaveLength(10);
  });
});

describe('status notices on WhatsApp', () => {
  it("are not held by the announcements' daily cap", async () => {
    const { t, options } = fakeTime();
    // Today's 200 announcements are already out.
    const earlier = Number(
      db
        .prepare(
          "INSERT INTO broadcasts (community_id, created_by, text, created_at, state, recipients, skipped) VALUES (?, 'telegram:admin', 'x', ?, 'done', 200, 0)",
        )
        .run(community, T0 - 3_600_000).lastInsertRowid,
    );
    const sent = db.prepare(
      "INSERT INTO outbox (channel, chat_id, text, created_at, not_before, state, sent_at, broadcast_id) VALUES ('whatsapp', ?, 'x', ?, ?, 'sent', ?, ?)",
    );
    for (let i = 0; i < 200; i++) sent.run(`earlier${i}@c.us`, T0 - 3_600_000, T0 - 3_600_000, T0 - 3_600_000 + i, earlier);
    queueBroadcast(db, { communityId: community, createdBy: 'telegram:admin', recipients: members('whatsapp', 1), now: T0 });
    outboxStore(db).enqueue('whatsapp', 'notice@c.us', 'Kabar baik!', T0);
    const wa = new RecordingChannel('whatsapp', t);
    await drainOutbox(db, [wa], silentLogger, options);
    const day = (at: number) => todayIn('Asia/Jakarta', at);
    const notice = wa.attempts.find((a) => a.chatId === 'notice@c.us');
    const announcement = wa.attempts.find((a) => a.chatId !== 'notice@c.us');
    expect(day(notice?.at ?? 0)).toBe(day(T0));
    expect(day(announcement?.at ?? 0)).not.toBe(day(T0));
  });
});

describe('a crash mid-broadcast', () => {
  it('resumes after a restart with no duplicates: every recipient exactly once, the interrupted row flagged', async () => {
    const { t, options } = fakeTime();
    const keys = members('telegram', 1000);
    const id = queueBroadcast(db, { communityId: community, createdBy: 'telegram:admin', recipients: keys, now: T0 });
    const before = new RecordingChannel('telegram', t, (n) => (n === 400 ? 'hang' : undefined));
    // The first process dies while message 400 is on the wire.
    void drainOutbox(db, [before], silentLogger, options);
    await vi.waitFor(() => expect(before.attempts).toHaveLength(400));
    const interrupted = before.attempts[399] as Attempt;
    expect(db.prepare("SELECT chat_id FROM outbox WHERE state = 'sending'").all()).toEqual([{ chat_id: interrupted.chatId }]);

    // A new process on the same database file.
    const db2 = openDatabase(join(tmp.dir, 'daftarin.db'));
    const after = new RecordingChannel('telegram', t);
    const runner = startOutboxRunner(db2, [after], silentLogger, { ...options, intervalMs: 1 });
    await vi.waitFor(() => expect(after.delivered('admin').some((a) => a.text.startsWith('✅'))).toBe(true), { timeout: 10_000 });
    await runner.stop();

    const counts = perChat(before, after);
    for (const k of keys) expect(counts.get(chatOf(k))).toBe(1);
    expect(after.delivered(interrupted.chatId)).toHaveLength(0);
    expect(db2.prepare('SELECT state FROM outbox WHERE chat_id = ?').get(interrupted.chatId)).toEqual({ state: 'unknown' });
    expect(broadcastSummary(db2, id)).toMatchObject({ state: 'done', recipients: 1000, sent: 999, failed: 1, pending: 0 });
    expect(after.delivered('admin').at(-1)?.text).toContain('• Terkirim: 999\n• Gagal: 1');
    db2.close();
  });
});

describe('cancelling and skipping', () => {
  it('cancel stops the rest of a running broadcast and reports once', async () => {
    const { t, options } = fakeTime();
    const keys = members('whatsapp', 100);
    const id = queueBroadcast(db, { communityId: community, createdBy: 'telegram:admin', recipients: keys, now: T0 });
    let summary: ReturnType<typeof cancelBroadcast>;
    // The admin types "batal siaran" while the 30th message is being sent.
    const wa = new RecordingChannel('whatsapp', t, (n) => {
      if (n === 30) summary = cancelBroadcast(db, id, t.now);
      return undefined;
    });
    await drainOutbox(db, [wa], silentLogger, options);
    expect(wa.attempts).toHaveLength(30);
    expect(summary).toMatchObject({ state: 'cancelled', recipients: 100, cancelled: 70, pending: 1 });
    expect(broadcastSummary(db, id)).toMatchObject({ state: 'cancelled', sent: 30, cancelled: 70, pending: 0 });
    expect(cancelBroadcast(db, id, t.now)).toBeUndefined();
    const tg = new RecordingChannel('telegram', t);
    await drainOutbox(db, [tg], silentLogger, options);
    const reports = tg.delivered('admin');
    expect(reports).toHaveLength(1);
    expect(reports[0]?.text).toContain('sudah dihentikan');
    expect(reports[0]?.text).toContain('• Tidak jadi dikirim: 70');
  });

  it('skips members who said berhenti or became unreachable after it was queued, marks a 403 unreachable, reports in the creator’s language', async () => {
    const { t, options } = fakeTime();
    s.user('telegram:boss', { locale: 'en' });
    const keys = members('telegram', 12);
    const id = queueBroadcast(db, { communityId: community, createdBy: 'telegram:boss', recipients: keys, skipped: 3, now: T0 });
    db.prepare('UPDATE users SET opted_out_at = ? WHERE key = ?').run(T0, keys[0]);
    db.prepare('UPDATE users SET unreachable_at = ? WHERE key = ?').run(T0, keys[1]);
    db.prepare('UPDATE memberships SET opted_in = 0 WHERE user_key = ?').run(keys[2]);
    const blocked = chatOf(keys[3] as string);
    const tg = new RecordingChannel('telegram', t, (_n, chatId) =>
      chatId === blocked ? new ChannelError('unreachable', 'Forbidden: bot was blocked by the user') : undefined,
    );
    await drainOutbox(db, [tg], silentLogger, options);
    await drainOutbox(db, [tg], silentLogger, options);
    for (const k of keys.slice(0, 3)) expect(tg.attempts.some((a) => a.chatId === chatOf(k))).toBe(false);
    expect(db.prepare("SELECT count(*) AS n FROM outbox WHERE state = 'skipped'").get()).toEqual({ n: 3 });
    const refusedAt = tg.attempts.find((a) => a.chatId === blocked)?.at as number;
    expect((db.prepare('SELECT unreachable_at FROM users WHERE key = ?').get(keys[3]) as { unreachable_at: number }).unreachable_at).toBe(
      refusedAt + 3,
    );
    expect(db.prepare('SELECT state, last_error FROM outbox WHERE chat_id = ?').get(blocked)).toEqual({
      state: 'failed',
      last_error: 'unreachable: Forbidden: bot was blocked by the user',
    });
    expect(broadcastSummary(db, id)).toMatchObject({ state: 'done', recipients: 12, sent: 8, failed: 1, skipped: 3, leftOut: 3 });
    const report = tg.delivered('boss');
    // Twelve rows: too few for a progress note, just the report.
    expect(report).toHaveLength(1);
    expect(report[0]?.text).toBe(
      '✅ The announcement to Paguyuban Bakso Cikokol is done.\n\n"Sosialisasi BPJS Ketenagakerjaan hari Sabtu jam 9 di balai desa"\n\n• Recipients: 12\n• Sent: 8\n• Failed: 1\n• Skipped (said stop or unreachable): 3',
    );
  });

  it('closes a broadcast with nothing left to send at the next drain', async () => {
    const { options } = fakeTime();
    const id = queueBroadcast(db, { communityId: community, createdBy: 'telegram:admin', recipients: [], skipped: 4, now: T0 });
    await drainOutbox(db, [], silentLogger, options);
    expect(state(id)).toBe('done');
    expect(db.prepare("SELECT chat_id, text FROM outbox WHERE chat_id = 'admin'").get()).toMatchObject({ chat_id: 'admin' });
  });
});

describe('the runner on real timers', () => {
  it('delivers what is queued, and stops at once even while a channel waits out a long retry_after', async () => {
    const store = outboxStore(db);
    store.enqueue('test', 'u1', 'Halo', Date.now());
    store.enqueue('telegram', 'u2', 'Halo', Date.now());
    const sent: string[] = [];
    const plain: Channel = {
      name: 'test',
      start: async () => {},
      stop: async () => {},
      send: async (chatId) => void sent.push(chatId),
    };
    const limited: Channel = {
      ...plain,
      name: 'telegram',
      send: async () => {
        throw new ChannelError('rate_limited', 'Too Many Requests', 600);
      },
    };
    const runner = startOutboxRunner(db, [plain, limited], silentLogger, { intervalMs: 5 });
    await vi.waitFor(() => expect(sent).toEqual(['u1']));
    await vi.waitFor(() =>
      expect(db.prepare("SELECT last_error FROM outbox WHERE chat_id = 'u2'").get()).toEqual({
        last_error: 'rate_limited: Too Many Requests',
      }),
    );
    const stopping = Date.now();
    await runner.stop();
    expect(Date.now() - stopping).toBeLessThan(1000);
    expect(db.prepare("SELECT state, attempts FROM outbox WHERE chat_id = 'u2'").get()).toEqual({ state: 'pending', attempts: 0 });
  });
});
