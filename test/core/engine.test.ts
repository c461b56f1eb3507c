import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MenuEntry } from '../../src/engine/bot.ts';
import type { Db } from '../../src/store/db.ts';
import { startBot, type TestClock, tempDir } from '../support/harness.ts';
import { petFlow } from '../support/pet-flow.ts';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

/** The test flow, whose side effect writes a row (and then fails, when asked to) in the turn's transaction. */
function pets(db: Db, fail: boolean, version: number) {
  return petFlow((userKey, name, age) => {
    db.prepare('CREATE TABLE IF NOT EXISTS pets (user TEXT, name TEXT, age INTEGER)').run();
    db.prepare('INSERT INTO pets VALUES (?, ?, ?)').run(userKey, name, age);
    if (fail) throw new Error('disk on fire');
  }, version);
}

const menu = (entries: Partial<MenuEntry>[] = []): MenuEntry[] => [
  { id: 'pet', titleKey: 'menu.help', words: ['hewan'], run: (t) => t.startFlow('pet') },
  ...(entries as MenuEntry[]),
];

function open(opts: { fail?: boolean; version?: number; clock?: TestClock } = {}) {
  return startBot(
    join(tmp.dir, 'bot.db'),
    (db) => ({ flows: [pets(db, opts.fail ?? false, opts.version ?? 1)], menu: menu() }),
    opts.clock,
  );
}

describe('a conversation', () => {
  it('greets a first message with the menu and runs a flow to the end', async () => {
    const { channel, db, close } = open();
    const [greet, menuText] = await channel.say('halo');
    expect(greet).toContain('selamat datang di *daftarin*');
    expect(menuText).toContain('Balas dengan angka menu');
    expect(menuText).toContain('1. Bantuan');
    expect(await channel.say('1')).toEqual(['test.ask_name']);
    expect(await channel.say('x')).toEqual(['test.bad_name']);
    expect(await channel.say('  Belang  ')).toEqual(['test.ask_age']);
    expect(await channel.say('tiga')).toEqual(['test.bad_age']);
    expect(await channel.say('3')).toEqual(['test.confirm\n\n1. Ya\n2. Tidak']);
    const end = await channel.say('ya');
    expect(end[0]).toBe('test.saved');
    expect(end[1]).toContain('Balas dengan angka menu');
    expect(db.prepare('SELECT user, name, age FROM pets').all()).toEqual([{ user: 'test:u1', name: 'Belang', age: 3 }]);
    close();
  });

  it('kembali goes back one question keeping the answers, and says so at the first question', async () => {
    const { channel, close } = open();
    await channel.say('halo');
    await channel.say('1');
    expect(await channel.say('KEMBALI')).toEqual([expect.stringContaining('Ini sudah pertanyaan pertama')]);
    await channel.say('Belang');
    await channel.say('3');
    expect(await channel.say('/kembali')).toEqual(['test.ask_age']);
    expect(await channel.say('4')).toEqual(['test.confirm\n\n1. Ya\n2. Tidak']);
    close();
  });

  it('menu keeps the open flow and offers to continue it', async () => {
    const { channel, close } = open();
    await channel.say('halo');
    await channel.say('1');
    await channel.say('Belang');
    const m = await channel.say('Menu');
    expect(m[0]).toContain('1. Lanjutkan: test.title (belum selesai)');
    const resumed = await channel.say('1');
    expect(resumed).toEqual([expect.stringContaining('Kita lanjutkan'), 'test.ask_age']);
    close();
  });

  it('batal asks for confirmation; "tidak" keeps the answers, "ya" drops them', async () => {
    const { channel, db, close } = open();
    await channel.say('halo');
    await channel.say('1');
    await channel.say('Belang');
    expect((await channel.say('batal'))[0]).toContain('Yakin mau membatalkan');
    expect(await channel.say('hmm')).toEqual([expect.stringContaining('Mohon jawab *1*')]);
    expect(await channel.say('tidak')).toEqual(['Baik, kita lanjutkan.', 'test.ask_age']);
    await channel.say('/BATAL');
    const done = await channel.say('1');
    expect(done[0]).toContain('sudah dibatalkan');
    expect(db.prepare('SELECT count(*) AS n FROM flow_states').get()).toEqual({ n: 0 });
    close();
  });

  it('bantuan explains the commands and repeats the open question', async () => {
    const { channel, close } = open();
    await channel.say('halo');
    await channel.say('1');
    const r = await channel.say('bantuan');
    expect(r[0]).toContain('*kembali*');
    expect(r[1]).toBe('test.ask_name');
    close();
  });

  it('bahasa switches to English and back, stored per user', async () => {
    const { channel, db, close } = open();
    await channel.say('halo');
    expect(await channel.say('language')).toEqual([
      expect.stringContaining("I'll use English"),
      expect.stringContaining('Reply with a menu number'),
    ]);
    expect(db.prepare("SELECT locale FROM users WHERE key = 'test:u1'").get()).toEqual({ locale: 'en' });
    expect((await channel.say('xyz'))[0]).toContain("didn't understand");
    expect((await channel.say('bahasa'))[0]).toContain('Bahasa Indonesia');
    close();
  });

  it('non-text input gets a polite "please type" without moving the flow', async () => {
    const { channel, close } = open();
    await channel.say('halo');
    await channel.say('1');
    expect(await channel.say('', { kind: 'media' })).toEqual([expect.stringContaining('hanya bisa membaca pesan teks'), 'test.ask_name']);
    expect(await channel.say('Belang')).toEqual(['test.ask_age']);
    close();
  });
});

