import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizeAnswer } from '../../src/engine/answers.ts';
import { COMMANDS, commandArg, commandWords, matchMenuCommands } from '../../src/engine/command-table.ts';
import { parseCommand } from '../../src/engine/commands.ts';
import { helpParams } from '../../src/engine/help.ts';
import { signupPayload } from '../../src/engine/turn.ts';
import { t, template } from '../../src/i18n.ts';

const raw = JSON.parse(readFileSync(new URL('../../locales/commands.json', import.meta.url), 'utf8')) as Record<string, unknown>;

describe('the command table (locales/commands.json)', () => {
  it('loads every entry of the file', () => {
    expect(COMMANDS.map((c) => c.id)).toEqual(Object.keys(raw));
    for (const c of COMMANDS) expect(commandWords(c.id).length, c.id).toBeGreaterThan(0);
  });

  it('maps no word to two commands (a word with an argument and the bare word count apart)', () => {
    const owner = new Map<string, string>();
    for (const c of COMMANDS)
      for (const w of commandWords(c.id)) {
        const slot = `${normalizeAnswer(w)}|${c.arg ? 'arg' : 'bare'}`;
        expect({ word: w, command: owner.get(slot) ?? c.id }).toEqual({ word: w, command: c.id });
        owner.set(slot, c.id);
      }
  });

  it('describes every command bantuan lists in both languages', () => {
    for (const c of COMMANDS.filter((c) => c.help)) {
      expect(template('id', `help.cmd.${c.id}`), c.id).toBeTruthy();
      expect(template('en', `help.cmd.${c.id}`), c.id).toBeTruthy();
    }
  });

  it('renders bantuan from the table exactly as it read before the table existed', () => {
    expect(t('id', 'help.text', helpParams('id'))).toBe(
      'Saya bisa mendaftarkan pekerja ke BPJS Ketenagakerjaan lewat percakapan ini.\n\nPerintah yang bisa diketik kapan saja:\n• *menu* — kembali ke menu utama (isian yang belum selesai tetap disimpan)\n• *kembali* — ke pertanyaan sebelumnya\n• *batal* — membatalkan isian yang sedang berjalan\n• *bahasa* — ganti bahasa Indonesia/English\n• *bantuan* — pesan ini\n\nPertanyaan lain seputar BPJS Ketenagakerjaan: Contact Center 175.',
    );
    expect(t('en', 'help.text', helpParams('en'))).toBe(
      'I can register workers with BPJS Ketenagakerjaan through this chat.\n\nCommands you can type at any time:\n• *menu* — back to the main menu (unfinished answers are kept)\n• *back* (kembali) — previous question\n• *cancel* (batal) — cancel what you are filling in\n• *language* (bahasa) — switch Indonesian/English\n• *help* (bantuan) — this message\n\nOther questions about BPJS Ketenagakerjaan: Contact Center 175.',
    );
  });

  it('reads global commands from the table, and never Object.prototype names', () => {
    expect(parseCommand('/Batal')).toEqual({ name: 'cancel' });
    expect(parseCommand('menu utama!')).toEqual({ name: 'menu' });
    expect(parseCommand('/start@daftarin_bot')).toEqual({ name: 'start' });
    expect(parseCommand('start')).toBeUndefined();
    for (const word of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) expect(parseCommand(word)).toBeUndefined();
  });

  it('matches menu commands most specific first, keeping the argument as typed', () => {
    expect(matchMenuCommands('batalkan siaran')).toEqual([{ id: 'broadcast_cancel' }, { id: 'withdraw', arg: 'siaran' }]);
    expect(matchMenuCommands('Tarik dft-ab12c')).toEqual([{ id: 'withdraw', arg: 'dft-ab12c' }]);
    expect(matchMenuCommands('tambah  admin KOM1 telegram:42')).toEqual([{ id: 'admin_add', arg: 'KOM1 telegram:42' }]);
    expect(matchMenuCommands('INFO')).toEqual([{ id: 'topics' }]);
    expect(matchMenuCommands('tarik')).toEqual([]);
    expect(commandArg('signup', 'DAFTAR abc')).toBe('abc');
    expect(signupPayload('daftar')).toBeUndefined();
  });
});
