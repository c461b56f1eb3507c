import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { latestVersion, openDatabase } from '../../src/store/db.ts';
import { startApp } from '../support/app.ts';
import { FakeChannel } from '../support/fake-channel.ts';
import { tempDir } from '../support/harness.ts';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

/** The app with a channel named `telegram`, whose message ids are only unique within a chat. */
function startTelegram() {
  const h = startApp(tmp.dir);
  const telegram = new FakeChannel('telegram');
  void telegram.start((m) => h.app.bot.handle(telegram, m));
  return { h, telegram };
}

describe('duplicate detection keys on channel + chat + message id', () => {
  it("answers user B's message 1 after user A's message 1 was handled", async () => {
    const { h, telegram } = startTelegram();
    expect(await telegram.say('halo', { chatId: '111', messageId: '1' })).not.toEqual([]);
    const b = await telegram.say('halo', { chatId: '222', messageId: '1' });
    expect(b.join('\n')).toContain('selamat datang');
    await h.close();
  });

  it('still drops a redelivery of the same message of the same chat', async () => {
    const { h, telegram } = startTelegram();
    await telegram.say('halo', { chatId: '111', messageId: '7' });
    expect(await telegram.say('halo', { chatId: '111', messageId: '7' })).toEqual([]);
    await h.close();
  });

  it('keeps ids handled before the upgrade: a redelivery of one is still dropped', async () => {
    const path = join(tmp.dir, 'daftarin.db');
    const old = openDatabase(path, { upTo: latestVersion - 1 });
    old.prepare("INSERT INTO processed_messages (channel, message_id, at) VALUES ('telegram', '42', ?)").run(Date.now());
    old.close();
    const { h, telegram } = startTelegram();
    expect(await telegram.say('halo', { chatId: '111', messageId: '42' })).toEqual([]);
    expect(await telegram.say('halo', { chatId: '111', messageId: '43' })).not.toEqual([]);
    await h.close();
  });
});