describe('the engine', () => {
  it('survives a restart: the conversation continues at the same question', async () => {
    const first = open();
    await first.channel.say('halo');
    await first.channel.say('1');
    await first.channel.say('Belang');
    first.close();
    const second = open({ clock: first.clock });
    expect(await second.channel.say('5')).toEqual(['test.confirm\n\n1. Ya\n2. Tidak']);
    second.close();
  });

  it('drops a redelivered message id', async () => {
    const { channel, close } = open();
    await channel.say('halo', { messageId: 'a' });
    await channel.say('1', { messageId: 'b' });
    expect(await channel.say('1', { messageId: 'b' })).toEqual([]);
    expect(await channel.say('Belang', { messageId: 'c' })).toEqual(['test.ask_age']);
    close();
  });

  it('answers 20 messages of one chat sent at once in order', async () => {
    const { channel, close } = open();
    await channel.say('halo');
    const texts = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 'menu' : 'kembali'));
    await Promise.all(texts.map((t, i) => channel.say(t, { messageId: `burst-${i}` })));
    const replies = channel.transcript().slice(2);
    // menu → one menu reply; kembali at the menu → "already at the menu" + the menu.
    const expected = texts.flatMap((t) => (t === 'menu' ? ['menu'] : ['at_menu', 'menu']));
    expect(replies.map((r) => (r.startsWith('Kakak sudah di menu') ? 'at_menu' : 'menu'))).toEqual(expected);
    close();
  });

  it('a turn that throws commits nothing, answers kindly, and the next message works', async () => {
    const h = open({ fail: true });
    await h.channel.say('halo');
    await h.channel.say('1');
    await h.channel.say('Belang');
    await h.channel.say('3');
    expect(await h.channel.say('ya')).toEqual([expect.stringContaining('ada gangguan di sistem kami')]);
    // The failed turn's write and its snapshot were rolled back: the flow still waits at the confirmation.
    expect(h.db.prepare("SELECT name FROM sqlite_master WHERE name = 'pets'").all()).toEqual([]);
    expect(await h.channel.say('tidak')).toEqual(['test.ask_name']);
    h.close();
  });

  it('an old-version snapshot resets politely to the menu', async () => {
    const first = open({ version: 1 });
    await first.channel.say('halo');
    await first.channel.say('1');
    first.close();
    const second = open({ version: 2, clock: first.clock });
    const r = await second.channel.say('Belang');
    expect(r[0]).toContain('ada pembaruan sistem');
    expect(r[1]).toContain('Balas dengan angka menu');
    second.close();
  });

  it('a snapshot that fails to restore resets politely', async () => {
    const h = open();
    await h.channel.say('halo');
    await h.channel.say('1');
    h.db.prepare(`UPDATE flow_states SET snapshot = '{"status":"active","value":"no-such-state","context":{}}'`).run();
    const r = await h.channel.say('Belang');
    expect(r[0]).toContain('ada pembaruan sistem');
    h.close();
  });

  it('after the idle time asks to continue or start again', async () => {
    const h = open();
    await h.channel.say('halo');
    await h.channel.say('1');
    await h.channel.say('Belang');
    h.clock.advanceMinutes(31);
    const r = await h.channel.say('4');
    expect(r).toEqual([expect.stringContaining('Selamat datang kembali')]);
    expect(r[0]).toContain('1. Lanjutkan\n2. Mulai dari awal');
    expect(await h.channel.say('1')).toEqual(['test.ask_age']);
    h.clock.advanceMinutes(45);
    await h.channel.say('4');
    expect(await h.channel.say('2')).toEqual(['test.ask_name']);
    h.close();
  });

  it('drops a flow idle past the expiry with a one-line notice', async () => {
    const h = open();
    await h.channel.say('halo');
    await h.channel.say('1');
    h.clock.advanceMinutes(8 * 24 * 60);
    const r = await h.channel.say('Belang');
    expect(r[0]).toContain('sudah lebih dari 7 hari tidak dilanjutkan');
    expect(r.at(-1)).toContain('Balas dengan angka menu');
    h.close();
  });
});

describe('menu commands from the command table', () => {
  it('try the most specific command first, pass the argument as typed, and leave the rest to the fallback', async () => {
    const calls: string[] = [];
    const { channel, close } = startBot(join(tmp.dir, 'bot.db'), (db) => ({
      flows: [pets(db, false, 1)],
      menu: menu(),
      commands: {
        // Declines, as a feature does for a user who may not use it: the next candidate gets the message.
        broadcast_cancel: () => {
          calls.push('broadcast_cancel');
          return false;
        },
        withdraw: (turn, arg) => {
          calls.push(`withdraw ${arg}`);
          turn.reply('menu.unknown');
          return true;
        },
      },
      fallback: (_turn, text) => {
        calls.push(`fallback ${text}`);
        return false;
      },
    }));
    await channel.say('halo');
    await channel.say('batalkan siaran');
    await channel.say('Tarik DFT-AB12C');
    await channel.say('statistik OJEK');
    // Inside a flow a command word with an argument is an answer for the flow, not a menu command.
    await channel.say('1');
    expect(await channel.say('tarik DFT-AB12C')).toEqual(['test.ask_age']);
    expect(calls).toEqual(['broadcast_cancel', 'withdraw siaran', 'withdraw DFT-AB12C', 'fallback statistik OJEK']);
    close();
  });
});
