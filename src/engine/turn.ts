import type { Incoming, Outgoing } from '../channels/channel.ts';
import { isValidPayload } from '../domain/signup-links.ts';
import { asLocale, type Locale, type MessageKey, type Params, t } from '../i18n.ts';
import type { ConversationRow, conversationStore, UserRow } from '../store/conversations.ts';
import { sanitizeLine } from '../util/sanitize.ts';
import { normalizeAnswer, soundsLikeQuestion } from './answers.ts';
import type { AfterCommitTask, BotDeps, PreparedDocument, TurnApi } from './bot-types.ts';
import { commandArg, isMenuCommandWord } from './command-table.ts';
import { type Command, cleanText, parseCommand } from './commands.ts';
import type { FlowEvent, FlowOutput, Say, TurnMeta } from './flow-types.ts';
import { runGlobalCommand } from './global-commands.ts';
import { isGreeting } from './greetings.ts';
import { actOnIntent, followIntent } from './intent-routing.ts';
import { detectIntent, type Intent, isSalam } from './intents.ts';
import { menuInput, showMenu, tryCommandWord, tryMenuEntry } from './menu.ts';
import { answerPending, askResume } from './pending.ts';
import { type FlowDefinition, runFlow, SnapshotRestoreError } from './run-flow.ts';

/** What every turn shares, built once with the bot. */
export interface TurnContext {
  deps: BotDeps;
  store: ReturnType<typeof conversationStore>;
  flows: ReadonlyMap<string, FlowDefinition>;
  admins: ReadonlySet<string>;
}

/**
 * One inbound message, handled synchronously inside the turn's transaction: loads the user and the
 * conversation, `dispatch()`es the message, and collects the replies (sent by the bot after commit).
 */
export class Turn implements TurnApi {
  readonly user: UserRow;
  readonly isAdmin: boolean;
  /** First message ever from this chat. */
  readonly isNew: boolean;
  readonly conv: ConversationRow;
  /** Replies, in order; sent after the transaction committed. */
  readonly out: Outgoing[] = [];
  /** Work to run after commit (see {@link TurnApi.afterCommit}). */
  readonly afterTasks: AfterCommitTask[] = [];
  locale: Locale;
  /** The message as flows see it: cleaned, a tapped button turned into its number. */
  text = '';
  /** The global command the message is, if any. */
  command: Command | undefined;
  /** The last flow step refused the message (the flow stays at its question). */
  private refused = false;
  /** Flow steps run this turn, to tell whether a command moved a flow itself. */
  private steps = 0;
  /** The message's intent once read: at a question both the officer check and a refused answer need it. */
  private intentRead: { intent: Intent | undefined } | undefined;
  private readonly lastActive: number;
  private readonly today: string;

  constructor(
    readonly ctx: TurnContext,
    private readonly channelName: string,
    readonly key: string,
    private readonly message: Incoming,
    readonly now: number,
    /** A document read before the turn for the flow waiting for it. */
    private readonly document?: PreparedDocument,
  ) {
    const { user, isNew } = this.loadUser();
    this.user = user;
    this.isNew = isNew;
    this.isAdmin = ctx.admins.has(key);
    this.conv = ctx.store.conversation(key) ?? { key, active_flow: null, pending: null, updated_at: now, last_choices: null };
    this.lastActive = this.conv.updated_at;
    this.locale = asLocale(user.locale);
    this.today = ctx.deps.today(now);
  }

  private loadUser(): { user: UserRow; isNew: boolean } {
    const { store, deps } = this.ctx;
    // Why sanitised: the display name is shown to community admins (top referrers, CSV) and must not reorder their text.
    const name = this.message.name === undefined ? null : sanitizeLine(this.message.name).slice(0, 100) || null;
    const user = store.user(this.key);
    if (!user) {
      store.createUser({
        key: this.key,
        channel: this.channelName,
        chat_id: this.message.chatId,
        name,
        locale: deps.defaultLocale,
        now: this.now,
      });
      return { user: store.user(this.key) as UserRow, isNew: true };
    }
    if (this.now - user.last_seen_at > 60_000 || (name !== null && name !== user.name) || user.unreachable_at !== null) {
      // Why not every message: one fewer row write per turn; last-seen to the minute is all anyone reads.
      store.touchUser(this.key, this.now, name);
    }
    return { user, isNew: false };
  }

  get meta(): TurnMeta {
    return { userKey: this.key, locale: this.locale, now: this.now, today: this.today };
  }

