import type { Command } from './commands.ts';
import { helpParams } from './help.ts';
import { askCancel } from './pending.ts';
import type { Turn } from './turn.ts';

/** Answers a global command (menu, batal, kembali, bantuan, bahasa, berhenti/mulai, /start) at any step. */
export function runGlobalCommand(turn: Turn, c: Command): void {
  const { conv } = turn;
  switch (c.name) {
    case 'start':
      turn.reply('greeting.again');
      turn.showMenu();
      return;
    case 'optout':
    case 'optin':
      optOut(turn, c.name === 'optout');
      return;
    case 'menu':
      // The open flow stays stored and the menu offers to continue it, unless it is a transient one (a topic list).
      if (conv.active_flow && turn.ctx.flows.get(conv.active_flow)?.transient) turn.dropFlow(conv.active_flow);
      conv.active_flow = null;
      turn.showMenu();
      return;
    case 'help':
      turn.reply('help.text', helpParams(turn.locale));
      turn.reprompt();
      return;
    case 'language':
      turn.setLocale(turn.locale === 'id' ? 'en' : 'id');
      turn.reply('language.switched');
      turn.reprompt();
      return;
    case 'cancel':
      if (conv.active_flow) askCancel(turn, conv.active_flow);
      else {
        turn.reply('cancel.nothing');
        turn.showMenu();
      }
      return;
    case 'back':
      back(turn);
      return;
  }
}

/** `berhenti`/`mulai`: the announcements choice, then back to where the user was. */
function optOut(turn: Turn, optOut: boolean): void {
  const { onOptOut } = turn.ctx.deps;
  const open = turn.conv.active_flow;
  if (onOptOut) onOptOut(turn, optOut);
  else turn.reply('help.text', helpParams(turn.locale));
  // The flow open before goes on, unless the answer opened its own question (`mulai` asks which community).
  if (open && turn.conv.active_flow === open) turn.reprompt();
}

/** `kembali`: the open flow's previous question. */
function back(turn: Turn): void {
  if (!turn.conv.active_flow) {
    turn.reply('back.at_menu');
    turn.showMenu();
    return;
  }
  turn.step(turn.conv.active_flow, { type: 'flow.back', meta: turn.meta });
}
