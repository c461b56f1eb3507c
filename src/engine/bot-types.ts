import type { IncomingDocument, Outgoing } from '../channels/channel.ts';
import type { Locale, MessageKey, Params } from '../i18n.ts';
import type { Logger } from '../log.ts';
import type { UserRow } from '../store/conversations.ts';
import type { Db } from '../store/db.ts';
import type { CommandId } from './command-table.ts';
import type { FloodGuard } from './flood-guard.ts';
import type { DocumentFacts, Say, TurnMeta } from './flow-types.ts';
import type { Intent } from './intents.ts';
import type { FlowDefinition } from './run-flow.ts';

/** What a menu entry or a feature may do during a turn. */
export interface TurnApi {
  readonly user: UserRow;
  readonly meta: TurnMeta;
  readonly isAdmin: boolean;
  /** The message as typed (cleaned), e.g. for a command whose words say more than its argument. */
  readonly text: string;
  reply(key: MessageKey, params?: Params, choices?: Say['choices']): void;
  /** Starts (or resumes, when one is paused) a flow. */
  startFlow(flowId: string, input?: Record<string, unknown>): void;
  /** The open flow that starting another would pause (not a transient one), with its title; undefined at the menu. */
  openFlow?(): { id: string; titleKey: MessageKey } | undefined;
  showMenu(): void;
  /** Attaches an image or a document to the last reply of this turn. */
  attach(extra: Pick<Outgoing, 'image' | 'document'>): void;
  /** Work to do after the turn committed (e.g. render a QR code); its replies go out after the turn's. */
  afterCommit(task: AfterCommitTask): void;
}

/** Work run after a turn committed; its replies go out after the turn's own. */
export type AfterCommitTask = () => Promise<Outgoing[]>;

/** One entry of the main menu. */
export interface MenuEntry {
  id: string;
  titleKey: MessageKey;
  /** Words that pick the entry besides its number (keywords like `daftar`). */
  words: readonly string[];
  run(turn: TurnApi): void;
  /** Whether to list it for this user now (default: always). */
  visible?(turn: TurnApi): boolean;
  /** Takes a recognised intent ("mau daftarin tukang bakso") typed anywhere; true when it did. */
  onIntent?(turn: TurnApi, intent: Intent): boolean;
  /** A short answer to a question asked in the middle of a flow ("jht itu apa"), if this entry knows one. */
  aside?(turn: TurnApi, text: string): Say | undefined;
}

/**
 * A feature's answer to a command of `locales/commands.json` typed at the menu, with what followed the
 * command word; false when it is not for this user or the argument does not fit (the next candidate is tried).
 */
export type CommandHandler = (turn: TurnApi, arg: string | undefined) => boolean;

/** Everything the bot is built from. */
export interface BotDeps {
  db: Db;
  flows: readonly FlowDefinition[];
  menu: readonly MenuEntry[];
  logger: Logger;
  clock?: () => number;
  /** Today's date (`YYYY-MM-DD`) in the configured time zone, for a given instant. */
  today: (now: number) => string;
  defaultLocale: Locale;
  idleMinutes: number;
  expiryDays: number;
  /** `channel:chatId` keys of admins. */
  adminKeys?: readonly string[];
  /** Per-chat rate limit (default: bursts of 60, then 2 messages a second). */
  flood?: FloodGuard;
  /** Handlers of the menu-scope commands of `locales/commands.json`, by command id. */
  commands?: Partial<Record<CommandId, CommandHandler>>;
  /** Free text at the menu that no entry or command matched: return true when handled (e.g. a FAQ answer). */
  fallback?: (turn: TurnApi, text: string) => boolean;
  /**
   * A sign-up link payload arrived (`/start CODE` on Telegram, `DAFTAR CODE` on WhatsApp): return true
   * when the code was known and the arrival handled (greeting, opt-in…); an unknown code returns false
   * and is ignored politely — the user gets the normal greeting and menu.
   */
  onArrival?: (turn: TurnApi, payload: string) => boolean;
  /** `berhenti`/`stop` (true) or `mulai` (false): the user's choice about announcements. */
  onOptOut?: (turn: TurnApi, optOut: boolean) => void;
  /**
   * A document arrived: read it before the turn (reading is asynchronous, a turn is one synchronous transaction) and
   * say which open flow it is for; undefined when no flow waits for a file (the user is asked to type instead).
   */
  prepareDocument?: (arrival: DocumentArrival) => Promise<PreparedDocument | undefined>;
}

/** A document a user sent, with where their conversation stands. */
export interface DocumentArrival {
  userKey: string;
  activeFlow: string | null;
  document: IncomingDocument;
  now: number;
}

/** A document read before the turn: the flow it goes to, what was read, and a file to send back with the flow's reply. */
export interface PreparedDocument {
  flow: string;
  facts: DocumentFacts;
  reply?: Outgoing['document'];
}
