import { matchOption, yesNo } from './answers.ts';
import { keyed } from './flow-types.ts';
import type { Turn } from './turn.ts';

const resumeOptions = [
  { id: 'continue', words: ['lanjut', 'lanjutkan', 'continue', 'ya'] },
  { id: 'restart', words: ['ulang', 'mulai lagi', 'dari awal', 'restart', 'baru'] },
] as const;

/** `batal` inside a flow: asks before dropping its answers (the answer comes next turn). */
export function askCancel(turn: Turn, flowId: string): void {
  turn.conv.pending = 'cancel';
  turn.reply('cancel.confirm', { flow: { key: turn.titleOf(flowId) } }, keyed('common.yes', 'common.no'));
}

/** After a long pause inside a flow: asks whether to continue it or start over (the answer comes next turn). */
export function askResume(turn: Turn, flowId: string): void {
  turn.conv.pending = 'resume';
  turn.reply('resume.ask', { flow: { key: turn.titleOf(flowId) } }, keyed('resume.continue', 'resume.restart'));
}

/**
 * Answers the question the bot asked last turn (cancel confirmation or resume). Returns false when the
 * message is no answer but a command (or the flow is gone): the question is dropped and the message handled as usual.
 */
export function answerPending(turn: Turn): boolean {
  const flowId = turn.conv.active_flow;
  const answered = flowId ? (turn.conv.pending === 'cancel' ? answerCancel(turn, flowId) : answerResume(turn, flowId)) : false;
  if (!answered) turn.conv.pending = null;
  return answered;
}

function answerCancel(turn: Turn, flowId: string): boolean {
  const answer = turn.command?.name === 'cancel' ? 'yes' : matchOption(turn.text, yesNo);
  if (answer === 'yes') {
    turn.conv.pending = null;
    turn.dropFlow(flowId);
    turn.reply('cancel.done');
    turn.showMenu();
  } else if (answer === 'no') {
    turn.conv.pending = null;
    turn.reply('cancel.kept');
    turn.reprompt();
  } else if (turn.command) return false;
  else turn.reply('cancel.confirm_again', {}, keyed('common.yes', 'common.no'));
  return true;
}

function answerResume(turn: Turn, flowId: string): boolean {
  const answer = matchOption(turn.text, resumeOptions);
  if (answer === 'continue') {
    turn.conv.pending = null;
    turn.reprompt();
  } else if (answer === 'restart') {
    turn.conv.pending = null;
    const input = JSON.parse(turn.ctx.store.flowState(turn.key, flowId)?.input ?? '{}') as Record<string, unknown>;
    turn.dropFlow(flowId);
    turn.step(flowId, undefined, input);
  } else if (turn.command) return false;
  else turn.reply('resume.ask_again', {}, keyed('resume.continue', 'resume.restart'));
  return true;
}
