import { detectIntent, type Intent } from './intents.ts';
import type { Turn } from './turn.ts';

/** The paused flow `lanjut` resumes: the one touched last. */
function lastPaused(turn: Turn): string | undefined {
  const { store, flows } = turn.ctx;
  return store
    .flowStates(turn.key)
    .filter((r) => flows.has(r.flow_id) && !flows.get(r.flow_id)?.transient)
    .sort((a, b) => b.updated_at - a.updated_at)[0]?.flow_id;
}

/** Acts on an intent: resume the paused flow, switch language, start a village officer's desa request, or hand "mau daftar…" to the entry that registers. */
export function actOnIntent(turn: Turn, intent: Intent): boolean {
  switch (intent.kind) {
    case 'resume': {
      const paused = lastPaused(turn);
      if (paused) turn.startFlow(paused);
      return paused !== undefined;
    }
    case 'language':
      if (turn.locale !== intent.locale) turn.setLocale(intent.locale);
      turn.reply('language.switched');
      turn.reprompt();
      return true;
    case 'register':
      return turn.ctx.deps.menu.some((e) => e.onIntent?.(turn, intent) ?? false);
    case 'officer':
      // The desa request's own command: its handler reads the role from the words (`turn.text`).
      return turn.ctx.deps.commands?.desa_request?.(turn, undefined) ?? false;
  }
}

/** Follows what a free-text message clearly wants (see `detectIntent`); false when it wants nothing clear. */
export function followIntent(turn: Turn, text: string): boolean {
  const intent = detectIntent(text);
  return intent !== undefined && actOnIntent(turn, intent);
}
