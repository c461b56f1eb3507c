import { createCalculatorFlow } from '../../flows/calculator.ts';
import { createInfoFlow } from '../../flows/info.ts';
import { normalizeAnswer } from '../engine/answers.ts';
import type { CommandHandler, MenuEntry, TurnApi } from '../engine/bot.ts';
import { type CommandId, commandWords } from '../engine/command-table.ts';
import type { Say, TurnMeta } from '../engine/flow-types.ts';
import type { FlowDefinition } from '../engine/run-flow.ts';
import { answerFor } from '../faq/answers.ts';
import { matchTopic } from '../faq/matcher.ts';
import { TOPIC_IDS } from '../faq/topics.ts';
import { unansweredLog } from '../faq/unanswered.ts';
import type { Db } from '../store/db.ts';

/** Coverage questions (topic list, free-text answers) and the contribution calculator, wired to the database. */
export function faqFeature(deps: { db: Db; minAge: number; maxAge: number }): {
  flows: FlowDefinition[];
  menu: MenuEntry[];
  /** Words that ask for the topic list itself rather than about a topic (`info`, `tanya`…). */
  commands: Partial<Record<CommandId, CommandHandler>>;
  fallback: (turn: TurnApi, text: string) => boolean;
} {
  const unanswered = unansweredLog(deps.db);
  // The question itself goes along: its age or income is answered first, and English in English.
  const answer = (topic: Parameters<typeof answerFor>[0], meta: TurnMeta, question?: string) =>
    answerFor(topic, { today: meta.today, minAge: deps.minAge, maxAge: deps.maxAge, ...(question !== undefined && { question }) });

  const info = createInfoFlow({ topics: TOPIC_IDS, answer, match: (text) => matchTopic(text)?.topic });
  const infoFlow: FlowDefinition = {
    ...info,
    machine: info.machine.provide({
      actions: {
        record: ({ event }) => {
          const e = event as { text?: string; meta: TurnMeta };
          if (e.text) unanswered.record(e.text, e.meta.locale, e.meta.now);
        },
      },
    }),
  };

  // A question asked in the middle of a flow ("jht itu apa"): its answer, ending with a pointer back to the question.
  const aside = (turn: TurnApi, text: string): Say | undefined => {
    const match = matchTopic(text);
    if (!match) return undefined;
    const a = answer(match.topic, turn.meta, text);
    return a.params && 'next' in a.params ? { ...a, params: { ...a.params, next: { key: 'flow.aside_back' } } } : a;
  };

  const menu: MenuEntry[] = [
    { id: 'info', titleKey: 'faq.menu', words: commandWords('info'), run: (t) => t.startFlow('info'), aside },
    { id: 'calculator', titleKey: 'calc.menu', words: commandWords('calculator'), run: (t) => t.startFlow('calculator') },
  ];

  // Free text at the menu: answer it, or say honestly that we are not sure, keep the question, and offer the list.
  const fallback = (turn: TurnApi, text: string): boolean => {
    const plain = normalizeAnswer(text);
    // A wrong menu number or a stray word is for the menu to handle, not a question.
    if (plain === '' || /^\d+$/.test(plain)) return false;
    const match = matchTopic(text);
    if (match) {
      // Answered inside the topic flow, so "daftar" or another question right after it is read in its light.
      turn.startFlow('info', { first: { topic: match.topic, question: text } });
      return true;
    }
    if (!plain.includes(' ') && !text.includes('?')) return false;
    unanswered.record(text, turn.meta.locale, turn.meta.now);
    turn.startFlow('info', { unsure: true });
    return true;
  };

  const topics: CommandHandler = (turn) => {
    turn.startFlow('info');
    return true;
  };

  return { flows: [infoFlow, createCalculatorFlow()], menu, commands: { topics }, fallback };
}