  reply(key: MessageKey, params?: Params, choices?: Say['choices']): void {
    const text = t(this.locale, key, params);
    const labels = choices?.map((c) => ('raw' in c ? c.raw : t(this.locale, c.key, c.params)));
    this.out.push(labels?.length ? { text, choices: labels } : { text });
  }

  attach(extra: Pick<Outgoing, 'image' | 'document'>): void {
    const last = this.out.at(-1);
    if (last) Object.assign(last, extra);
    else this.out.push({ text: '', ...extra });
  }

  afterCommit(task: AfterCommitTask): void {
    this.afterTasks.push(task);
  }

  showMenu(): void {
    showMenu(this);
  }

  /** The locale key of a flow's name, for "continue …" entries and notices. */
  titleOf(flowId: string): MessageKey {
    return this.ctx.flows.get(flowId)?.titleKey as MessageKey;
  }

  /** Switches the user's language for this turn's replies and the next ones. */
  setLocale(locale: Locale): void {
    this.locale = locale;
    this.ctx.store.setLocale(this.key, locale);
  }

  openFlow(): { id: string; titleKey: MessageKey } | undefined {
    const id = this.conv.active_flow;
    const def = id ? this.ctx.flows.get(id) : undefined;
    return id && def?.titleKey && !def.transient ? { id, titleKey: def.titleKey as MessageKey } : undefined;
  }

  startFlow(flowId: string, input: Record<string, unknown> = {}): void {
    if (this.ctx.store.flowState(this.key, flowId)) {
      this.reply('flow.resuming', { flow: { key: this.titleOf(flowId) } });
      this.step(flowId, { type: 'flow.resume', meta: this.meta });
    } else this.step(flowId, undefined, input);
  }

  /** Sends one event into a flow (or starts it) and turns what it says into replies. */
  step(flowId: string, event: FlowEvent | undefined, input: Record<string, unknown> = {}): void {
    const { store, flows, deps } = this.ctx;
    const def = flows.get(flowId);
    if (!def) throw new Error(`unknown flow ${flowId}`);
    this.steps++;
    const row = store.flowState(this.key, flowId);
    if (row && row.version !== def.version) {
      this.resetFlow(flowId);
      return;
    }
    try {
      const stored = row ? { snapshot: JSON.parse(row.snapshot) as unknown } : undefined;
      const startInput = row ? (JSON.parse(row.input) as Record<string, unknown>) : input;
      const result = runFlow(def, stored, event, { ...startInput, meta: this.meta });
      this.refused = result.says.some((s) => s.refusal);
      for (const s of result.says) this.reply(s.key, s.params, s.choices);
      if (result.done) {
        this.finishFlow(flowId, result.output);
        return;
      }
      store.saveFlowState({
        key: this.key,
        flow_id: flowId,
        version: def.version,
        snapshot: JSON.stringify(result.snapshot),
        input: row?.input ?? JSON.stringify(input),
        updated_at: this.now,
      });
      this.conv.active_flow = flowId;
    } catch (err) {
      if (!(err instanceof SnapshotRestoreError) && !(err instanceof SyntaxError)) throw err;
      deps.logger.warn({ err, key: this.key, flowId }, 'stored snapshot could not be restored; conversation reset');
      this.resetFlow(flowId);
    }
  }

  /** A flow ended: forget it, then start the flow it hands over to, or show the menu when it asks. */
  private finishFlow(flowId: string, output: FlowOutput | undefined): void {
    this.dropFlow(flowId);
    if (output?.next) this.step(output.next.flow, undefined, output.next.input);
    else if (output?.handOver) menuInput(this);
    else if (output?.showMenu) showMenu(this, output.menuPrompt);
  }

  /** Forgets a flow's stored state (and leaves it, when it is the open one). */
  dropFlow(flowId: string): void {
    this.ctx.store.deleteFlowState(this.key, flowId);
    if (this.conv.active_flow === flowId) this.conv.active_flow = null;
  }

  private resetFlow(flowId: string): void {
    this.dropFlow(flowId);
    this.reply('flow.reset');
    this.showMenu();
  }

  /** Asks the open flow's current question again, or shows the menu when no flow is open. */
  reprompt(): void {
    if (this.conv.active_flow) this.step(this.conv.active_flow, { type: 'flow.resume', meta: this.meta });
    else this.showMenu();
  }

