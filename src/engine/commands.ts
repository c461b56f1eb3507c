import { isValidPayload } from '../domain/signup-links.ts';
import { sanitizeText } from '../util/sanitize.ts';
import { COMMANDS, type CommandId, commandWords } from './command-table.ts';

/** Commands that work at every step of every flow. */
export type Command = { name: 'menu' | 'cancel' | 'back' | 'help' | 'language' | 'optout' | 'optin' } | { name: 'start'; payload?: string };

type WordCommand = Exclude<Command['name'], 'start'>;

/** Global command words (from `locales/commands.json`) to their command; `/start` is matched apart, as it carries a payload. */
const WORDS: Record<string, WordCommand> = Object.fromEntries(
  COMMANDS.filter((c) => c.scope === 'global' && !c.arg).flatMap((c) =>
    commandWords(c.id).map((w) => [w.toLowerCase(), c.id as WordCommand]),
  ),
);

const startNames = commandWords('start' satisfies CommandId).map((w) => w.replace(/^\//, ''));
const START = new RegExp(`^/(?:${startNames.join('|')})(?:@\\w+)?(?:\\s+(\\S+))?$`, 'i');

/** Reads a global command from a message (case-insensitive, leading `/` optional); undefined if none. */
export function parseCommand(text: string): Command | undefined {
  const trimmed = text.trim();
  const start = START.exec(trimmed);
  if (start) {
    const payload = start[1];
    return payload && isValidPayload(payload) ? { name: 'start', payload } : { name: 'start' };
  }
  const word = trimmed
    .replace(/^\//, '')
    .replace(/@\w+$/, '')
    .replace(/[.!?]+$/, '')
    .replace(/\s+/g, ' ')
    .toLowerCase();
  // Why hasOwn: "constructor" or "__proto__" would otherwise read Object.prototype and become a command nobody answers.
  const name = Object.hasOwn(WORDS, word) ? WORDS[word] : undefined;
  return name ? { name } : undefined;
}

/** Longest text a flow ever sees; longer messages are cut (nothing valid is that long). */
export const MAX_TEXT = 2000;

/** Removes control, zero-width and direction characters and terminal escapes (`sanitizeText`), trims, and caps the length. */
export function cleanText(text: string): string {
  const clean = sanitizeText(text).trim();
  if (clean.length <= MAX_TEXT) return clean;
  // Why: a cut between the two halves of an emoji leaves a lone surrogate, which chat platforms refuse to send back.
  const code = clean.charCodeAt(MAX_TEXT - 1);
  return clean.slice(0, code >= 0xd800 && code <= 0xdbff ? MAX_TEXT - 1 : MAX_TEXT);
}
