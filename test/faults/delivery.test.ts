import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { t } from '../../src/i18n.ts';
import { startApp } from '../support/app.ts';
import { tempDir } from '../support/harness.ts';
import { maskCodes, NIK_FEMALE, NIK_MALE, registrationAnswers } from './scripts.ts';

let tmp: ReturnType<typeof tempDir>;
const open: ReturnType<typeof startApp>[] = [];
beforeEach(() => {
  tmp = tempDir();
});
afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
  tmp.cleanup();
});

/** A fresh app in its own folder under the test's temp dir. */
function app(name: string) {
  const h = startApp(`${tmp.dir}/${name}`);
  open.push(h);
  return h;
}

/** The transcript of `lines` sent one by one, each awaited, on a fresh app: what a well-behaved platform yields. */
async function reference(lines: readonly string[], chatId = 'u1'): Promise<string[]> {
  const h = app(`ref-${open.length}`);
  for (const l of lines) await h.channel.say(l, { chatId });
  return maskCodes(h.channel.transcript(chatId));
}

const count = (h: ReturnType<typeof startApp>, sql: string) => (h.db.prepare(sql).get() as { n: number }).n;

/** 50 distinct messages of one chat: two registrations, language switches, a cancel, a refusal, commands. */
const FIFTY = [
  'halo',
  ...registrationAnswers(NIK_MALE),
  '1',
  'status',
  'bahasa',
  'status',
  ...registrationAnswers(NIK_FEMALE, '081234567891'),
  'kembali',
  '1',
  '1',
  'bahasa',
  'status',
  'menu',
  'bantuan',
  'daftar',
  'ya',
  'batal',
  'ya',
  'halo',
  '2',
  'tidak',
  'status',
  'bantuan',
  'menu',
];

describe('redelivered messages', () => {
  it('are dropped, also after a restart: every message is handled once', async () => {
    const lines = ['halo', ...registrationAnswers(), '1'];
    const expected = await reference(lines);
    const h = app('redeliver');
    for (const [i, l] of lines.entries()) {
      expect((await h.channel.say(l, { messageId: `m${i}` })).length).toBeGreaterThan(0);
      // The platform lost our acknowledgement and sends the same message again.
      expect(await h.channel.say(l, { messageId: `m${i}` })).toEqual([]);
    }
    // A reconnect replays the whole backlog.
    for (const [i, l] of lines.entries()) expect(await h.channel.say(l, { messageId: `m${i}` })).toEqual([]);
    expect(maskCodes(h.channel.transcript())).toEqual(expected);
    expect(count(h, 'SELECT count(*) AS n FROM referrals')).toBe(1);
    expect(count(h, 'SELECT count(*) AS n FROM processed_messages')).toBe(lines.length);

    // Processed ids are stored, so a redelivery to a restarted bot is dropped too.
    await h.close();
    open.splice(open.indexOf(h), 1);
    const again = app('redeliver');
    expect(await again.channel.say('1', { messageId: 'm15' })).toEqual([]);
    expect(count(again, 'SELECT count(*) AS n FROM referrals')).toBe(1);
  });
});

describe('50 messages of one chat arriving at once', () => {
  it('are each handled once, in order, with redeliveries mixed in', async () => {
    expect(FIFTY).toHaveLength(50);
    const expected = await reference(FIFTY);
    const h = app('burst');
    const deliveries = FIFTY.map((text, i) => ({ text, id: `b${i}` }));
    // Redeliveries while the originals are still queued: right behind the original (incl. both submits) and much later.
    for (const [after, dup] of [
      [49, 1],
      [47, 44],
      [36, 36],
      [30, 10],
      [15, 15],
      [5, 5],
      [0, 0],
      [40, 3],
    ] as const)
      deliveries.splice(after + 1, 0, { text: FIFTY[dup] as string, id: `b${dup}` });
    // All handed to the bot in the same tick, as a platform delivers a backlog after an outage.
    await Promise.all(deliveries.map((d) => h.channel.say(d.text, { messageId: d.id })));
    expect(maskCodes(h.channel.transcript())).toEqual(expected);
    expect(count(h, 'SELECT count(*) AS n FROM processed_messages')).toBe(50);
    expect(count(h, 'SELECT count(*) AS n FROM referrals')).toBe(2);
  });
});

describe('a chat flooding the bot', () => {
  it('gets one polite slow-down notice and cannot starve another chat', async () => {
    const bLines = ['halo', ...registrationAnswers(), '1'];
    const expectedB = await reference(bLines, 'b');
    const h = app('flood');
    const aTexts = Array.from({ length: 100 }, (_, i) => (i === 0 ? 'halo' : i % 2 ? 'menu' : 'bantuan'));
    const pending: Promise<unknown>[] = [];
    // 100 messages of chat a within one second (the clock does not move), chat b's registration woven in.
    for (const [i, text] of aTexts.entries()) {
      pending.push(h.channel.say(text, { chatId: 'a', messageId: `a${i}` }));
      if (i % 6 === 0 && i / 6 < bLines.length) pending.push(h.channel.say(bLines[i / 6] as string, { chatId: 'b', messageId: `b${i}` }));
    }
    await Promise.all(pending);

    const notice = t('id', 'flood.slow_down');
    const a = h.channel.transcript('a');
    expect(a.filter((r) => r === notice)).toHaveLength(1);
    // The notice comes after the answers to the messages that were taken, which are the first 60.
    expect(a.at(-1)).toBe(notice);
    const handled = h.db.prepare("SELECT message_id FROM processed_messages WHERE message_id LIKE 'a%'").all() as { message_id: string }[];
    expect(handled.map((r) => r.message_id).sort()).toEqual(Array.from({ length: 60 }, (_, i) => `a${i}`).sort());

    // Chat b got every answer, and its registration finished before chat a's backlog did.
    expect(maskCodes(h.channel.transcript('b'))).toEqual(expectedB);
    expect(count(h, "SELECT count(*) AS n FROM referrals WHERE referrer_key = 'test:b'")).toBe(1);
    const lastB = h.channel.sent.findLastIndex((s) => s.chatId === 'b');
    const lastA = h.channel.sent.findLastIndex((s) => s.chatId === 'a' && s.reply.text !== notice);
    expect(lastB).toBeLessThan(lastA);

    // Half a minute later the bucket has refilled: chat a is answered normally again, and a new flood is told again.
    h.clock.ms += 30_000;
    expect((await h.channel.say('menu', { chatId: 'a', messageId: 'a-later' }))[0]).toContain('Balas dengan angka menu');
    await Promise.all(Array.from({ length: 70 }, (_, i) => h.channel.say('menu', { chatId: 'a', messageId: `a2-${i}` })));
    expect(h.channel.transcript('a').filter((r) => r === notice)).toHaveLength(2);
  });
});
