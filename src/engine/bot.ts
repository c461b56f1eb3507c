import type { Channel, Incoming, Outgoing } from '../channels/channel.ts';
import { ChannelError } from '../channels/channel.ts';
import { isValidPayload } from '../domain/signup-links.ts';
import { asLocale, type Locale, type MessageKey, type Params, t } from '../i18n.ts';
import type { Logger } from '../log.ts';
import { type ConversationRow, conversationStore, type UserRow } from '../store/conversations.ts';
import type { Db } from '../store/db.ts';
import { matchOption, normalizeAnswer, yesNo } from './answers.ts';
import { cleanText, parseCommand } from './commands.ts';
import { FloodGuard } from './flood-guard.ts';
import type { FlowEvent, Say, TurnMeta } from './flow-types.ts';
import { keyed } from './flow-types.ts';
import { KeyedQueue } from './keyed-queue.ts';
import { type FlowDefinition, runFlow, SnapshotRestoreError } from './run-flow.ts';

/** What a menu entry or a feature may do during a turn. */
export interface TurnApi {
  readonly user: UserRow;
  readonly meta: TurnMeta;
  readonly isAdmin: boolean;
  reply(key: MessageKey, params?: Params, choices?: Say['choices']): void;
  /** Starts (or resumes, when one is paused) a flow. */
  startFlow(flowId: string, input?: Record<string, unknown>): void;
  showMenu(): void;
  /** Attaches an image or a document to the last reply of this turn. */
  attach(extra: Pick<Outgoing, 'image' | 'document'>): void;
  /** Work to do after the turn committed (e.g. render a QR code); its replies go out after the turn's. */
  afterCommit(task: () => Promise<Outgoing[]>): void;
}

/** One entry of the main menu. */
export interface MenuEntry {
  id: string;
  titleKey: MessageKey;
  /** Words that pick the entry besides its number (keywords like `daftar`). */
  words: readonly string[];
  run(turn: TurnApi): void;
  /** Whether to list it for this user now (default: always). */
  visible?(turn: TurnApi): boolean;
}

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
  /** Free text at the menu that no entry matched: return true when handled (e.g. a FAQ answer). */
  fallback?: (turn: TurnApi, text: string) => boolean;
  /**
   * A sign-up link payload arrived (`/start CODE` on Telegram, `DAFTAR CODE` on WhatsApp): return true
   * when the code was known and the arrival handled (greeting, opt-in…); an unknown code returns false
   * and is ignored politely — the user gets the normal greeting and menu.
   */
  onArrival?: (turn: TurnApi, payload: string) => boolean;
  /** `berhenti`/`stop` (true) or `mulai` (false): the user's choice about announcements. */
  onOptOut?: (turn: TurnApi, optOut: boolean) => void;
}

/** The bot: one inbound message = one turn, queued per conversation. */
export interface Bot {
  /** Handles one message of a channel; resolves when its replies went out. */
  handle(channel: Channel, message: Incoming): Promise<void>;
  /** Resolves when every queued turn has finished. */
  idle(): Promise<void>;
}

const GREETINGS = new Set([
  'halo',
  'hallo',
  'hai',
  'hi',
  'hello',
  'p',
  'ping',
  'assalamualaikum',
  'permisi',
  'pagi',
  'siang',
  'sore',
  'malam',
  'selamat pagi',
  'selamat siang',
  'selamat sore',
  'selamat malam',
  'tes',
  'test',
]);

const resumeOptions = [
  { id: 'continue', words: ['lanjut', 'lanjutkan', 'continue', 'ya'] },
  { id: 'restart', words: ['ulang', 'mulai lagi', 'dari awal', 'restart', 'baru'] },
] as const;