  /** Handles the message and returns the replies; the conversation row is saved on the way out. */
  dispatch(): Outgoing[] {
    this.expireStale();
    const typed = cleanText(this.message.text);
    this.command = this.isText() ? parseCommand(typed) : undefined;
    this.text = this.command ? typed : labelToNumber(typed, this.conv.last_choices);
    this.route(typed);
    this.conv.updated_at = this.now;
    const lastChoices = this.out.findLast((o) => o.choices?.length)?.choices;
    this.conv.last_choices = lastChoices ? JSON.stringify(lastChoices) : null;
    this.ctx.store.saveConversation(this.conv);
    return this.out;
  }

  private isText(): boolean {
    return !this.message.kind || this.message.kind === 'text';
  }

  private route(typed: string): void {
    if (this.arrived(typed)) return; // Greeted and joined by onArrival.
    if (this.isNew) this.greetNewcomer();
    else if (this.document && this.conv.active_flow === this.document.flow) this.giveDocument(this.document);
    else if (!this.isText()) {
      this.reply('input.not_text');
      if (this.conv.active_flow) this.reprompt();
    } else if (!this.text) {
      this.reply('input.empty');
      this.reprompt();
    } else if (this.conv.pending && answerPending(this)) {
      // The answer to last turn's question.
    } else if (this.command) runGlobalCommand(this, this.command);
    else if (this.conv.active_flow) this.continueFlow(this.conv.active_flow);
    else menuInput(this);
  }

  /**
   * Sign-up links: `/start CODE` (Telegram deep link) or `DAFTAR CODE` (WhatsApp wa.me prefilled text).
   * A known code greets, joins and asks; an unknown one ("daftar sendiri" is words, not a code) is handled as usual.
   */
  private arrived(typed: string): boolean {
    const { onArrival } = this.ctx.deps;
    // Why the cheap checks first: every message passes here, and reading a sign-up code is for the few that carry one.
    if (!onArrival || this.conv.active_flow || this.conv.pending) return false;
    const payload = this.command?.name === 'start' ? this.command.payload : signupPayload(typed);
    if (!payload) return false;
    const before = this.out.length;
    if (!onArrival(this, payload)) return false;
    this.out.splice(before, 0, { text: t(this.locale, this.isNew ? 'greeting.first' : 'greeting.again') });
    return true;
  }

  /** The waiting flow gets what was read from the document; the file the feature made (an error file) goes with its first reply. */
  private giveDocument(document: PreparedDocument): void {
    const first = this.out.length;
    this.step(document.flow, { type: 'user.document', file: document.facts, meta: this.meta });
    const reply = this.out[first];
    if (document.reply && reply) reply.document = document.reply;
    else if (document.reply) this.attach({ document: document.reply });
  }

  private greetNewcomer(): void {
    if (isSalam(this.text)) this.reply('greeting.salam');
    this.reply('greeting.first');
    // A first message that already names what they want ("daftar", "mau daftarin ART saya") goes straight there.
    const wants = this.command?.name !== 'start' && !isGreeting(this.text) && !isSalam(this.text) && this.text;
    if (!wants || !(tryMenuEntry(this, this.text) || followIntent(this, this.text))) this.showMenu();
  }

  private continueFlow(flowId: string): void {
    if (this.now - this.lastActive > this.ctx.deps.idleMinutes * 60_000) {
      askResume(this, flowId);
      return;
    }
    const before = this.out.length;
    if (this.officerFirst(flowId, before) || this.commandFirst(flowId, before)) return;
    this.step(flowId, { type: 'user.text', text: this.text, meta: this.meta });
    if (this.refused) this.insteadOfRefusal(flowId, before);
  }

  /**
   * The flow refused the message as an answer: maybe it was no answer but a menu command ("berhenti pengingat"),
   * an intent ("mau daftar…", "english please") or a question ("jht itu apa": a short answer, then the same
   * question again).
   */
  private insteadOfRefusal(flowId: string, before: number): void {
    const intent = this.intent();
    // "english please" or "mau daftar…" typed at a question: done at once (a language switch asks it again).
    const act = () => tryCommandWord(this, this.text) || (intent !== undefined && intent.kind !== 'resume' && actOnIntent(this, intent));
    if (this.doneInstead(flowId, before, act)) return;
    if (!soundsLikeQuestion(this.text)) return;
    const aside = this.ctx.deps.menu.map((e) => e.aside?.(this, this.text)).find((a) => a !== undefined);
    if (!aside) return;
    this.out.splice(before);
    this.reply(aside.key, aside.params);
    this.step(flowId, { type: 'flow.resume', meta: this.meta });
  }

