import { describe, expect, it } from 'vitest';
import { runReminders } from '../../src/jobs/reminder-scheduler.ts';
import { openDatabase } from '../../src/store/db.ts';
import { outboxStore } from '../../src/store/outbox.ts';
import { reminderJobStore } from '../../src/store/reminder-jobs.ts';
import { FakeChannel } from '../support/fake-channel.ts';
import { jakarta, reminderAppPerTest } from './setup.ts';

/** Reminder texts queued per chat, from the outbox table itself. */
function queuedReminders(db: Parameters<typeof outboxStore>[0]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const j of reminderJobStore(db).all()) {
    const row = j.outbox_id === null ? undefined : outboxStore(db).byId(j.outbox_id);
    if (j.kind === 'reminder' && row) counts[row.chat_id] = (counts[row.chat_id] ?? 0) + 1;
  }
  return counts;
}

describe('durable reminder runs', () => {
  // Three people with a registered worker each, who asked for reminders.
  const appOf = reminderAppPerTest({ REMINDER_WHATSAPP_DAILY_CAP: '2' }, async (app) => {
    for (const u of ['u1', 'u2', 'u3']) {
      await app.channel.say('halo', { chatId: u });
      app.registerWorker(`test:${u}`, `Pekerja ${u}`, `1234567890${u.slice(1)}`);
      await app.channel.say('ingatkan saya', { chatId: u });
    }
  });

  it('a crash in the middle of a run is resumed by the next run without sending anyone twice', async () => {
    const app = appOf();
    app.clock.ms = jakarta('2026-08-10');
    let n = 0;
    expect(() =>
      runReminders(app.db, app.settings, app.clock.ms, {
        afterQueue: () => {
          if (++n === 2) throw new Error('power cut');
        },
      }),
    ).toThrow('power cut');
    expect(queuedReminders(app.db)).toEqual({ u1: 1, u2: 1 });
    // The restart: a new connection to the same file, a later tick of the same day.
    const db2 = openDatabase(app.config.DATABASE_PATH);
    try {
      const again = runReminders(db2, app.settings, jakarta('2026-08-10', 11));
      expect(again.queued.map((m) => m.person)).toEqual(['test:u3']);
      expect(runReminders(db2, app.settings, jakarta('2026-08-12')).queued).toEqual([]);
    } finally {
      db2.close();
    }
    expect(queuedReminders(app.db)).toEqual({ u1: 1, u2: 1, u3: 1 });
    app.clock.ms = jakarta('2026-08-12');
    await app.tick();
    for (const u of ['u1', 'u2', 'u3']) expect(app.channel.transcript(u).filter((m) => m.includes('Pengingat iuran'))).toHaveLength(1);
  });

  it('two runs at once (two processes on one database) queue each reminder once', () => {
    const app = appOf();
    app.clock.ms = jakarta('2026-08-10');
    const db2 = openDatabase(app.config.DATABASE_PATH);
    try {
      let other: ReturnType<typeof runReminders> | undefined;
      // The second run starts after the first planned everything but had queued only one message.
      const first = runReminders(app.db, app.settings, app.clock.ms, {
        afterQueue: () => {
          other ??= runReminders(db2, app.settings, app.clock.ms);
        },
      });
      expect(first.queued.length + (other?.queued.length ?? 0)).toBe(3);
      expect(other?.queued.length).toBe(2);
    } finally {
      db2.close();
    }
    expect(queuedReminders(app.db)).toEqual({ u1: 1, u2: 1, u3: 1 });
  });

  it('WhatsApp reminders stop at their own daily cap and the rest go out the next day', async () => {
    const app = appOf();
    const wa = new FakeChannel('whatsapp');
    void wa.start((m) => app.app.bot.handle(wa, m));
    for (const u of ['62811', '62812', '62813']) {
      await wa.say('halo', { chatId: u });
      app.registerWorker(`whatsapp:${u}`, `WA ${u}`, `222222${u}`);
      await wa.say('ingatkan saya', { chatId: u });
    }
    app.clock.ms = jakarta('2026-08-10');
    const day1 = runReminders(app.db, app.settings, app.clock.ms);
    expect(day1.queued.filter((m) => m.channel === 'whatsapp').map((m) => m.chatId)).toEqual(['62811', '62812']);
    expect(day1.queued.filter((m) => m.channel === 'test')).toHaveLength(3);
    expect(day1.deferred).toBe(1);
    expect(runReminders(app.db, app.settings, jakarta('2026-08-10', 15)).deferred).toBe(1);
    const day2 = runReminders(app.db, app.settings, jakarta('2026-08-11'));
    expect(day2.queued.map((m) => m.chatId)).toEqual(['62813']);
    // The announcements' own cap is untouched: reminders are not announcements.
    expect(outboxStore(app.db).sentSince('whatsapp', 0)).toBe(0);
  });
});