/** Creates the bot core. */
export function createBot(deps: BotDeps): Bot {
  const store = conversationStore(deps.db);
  const queue = new KeyedQueue();
  const clock = deps.clock ?? Date.now;
  const flows = new Map(deps.flows.map((f) => [f.id, f]));
  const flood = deps.flood ?? new FloodGuard();
  const admins = new Set(['terminal:local', ...(deps.adminKeys ?? [])]);

  async function handle(channel: Channel, m: Incoming): Promise<void> {
    const key = `${channel.name}:${m.chatId}`;
    // A replayed backlog must not count against the flood limit: drop known ids before counting.
    if (store.isProcessed(channel.name, m.messageId)) return;
    const verdict = flood.take(key, clock());
    if (verdict === 'ok') return queue.run(key, () => turn(channel, key, m));
    deps.logger.warn({ key, verdict }, 'flood: message refused');
    if (verdict === 'warn') {
      const locale = asLocale(store.user(key)?.locale ?? deps.defaultLocale);
      // Queued behind the chat's pending turns so the notice arrives after their answers.
      return queue.run(key, () => channel.send(m.chatId, { text: t(locale, 'flood.slow_down') }).catch(() => undefined));
    }
  }

  async function turn(channel: Channel, key: string, m: Incoming): Promise<void> {
    // Checked again here: a redelivery queued behind its original is dropped without taking the write lock.
    if (store.isProcessed(channel.name, m.messageId)) {
      deps.logger.debug({ key, messageId: m.messageId }, 'duplicate message dropped');
      return;
    }
    const now = clock();
    let replies: Outgoing[];
    const after: (() => Promise<Outgoing[]>)[] = [];
    try {
      // Why one transaction: the snapshot, the domain writes and the processed id commit together or not at all.
      // IMMEDIATE: take the write lock first, so a busy database makes the turn wait (busy_timeout) instead of failing.
      replies = deps.db
        .transaction(() => {
          if (store.isProcessed(channel.name, m.messageId)) return [];
          const r = runTurn(channel.name, key, m, now, after);
          store.markProcessed(channel.name, m.messageId, now);
          return r;
        })
        .immediate();
    } catch (err) {
      deps.logger.error({ err, key }, 'turn failed; nothing was saved');
      const locale = asLocale(store.user(key)?.locale ?? deps.defaultLocale);
      replies = [{ text: t(locale, 'error.generic') }];
      after.length = 0;
    }
    await deliver(channel, key, m.chatId, replies);
    for (const task of after) {
      let extra: Outgoing[] = [];
      try {
        extra = await task();
      } catch (err) {
        deps.logger.error({ err, key }, 'after-commit task failed');
      }
      await deliver(channel, key, m.chatId, extra);
    }
  }

  async function deliver(channel: Channel, key: string, chatId: string, replies: Outgoing[]): Promise<void> {
    for (const reply of replies) {
      try {
        await channel.send(chatId, reply);
      } catch (err) {
        const code = err instanceof ChannelError ? err.code : 'transient';
        deps.logger.warn({ err, code, key }, 'reply not delivered');
        if (code === 'unreachable') {
          store.setUnreachable(key, clock());
          break;
        }
      }
    }
  }

  /** The synchronous heart of a turn; runs inside the transaction. */
  function runTurn(channelName: string, key: string, m: Incoming, now: number, after: (() => Promise<Outgoing[]>)[]): Outgoing[] {
    const name = m.name?.slice(0, 100) ?? null;
    let user = store.user(key);
    const isNew = !user;
    if (!user) {
      store.createUser({ key, channel: channelName, chat_id: m.chatId, name, locale: deps.defaultLocale, now });
      user = store.user(key) as UserRow;
    } else if (now - user.last_seen_at > 60_000 || (name !== null && name !== user.name) || user.unreachable_at !== null) {
      // Why not every message: one fewer row write per turn; last-seen to the minute is all anyone reads.
      store.touchUser(key, now, name);
    }

    const conv: ConversationRow = store.conversation(key) ?? { key, active_flow: null, pending: null, updated_at: now, last_choices: null };
    const lastActive = conv.updated_at;
    const out: Outgoing[] = [];
    let locale = asLocale(user.locale);
    const today = deps.today(now);
    const meta = (): TurnMeta => ({ userKey: key, locale, now, today });

    const reply = (k: MessageKey, params?: Params, choices?: Say['choices']) => {
      const text = t(locale, k, params);
      const labels = choices?.map((c) => ('raw' in c ? c.raw : t(locale, c.key, c.params)));
      out.push(labels?.length ? { text, choices: labels } : { text });
    };

    const pausedFlows = () => store.flowStates(key).filter((r) => flows.has(r.flow_id));

    const menuChoices = (api: TurnApi) => {
      const paused = pausedFlows().map((r) => ({ id: `resume:${r.flow_id}`, title: flows.get(r.flow_id)?.titleKey as MessageKey }));
      const entries = deps.menu.filter((e) => e.visible?.(api) ?? true);
      return { paused, entries };
    };

    const showMenu = () => {
      const { paused, entries } = menuChoices(api);
      const choices = [
        ...paused.map((p) => ({ key: 'menu.resume_entry' as MessageKey, params: { flow: { key: p.title } } })),
        ...entries.map((e) => ({ key: e.titleKey })),
      ];
      reply('menu.prompt', {}, choices);
    };

    const dropFlow = (flowId: string) => {
      store.deleteFlowState(key, flowId);
      if (conv.active_flow === flowId) conv.active_flow = null;
    };

    /** Sends one event into a flow (or starts it) and turns what it says into replies. */
    const step = (flowId: string, event: FlowEvent | undefined, input: Record<string, unknown> = {}) => {
      const def = flows.get(flowId);
      if (!def) throw new Error(`unknown flow ${flowId}`);
      const row = store.flowState(key, flowId);
      if (row && row.version !== def.version) return resetFlow(flowId);
      let result: ReturnType<typeof runFlow>;
      try {
        const stored = row ? { snapshot: JSON.parse(row.snapshot) as unknown } : undefined;
        const startInput = row ? (JSON.parse(row.input) as Record<string, unknown>) : input;
        result = runFlow(def, stored, event, { ...startInput, meta: meta() });
        for (const s of result.says) reply(s.key, s.params, s.choices);
        if (result.done) {
          dropFlow(flowId);
          if (result.output?.next) return step(result.output.next.flow, undefined, result.output.next.input);
          if (result.output?.showMenu) showMenu();
          return;
        }
        store.saveFlowState({
          key,
          flow_id: flowId,
          version: def.version,
          snapshot: JSON.stringify(result.snapshot),
          input: row?.input ?? JSON.stringify(input),
          updated_at: now,
        });
        conv.active_flow = flowId;
      } catch (err) {
        if (!(err instanceof SnapshotRestoreError) && !(err instanceof SyntaxError)) throw err;
        deps.logger.warn({ err, key, flowId }, 'stored snapshot could not be restored; conversation reset');
        resetFlow(flowId);
      }
    };

    const resetFlow = (flowId: string) => {
      dropFlow(flowId);
      reply('flow.reset');
      showMenu();
    };

    const startFlow = (flowId: string, input: Record<string, unknown> = {}) => {
      if (store.flowState(key, flowId)) {
        reply('flow.resuming', { flow: { key: flows.get(flowId)?.titleKey as MessageKey } });
        step(flowId, { type: 'flow.resume', meta: meta() });
      } else step(flowId, undefined, input);
    };

    const api: TurnApi = {
      user,
      get meta() {
        return meta();
      },
      isAdmin: admins.has(key),
      reply,
      startFlow,
      showMenu,
      attach(extra) {
        const last = out.at(-1);
        if (last) Object.assign(last, extra);
        else out.push({ text: '', ...extra });
      },
      afterCommit(task) {
        after.push(task);
      },
    };

    const reprompt = () => {
      if (conv.active_flow) step(conv.active_flow, { type: 'flow.resume', meta: meta() });
      else showMenu();
    };

    // Flows idle past the expiry are dropped, with a one-line notice.
    const expiryMs = deps.expiryDays * 86_400_000;
    for (const r of store.flowStates(key)) {
      if (now - r.updated_at > expiryMs) {
        dropFlow(r.flow_id);
        const title = flows.get(r.flow_id)?.titleKey;
        if (title) reply('flow.expired', { flow: { key: title }, days: deps.expiryDays });
      }
    }

    const typed = cleanText(m.text);
    const command = m.kind && m.kind !== 'text' ? undefined : parseCommand(typed);
    const text = command ? typed : labelToNumber(typed, conv.last_choices);

    // Sign-up links: `/start CODE` (Telegram deep link) or `DAFTAR CODE` (WhatsApp wa.me prefilled text).
    const payload = command?.name === 'start' ? command.payload : signupPayload(typed);
    // A known code greets, joins and asks; an unknown one ("daftar sendiri" is words, not a code) is handled as usual.
    const arrived = (): boolean => {
      if (!payload || !deps.onArrival || conv.active_flow || conv.pending) return false;
      const before = out.length;
      if (!deps.onArrival(api, payload)) return false;
      out.splice(before, 0, { text: t(locale, isNew ? 'greeting.first' : 'greeting.again') });
      return true;
    };

    if (arrived()) {
      // Greeted and joined by onArrival.
    } else if (isNew) {
      reply('greeting.first');
      if (command?.name !== 'start' && !GREETINGS.has(normalizeAnswer(text)) && text && tryMenuEntry(text)) {
        // A first message that already names what they want (e.g. "daftar") goes straight there.
      } else showMenu();
    } else if (m.kind && m.kind !== 'text') {
      reply('input.not_text');
      if (conv.active_flow) reprompt();
    } else if (!text) {
      reply('input.empty');
      reprompt();
    } else if (conv.pending) {
      handlePending(command);
    } else if (command) {
      handleCommand(command);
    } else if (conv.active_flow) {
      if (now - lastActive > deps.idleMinutes * 60_000) {
        conv.pending = 'resume';
        reply(
          'resume.ask',
          { flow: { key: flows.get(conv.active_flow)?.titleKey as MessageKey } },
          keyed('resume.continue', 'resume.restart'),
        );
      } else step(conv.active_flow, { type: 'user.text', text, meta: meta() });
    } else {
      menuInput();
    }

    conv.updated_at = now;
    const lastChoices = out.findLast((o) => o.choices?.length)?.choices;
    conv.last_choices = lastChoices ? JSON.stringify(lastChoices) : null;
    store.saveConversation(conv);
    return out;

    function tryMenuEntry(input: string): boolean {
      const { paused, entries } = menuChoices(api);
      const options = [
        ...paused.map((p) => ({ id: p.id, words: [] as string[] })),
        ...entries.map((e) => ({ id: e.id, words: [...e.words, t(locale, e.titleKey)] })),
      ];
      // Strict: at the menu a sentence ("cek kpj gmn") is a question for the fallback, not the "cek" entry.
      const picked = matchOption(input, options, { strict: true });
      if (!picked) return false;
      if (picked.startsWith('resume:')) startFlow(picked.slice('resume:'.length));
      else entries.find((e) => e.id === picked)?.run(api);
      return true;
    }

    function menuInput() {
      if (GREETINGS.has(normalizeAnswer(text))) {
        reply('greeting.again');
        showMenu();
        return;
      }
      if (tryMenuEntry(text)) return;
      if (deps.fallback?.(api, text)) return;
      reply('menu.unknown');
      showMenu();
    }

    function handleCommand(c: NonNullable<typeof command>) {
      switch (c.name) {
        case 'start':
          reply('greeting.again');
          showMenu();
          return;
        case 'optout':
        case 'optin':
          if (deps.onOptOut) deps.onOptOut(api, c.name === 'optout');
          else reply('help.text');
          if (conv.active_flow) reprompt();
          return;
        case 'menu':
          // The open flow stays stored and the menu offers to continue it, unless it is a transient one (a topic list).
          if (conv.active_flow && flows.get(conv.active_flow)?.transient) dropFlow(conv.active_flow);
          conv.active_flow = null;
          showMenu();
          return;
        case 'help':
          reply('help.text');
          reprompt();
          return;
        case 'language':
          locale = locale === 'id' ? 'en' : 'id';
          store.setLocale(key, locale);
          reply('language.switched');
          reprompt();
          return;
        case 'cancel':
          if (!conv.active_flow) {
            reply('cancel.nothing');
            showMenu();
            return;
          }
          conv.pending = 'cancel';
          reply('cancel.confirm', { flow: { key: flows.get(conv.active_flow)?.titleKey as MessageKey } }, keyed('common.yes', 'common.no'));
          return;
        case 'back':
          if (!conv.active_flow) {
            reply('back.at_menu');
            showMenu();
            return;
          }
          step(conv.active_flow, { type: 'flow.back', meta: meta() });
          return;
      }
    }

    function handlePending(c: typeof command) {
      const pending = conv.pending;
      const flowId = conv.active_flow;
      if (!flowId) {
        conv.pending = null;
        return c ? handleCommand(c) : menuInput();
      }
      if (pending === 'cancel') {
        const answer = c?.name === 'cancel' ? 'yes' : matchOption(text, yesNo);
        if (answer === 'yes') {
          conv.pending = null;
          dropFlow(flowId);
          reply('cancel.done');
          showMenu();
        } else if (answer === 'no') {
          conv.pending = null;
          reply('cancel.kept');
          reprompt();
        } else if (c) {
          conv.pending = null;
          handleCommand(c);
        } else reply('cancel.confirm_again', {}, keyed('common.yes', 'common.no'));
        return;
      }
      // pending === 'resume'
      const answer = matchOption(text, resumeOptions);
      if (answer === 'continue') {
        conv.pending = null;
        reprompt();
      } else if (answer === 'restart') {
        conv.pending = null;
        const input = JSON.parse(store.flowState(key, flowId)?.input ?? '{}') as Record<string, unknown>;
        dropFlow(flowId);
        step(flowId, undefined, input);
      } else if (c) {
        conv.pending = null;
        handleCommand(c);
      } else reply('resume.ask_again', {}, keyed('resume.continue', 'resume.restart'));
    }
  }

  return { handle, idle: () => queue.idle() };
}

/**
 * A tapped keyboard button (or a label typed out in full) counts as the choice's number, so flows
 * only ever deal with numbers and their own words, whatever the locale or channel.
 */
function labelToNumber(text: string, lastChoices: string | null): string {
  if (!lastChoices || !text) return text;
  const wanted = normalizeAnswer(text);
  const labels = JSON.parse(lastChoices) as string[];
  const i = labels.findIndex((l) => normalizeAnswer(l) === wanted);
  return i >= 0 ? String(i + 1) : text;
}

/** The code in WhatsApp's prefilled sign-up text `DAFTAR CODE` (any case), if it is a valid payload. */
function signupPayload(text: string): string | undefined {
  const code = /^daftar\s+(\S+)$/i.exec(text)?.[1];
  return code && isValidPayload(code) ? code : undefined;
}
