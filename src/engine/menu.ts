import { type MessageKey, t } from '../i18n.ts';
import { matchOption, normalizeAnswer } from './answers.ts';
import { matchMenuCommands } from './command-table.ts';
import { isGreeting } from './greetings.ts';
import { followIntent } from './intent-routing.ts';
import { isSalam } from './intents.ts';
import type { Turn } from './turn.ts';

/** The menu as this user sees it now: paused flows to continue first, then the visible entries. */
function menuChoices(turn: Turn) {
  const { store, flows, deps } = turn.ctx;
  const paused = store
    .flowStates(turn.key)
    .filter((r) => flows.has(r.flow_id))
    .map((r) => ({ id: `resume:${r.flow_id}`, title: turn.titleOf(r.flow_id) }));
  const entries = deps.menu.filter((e) => e.visible?.(turn) ?? true);
  return { paused, entries };
}

/** Replies with the numbered main menu, opened by `prompt` (default: "Ada yang bisa saya bantu?"). */
export function showMenu(turn: Turn, prompt: MessageKey = 'menu.prompt'): void {
  const { paused, entries } = menuChoices(turn);
  const choices = [
    ...paused.map((p) => ({ key: 'menu.resume_entry' as MessageKey, params: { flow: { key: p.title } } })),
    ...entries.map((e) => ({ key: e.titleKey })),
  ];
  turn.reply(prompt, {}, choices);
}

/** Runs the menu entry (or resumes the paused flow) the input picks, by number, word or title; false if none. */
export function tryMenuEntry(turn: Turn, input: string): boolean {
  const { paused, entries } = menuChoices(turn);
  const options = [
    ...paused.map((p) => ({ id: p.id, words: [] as string[] })),
    ...entries.map((e) => ({ id: e.id, words: [...e.words, t(turn.locale, e.titleKey)] })),
  ];
  // Strict: at the menu a sentence ("cek kpj gmn") is a question for the fallback, not the "cek" entry.
  const picked = matchOption(input, options, { strict: true });
  if (!picked) return false;
  if (picked.startsWith('resume:')) turn.startFlow(picked.slice('resume:'.length));
  else entries.find((e) => e.id === picked)?.run(turn);
  return true;
}

/** A feature command of the table typed at the menu (`tarik KODE`, `statistik KODE`…), if a handler takes it. */
function tryMenuCommand(turn: Turn, text: string): boolean {
  const handlers = turn.ctx.deps.commands ?? {};
  return matchMenuCommands(text).some((m) => handlers[m.id]?.(turn, m.arg) ?? false);
}

/**
 * A menu command typed, word for word, at a flow's question that refused it as an answer (`berhenti pengingat`,
 * `status`, `hitung`): an entry the user can see, or a command whose handler takes it. Exact words only, never a
 * number or a title, so nothing that reads as an answer or a sentence is taken for a command.
 */
export function tryCommandWord(turn: Turn, text: string): boolean {
  const plain = normalizeAnswer(text);
  const entry = turn.ctx.deps.menu.find((e) => (e.visible?.(turn) ?? true) && e.words.some((w) => normalizeAnswer(w) === plain));
  if (entry) {
    entry.run(turn);
    return true;
  }
  const handlers = turn.ctx.deps.commands ?? {};
  return matchMenuCommands(text).some((m) => m.arg === undefined && (handlers[m.id]?.(turn, undefined) ?? false));
}

/** Free text at the menu: a greeting, an entry, a command, an intent, the fallback (FAQ), or "not understood" and the menu. */
export function menuInput(turn: Turn): void {
  const { text } = turn;
  if (isGreeting(text) || isSalam(text)) {
    turn.reply(isSalam(text) ? 'greeting.salam' : 'greeting.again');
    turn.showMenu();
    return;
  }
  if (tryMenuEntry(turn, text) || tryMenuCommand(turn, text) || followIntent(turn, text)) return;
  if (turn.ctx.deps.fallback?.(turn, text)) return;
  turn.reply('menu.unknown');
  turn.showMenu();
}
