import type { Locale, MessageKey, Param, Params } from '../i18n.ts';
import { COMMANDS, type CommandSpec } from './command-table.ts';

/** How `bantuan` names a command: its Indonesian word, in English the English word with the Indonesian one after it. */
function wordOf(c: CommandSpec, locale: Locale): Param {
  const main = c.words.id[0] ?? '';
  const local = locale === 'en' ? c.words.en[0] : undefined;
  return local && local !== main
    ? { key: 'help.word_alias', params: { word: local, alias: main } }
    : { key: 'help.word', params: { word: main } };
}

/** Parameters of `help.text`: the commands the table marks for help, one line each, in table order. */
export function helpParams(locale: Locale): Params {
  const lines = COMMANDS.filter((c) => c.help).map((c) => ({
    key: 'help.line' as const,
    // Why the cast: the key is built from the table's id; the command-table test checks every such key exists.
    params: { word: wordOf(c, locale), what: { key: `help.cmd.${c.id}` as MessageKey } },
  }));
  return { commands: { lines } };
}