  /**
   * Does what the message asks instead of answering (replies from `before` on are dropped, kept when `act` declines).
   * The open flow stays as it was; when nothing moved a flow (opening another one pauses this one), the question
   * is asked again so the user sees how to go on.
   */
  private doneInstead(flowId: string, before: number, act: () => boolean): boolean {
    const refusal = this.out.splice(before);
    const steps = this.steps;
    if (!act()) {
      this.out.push(...refusal);
      return false;
    }
    this.backToQuestion(flowId, steps);
    return true;
  }

  /** The open flow's question again after something done instead of an answer, unless a flow moved since `steps`. */
  private backToQuestion(flowId: string, steps: number): void {
    // Why count steps: "daftar" at the registration resumes it itself; its question must not come twice.
    if (this.conv.active_flow !== flowId || this.steps !== steps) return;
    this.reply('flow.aside_back');
    this.step(flowId, { type: 'flow.resume', meta: this.meta });
  }

  /**
   * A menu command word ("status", "berhenti pengingat") is the command, not an answer, unless it picks one of the
   * choices offered ("diri sendiri" to "for whom?"): a question that also takes free text (a name, a described
   * occupation) would otherwise store it. A transient flow (the topic list) hands what it cannot use to the menu
   * itself ("daftar" after an answer).
   */
  private commandFirst(flowId: string, before: number): boolean {
    if (!isMenuCommandWord(this.text) || picksOffered(this.text, this.conv.last_choices)) return false;
    if (this.ctx.flows.get(flowId)?.transient) return false;
    return this.doneInstead(flowId, before, () => tryCommandWord(this, this.text));
  }

  /** What the message asks for besides an answer, read once per turn. */
  private intent(): Intent | undefined {
    this.intentRead ??= { intent: detectIntent(this.text) };
    return this.intentRead.intent;
  }

  /**
   * "sy kepala desa mau daftarin warga" at any question: the desa request, before the flow can take the sentence
   * for an answer (a name). When it names the flow already open (the request's own question), it is an answer.
   */
  private officerFirst(flowId: string, before: number): boolean {
    const intent = this.intent();
    if (intent?.kind !== 'officer' || !intent.registering) return false;
    const steps = this.steps;
    if (!actOnIntent(this, intent)) return false;
    if (this.conv.active_flow === flowId && this.steps !== steps) {
      this.out.splice(before);
      return false;
    }
    this.backToQuestion(flowId, steps);
    return true;
  }

  /** Flows idle past the expiry are dropped, with a one-line notice. */
  private expireStale(): void {
    const { store, flows, deps } = this.ctx;
    const expiryMs = deps.expiryDays * 86_400_000;
    for (const r of store.flowStates(this.key)) {
      if (this.now - r.updated_at <= expiryMs) continue;
      this.dropFlow(r.flow_id);
      const title = flows.get(r.flow_id)?.titleKey;
      if (title) this.reply('flow.expired', { flow: { key: title }, days: deps.expiryDays });
    }
  }
}

/**
 * A tapped keyboard button (or a label typed out in full) counts as the choice's number, so flows
 * only ever deal with numbers and their own words, whatever the locale or channel.
 */
/** Whether `text` picks one of the offered choices: its number, or words all found in one choice's label. */
function picksOffered(text: string, lastChoices: string | null): boolean {
  if (!lastChoices) return false;
  const labels = JSON.parse(lastChoices) as string[];
  if (/^\d+$/.test(text)) return Number(text) >= 1 && Number(text) <= labels.length;
  const words = normalizeAnswer(text).split(' ');
  return labels.some((l) => {
    const label = new Set(normalizeAnswer(l).split(' '));
    return words.every((w) => label.has(w));
  });
}

function labelToNumber(text: string, lastChoices: string | null): string {
  if (!lastChoices || !text) return text;
  const wanted = normalizeAnswer(text);
  const labels = JSON.parse(lastChoices) as string[];
  const i = labels.findIndex((l) => normalizeAnswer(l) === wanted);
  return i >= 0 ? String(i + 1) : text;
}

/** The code in WhatsApp's prefilled sign-up text `DAFTAR CODE` (any case), if it is a valid payload. */
export function signupPayload(text: string): string | undefined {
  const code = commandArg('signup', text);
  return code && isValidPayload(code) ? code : undefined;
}
