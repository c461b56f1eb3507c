import { z } from 'zod';
import table from '../../locales/commands.json' with { type: 'json' };
import { normalizeAnswer } from './answers.ts';

/** Every chat command daftarin knows, by id (the keys of `locales/commands.json`). */
export type CommandId = keyof typeof table;

const spec = z
  .object({
    /** `global`: any time, even inside a flow; `menu`: typed at the menu; `arrival`: a sign-up link's text. */
    scope: z.enum(['global', 'menu', 'arrival']),
    /** What follows the command word: one token (a code), free text, or an optional token. */
    arg: z.enum(['token', 'text', 'optional']).optional(),
    /** With `arg`: the word alone is the command too (`sudah bayar` and `sudah bayar DFT-…`). */
    bare: z.boolean().optional(),
    /** Listed by `bantuan`, described by the locale key `help.cmd.<id>`. */
    help: z.boolean().optional(),
    words: z.object({ id: z.array(z.string().min(1)), en: z.array(z.string().min(1)) }).strict(),
  })
  .strict();

/** One command of the table. */
export type CommandSpec = z.infer<typeof spec> & { id: CommandId };

/** The table, checked once at load: a malformed entry stops the bot at start, not mid-conversation. */
export const COMMANDS: readonly CommandSpec[] = Object.entries(z.record(z.string(), spec).parse(table)).map(([id, c]) => ({
  ...c,
  id: id as CommandId,
}));

const byId = new Map(COMMANDS.map((c) => [c.id, c]));

/** The command's spec. */
function commandSpec(id: CommandId): CommandSpec {
  const c = byId.get(id);
  if (!c) throw new Error(`unknown command ${id}`);
  return c;
}

/** All words of a command, Indonesian first (e.g. for a menu entry's keywords). */
export function commandWords(id: CommandId): readonly string[] {
  const c = commandSpec(id);
  return [...c.words.id, ...c.words.en];
}

/** A command found in a message, with what followed its word. */
export interface CommandMatch {
  id: CommandId;
  arg?: string;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const ARG_PATTERN = { token: '(\\S+)', text: '(.+)', optional: '(\\S+)' } as const;

/** `word arg` patterns of the commands taking an argument, longest word first (`batalkan siaran` before `batalkan X`). */
const argPatterns = COMMANDS.flatMap((c) =>
  c.arg
    ? commandWords(c.id).map((w) => ({
        id: c.id,
        length: w.length,
        re: new RegExp(`^${w.split(/\s+/).map(escapeRegExp).join('\\s+')}\\s+${ARG_PATTERN[c.arg ?? 'token']}$`, 'i'),
      }))
    : [],
).sort((a, b) => b.length - a.length);

/** What follows one of the command's words in `text` (`DAFTAR KODE` → `KODE`); undefined when it is not that command. */
export function commandArg(id: CommandId, text: string): string | undefined {
  for (const p of argPatterns) {
    const arg = p.id === id ? p.re.exec(text.trim())?.[1] : undefined;
    if (arg !== undefined) return arg;
  }
  return undefined;
}

/** Every word of a menu-scope command that works alone (no argument needed), normalized as answers are. */
const MENU_WORDS = new Set(
  COMMANDS.filter((c) => c.scope === 'menu' && (!c.arg || c.bare)).flatMap((c) => commandWords(c.id).map(normalizeAnswer)),
);

/** Whether the whole message is one menu command's word ("status", "berhenti pengingat"): a cheap first check. */
export function isMenuCommandWord(text: string): boolean {
  return MENU_WORDS.has(normalizeAnswer(text));
}

/**
 * The menu-scope commands a message could be, most specific first: an exact command word, then a word
 * followed by an argument. Several can fit ("batalkan siaran"); the first handler that accepts it wins.
 */
export function matchMenuCommands(text: string): CommandMatch[] {
  const plain = normalizeAnswer(text);
  const exact = COMMANDS.filter(
    (c) => c.scope === 'menu' && (!c.arg || c.bare) && commandWords(c.id).some((w) => normalizeAnswer(w) === plain),
  );
  const withArg = argPatterns.flatMap((p) => {
    if (commandSpec(p.id).scope !== 'menu') return [];
    const arg = p.re.exec(text.trim())?.[1];
    return arg === undefined ? [] : [{ id: p.id, arg }];
  });
  return [...exact.map((c) => ({ id: c.id })), ...withArg];
}
