import type { Locale, MessageKey, Params } from '../i18n.ts';

/** One choice shown under a message: a locale key, or text from data (a village name). */
export type Choice = { key: MessageKey; params?: Params } | { raw: string };

/** What a flow emits: a message key with parameters, never text. */
export interface Say {
  type: 'say';
  key: MessageKey;
  params?: Params;
  choices?: Choice[];
  /** The flow refused the answer (it stays at its question): a question asked instead may be answered aside. */
  refusal?: true;
}

/** Several messages emitted at once (one XState `emit` carries one event). */
export interface SayMany {
  type: 'say.many';
  says: Say[];
}

/** Emits a list of messages as one event. */
export function sayMany(says: Say[]): SayMany {
  return { type: 'say.many', says };
}

/** Facts about the turn the bot hands every event, so machines stay pure and restorable. */
export interface TurnMeta {
  userKey: string;
  locale: Locale;
  /** Epoch milliseconds of the turn. */
  now: number;
  /** Today's calendar date in the configured time zone, `YYYY-MM-DD`. */
  today: string;
}

/** Events the bot sends into every flow. */
export type FlowEvent =
  | { type: 'user.text'; text: string; meta: TurnMeta }
  | { type: 'flow.back'; meta: TurnMeta }
  | { type: 'flow.resume'; meta: TurnMeta }
  | { type: 'user.document'; file: DocumentFacts; meta: TurnMeta };

/** What a feature read from a document before the turn, for the flow waiting for it (figures and ids, never the file). */
export type DocumentFacts = Record<string, string | number | boolean>;

/** What a finished flow tells the bot to do next. */
export interface FlowOutput {
  /** Show the main menu after the flow's last message. */
  showMenu?: boolean;
  /** The menu's opening line, when it is not the usual one (e.g. an offer to register). */
  menuPrompt?: MessageKey;
  /** The message that ended the flow was not for it: handle it as if typed at the menu. */
  handOver?: boolean;
  /** Start another flow right away with this input (e.g. calculator → registration, prefilled). */
  next?: { flow: string; input?: Record<string, unknown> };
}

/** Builds a `say` event. */
export function say(key: MessageKey, params?: Params, choices?: Choice[]): Say {
  return { type: 'say', key, ...(params ? { params } : {}), ...(choices ? { choices } : {}) };
}

/** Choices from locale keys. */
export function keyed(...keys: MessageKey[]): Choice[] {
  return keys.map((key) => ({ key }));
}
