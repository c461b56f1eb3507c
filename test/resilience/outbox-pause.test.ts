import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Channel, ChannelError } from '../../src/channels/channel.ts';
import { drainOutbox } from '../../src/delivery/outbox-runner.ts';
import { silentLogger } from '../../src/log.ts';
import { type Db, openDatabase } from '../../src/store/db.ts';
import { outboxStore } from '../../src/store/outbox.ts';
import { tempDir } from '../support/harness.ts';

/** A channel whose sends fail with a transient error; `dropsOnSend` makes it report itself down as the send fails. */
function failingChannel(dropsOnSend: boolean): Channel & { up: boolean; attempts: number } {
  return {
    name: 'telegram',
    up: true,
    attempts: 0,
    async start() {},
    async stop() {},
    isUp() {
      return this.up;
    },
    async send() {
      this.attempts++;
      if (dropsOnSend) this.up = false;
      throw new ChannelError('transient', 'request to …/sendMessage failed, reason: socket hang up');
    },
  };
}

describe('the outbox and a channel that is down', () => {
  let tmp: ReturnType<typeof tempDir>;
  let db: Db;
  const NOW = Date.parse('2026-12-01T08:00:00Z');

  beforeEach(() => {
    tmp = tempDir();
    db = openDatabase(`${tmp.dir}/d.db`);
  });
  afterEach(() => {
    db.close();
    tmp.cleanup();
  });

  const options = { limits: { telegram: {} }, clock: () => NOW };

  it('sends nothing and spends no attempt while the channel is down', async () => {
    const id = outboxStore(db).enqueue('telegram', '42', 'Status: terdaftar', NOW);
    const channel = failingChannel(false);
    channel.up = false;
    expect(await drainOutbox(db, [channel], silentLogger, options)).toBe(0);
    expect(channel.attempts).toBe(0);
    expect(outboxStore(db).byId(id)).toMatchObject({ state: 'pending', attempts: 0, not_before: NOW });
    expect(outboxStore(db).backlog()).toEqual({ telegram: 1 });
  });

  it('puts a message back untouched when the channel goes down under its send', async () => {
    const id = outboxStore(db).enqueue('telegram', '42', 'Status: terdaftar', NOW);
    const second = outboxStore(db).enqueue('telegram', '43', 'Status: ditolak', NOW);
    const channel = failingChannel(true);
    expect(await drainOutbox(db, [channel], silentLogger, options)).toBe(0);
    expect(channel.attempts).toBe(1);
    expect(outboxStore(db).byId(id)).toMatchObject({ state: 'pending', attempts: 0, not_before: NOW });
    expect(outboxStore(db).byId(id)?.last_error).toContain('socket hang up');
    expect(outboxStore(db).byId(second)).toMatchObject({ state: 'pending', attempts: 0 });
  });

  it('counts the attempt and retries later when the channel stays up (the message, not the link, failed)', async () => {
    const id = outboxStore(db).enqueue('telegram', '42', 'Status: terdaftar', NOW);
    const channel = failingChannel(false);
    expect(await drainOutbox(db, [channel], silentLogger, options)).toBe(0);
    expect(outboxStore(db).byId(id)).toMatchObject({ state: 'pending', attempts: 1, not_before: NOW + 30_000 });
  });
});
