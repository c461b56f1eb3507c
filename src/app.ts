import type { Channel } from './channels/channel.ts';
import type { Config } from './config.ts';
import { startOutboxRunner } from './delivery/outbox-runner.ts';
import { outboxLimits } from './delivery/pacing.ts';
import type { Vault } from './domain/vault.ts';
import { type Bot, type CommandHandler, createBot, type MenuEntry, type TurnApi } from './engine/bot.ts';
import { type CommandId, commandWords } from './engine/command-table.ts';
import { helpParams } from './engine/help.ts';
import type { FlowDefinition } from './engine/run-flow.ts';
import { communityFeature } from './features/communities.ts';
import { faqFeature } from './features/coverage-questions.ts';
import { loadLearnedPhrases } from './features/faq-learning.ts';
import { panelBaseUrl, panelLinkFeature } from './features/panel-link.ts';
import { privacyFeature } from './features/privacy.ts';
import { referralFeature } from './features/referrals.ts';
import { reminderFeature } from './features/reminders.ts';
import { villageFeature } from './features/villages/index.ts';
import { desaSummaryJob } from './jobs/desa-summary.ts';
import { reminderSettings } from './jobs/reminder-plan.ts';
import { reminderJob } from './jobs/reminder-scheduler.ts';
import { retentionJob } from './jobs/retention.ts';
import { startJobs } from './jobs/scheduler.ts';
import type { Logger } from './log.ts';
import { desaStatsText } from './reports/desa-stats.ts';
import { startCheckpointer } from './store/checkpoint.ts';
import { conversationStore } from './store/conversations.ts';
import type { Db } from './store/db.ts';
import { startHeartbeat } from './store/heartbeat.ts';
import { todayIn } from './util/time.ts';

/** What the app is built from. */
export interface AppDeps {
  db: Db;
  config: Config;
  logger: Logger;
  vault: Vault;
  /** The running channels (filled by the caller), for outbox delivery. */
  channels: readonly Channel[];
  clock?: () => number;
}

/** The flows, menu entries, command handlers and fallback daftarin offers, wired to their dependencies. */
export function buildFeatures(deps: AppDeps): {
  flows: FlowDefinition[];
  menu: MenuEntry[];
  commands: Partial<Record<CommandId, CommandHandler>>;
  fallback: (t: TurnApi, text: string) => boolean;
  communities: ReturnType<typeof communityFeature>;
  villages: ReturnType<typeof villageFeature>;
  reminders: ReturnType<typeof reminderFeature>;
  /** The registration's last step (referral row, attribution, share code) outside the flow. */
  submitRegistration: ReturnType<typeof referralFeature>['submitRegistration'];
} {
  const communities = communityFeature({
    db: deps.db,
    linkTargets: () => linkTargetsOf(deps.config, deps.channels),
    targetPerDesa: deps.config.DESA_TARGET,
    statsSection: (communityId, locale) => desaStatsText(deps.db, communityId, locale),
    superAdmins: adminKeys(deps.config),
  });
  const referrals = referralFeature({
    db: deps.db,
    vault: deps.vault,
    minAge: deps.config.MIN_AGE,
    maxAge: deps.config.MAX_AGE,
    timeZone: deps.config.TIMEZONE,
    attribution: communities.attributionOf,
    share: (userKey, now) => communities.personalShare(userKey, now),
  });
  const reminders = reminderFeature({ db: deps.db, reminderDay: deps.config.REMINDER_DAY });
  const privacy = privacyFeature({ db: deps.db });
  const villages = villageFeature({
    db: deps.db,
    vault: deps.vault,
    superAdmins: adminKeys(deps.config),
    target: deps.config.DESA_TARGET,
    minAge: deps.config.MIN_AGE,
    maxAge: deps.config.MAX_AGE,
    timeZone: deps.config.TIMEZONE,
    linkTargets: () => linkTargetsOf(deps.config, deps.channels),
  });
  const faq = faqFeature({ db: deps.db, minAge: deps.config.MIN_AGE, maxAge: deps.config.MAX_AGE });
  loadLearnedPhrases(deps.db);
  const menu: MenuEntry[] = [
    ...referrals.menu,
    ...faq.menu,
    // Admin entries last: participants (most users) see a short menu; admins see theirs below it.
    ...communities.menu,
    ...villages.menu,
    {
      id: 'help',
      titleKey: 'menu.help',
      words: commandWords('help'),
      run: (t) => {
        t.reply('help.text', helpParams(t.meta.locale));
        t.showMenu();
      },
    },
  ];
  const panel = panelLinkFeature({ db: deps.db, superAdmins: adminKeys(deps.config), panelUrl: panelBaseUrl(deps.config) });
  return {
    flows: [...referrals.flows, ...communities.flows, ...faq.flows, ...privacy.flows, ...villages.flows],
    menu,
    commands: mergeCommands(
      privacy.commands,
      referrals.commands,
      communities.commands,
      faq.commands,
      reminders.commands,
      villages.commands,
      panel.commands,
    ),
    // An open reminder offer takes its yes/no before the FAQ sees the words.
    fallback: (t, text) => reminders.answerOffer(t, text) || faq.fallback(t, text),
    communities,
    reminders,
    villages,
    submitRegistration: referrals.submitRegistration,
  };
}

/** The features' command handlers in one map; two features answering one command is a wiring mistake. */
function mergeCommands(...parts: Partial<Record<CommandId, CommandHandler>>[]): Partial<Record<CommandId, CommandHandler>> {
  const all: Partial<Record<CommandId, CommandHandler>> = {};
  for (const part of parts)
    for (const [id, handler] of Object.entries(part) as [CommandId, CommandHandler][]) {
      if (all[id]) throw new Error(`two features handle the command ${id}`);
      all[id] = handler;
    }
  return all;
}

/** `channel:chatId` keys of the super-admins: ADMIN_IDS and the terminal user. */
export function adminKeys(config: Config): string[] {
  return [...config.ADMIN_IDS, `terminal:${config.TERMINAL_USER}`];
}

/** The bot's Telegram username and WhatsApp number for sign-up links (the username may only be known once Telegram started). */
export function linkTargetsOf(config: Config, channels: readonly Channel[]): { telegramUsername?: string; whatsappNumber?: string } {
  return { telegramUsername: config.TELEGRAM_BOT_USERNAME ?? telegramUsername(channels), whatsappNumber: config.WHATSAPP_NUMBER };
}

/** The running Telegram channel's username (known once it started), for t.me links. */
function telegramUsername(channels: readonly Channel[]): string | undefined {
  const telegram = channels.find((c) => c.name === 'telegram') as (Channel & { username?: string }) | undefined;
  return telegram?.username;
}

/** The bot as production runs it, plus its background work; shared by `main.ts` and end-to-end tests. */
export function buildApp(deps: AppDeps): { bot: Bot; startBackground(): void; stop(): Promise<void> } {
  const { flows, menu, commands, fallback, communities, reminders, villages } = buildFeatures(deps);
  const bot = createBot({
    db: deps.db,
    flows,
    menu,
    commands,
    fallback,
    logger: deps.logger,
    clock: deps.clock,
    today: (now) => todayIn(deps.config.TIMEZONE, now),
    defaultLocale: deps.config.DEFAULT_LOCALE,
    idleMinutes: deps.config.CONVERSATION_IDLE_MINUTES,
    expiryDays: deps.config.CONVERSATION_EXPIRY_DAYS,
    adminKeys: adminKeys(deps.config),
    onArrival: communities.onArrival,
    prepareDocument: villages.prepareDocument,
    onOptOut: (t, optOut) => {
      communities.onOptOut(t, optOut);
      reminders.onOptOut(t, optOut);
    },
  });
  let outbox: { stop(): Promise<void> } | undefined;
  let pruner: NodeJS.Timeout | undefined;
  let checkpointer: { stop(): void } | undefined;
  let heartbeat: { stop(): void } | undefined;
  let jobs: { stop(): void } | undefined;
  return {
    bot,
    startBackground() {
      outbox = startOutboxRunner(deps.db, deps.channels, deps.logger, {
        limits: outboxLimits(deps.config),
        timeZone: deps.config.TIMEZONE,
      });
      // Platforms redeliver within hours; a week of processed ids is plenty and keeps the table small.
      const prune = () => conversationStore(deps.db).pruneProcessed(Date.now() - 7 * 86_400_000);
      prune();
      pruner = setInterval(prune, 3_600_000);
      pruner.unref();
      checkpointer = startCheckpointer(deps.db);
      // Tells `rotate-key` (and any offline tool) that a bot is writing to this database now.
      heartbeat = startHeartbeat(deps.db, deps.clock);
      // Retention (UU 27/2022): at start, then hourly as the jobs table says.
      const retention = retentionJob(deps.db, {
        draftDays: deps.config.CONVERSATION_EXPIRY_DAYS,
        retentionDays: deps.config.RETENTION_DAYS,
      });
      const reminders = reminderJob(deps.db, reminderSettings(deps.config), deps.config.REMINDER_CHECK_MINUTES * 60_000);
      const summaries = desaSummaryJob(deps.db, deps.config.TIMEZONE);
      jobs = startJobs(deps.db, [retention, reminders, summaries], { logger: deps.logger, clock: deps.clock });
    },
    async stop() {
      clearInterval(pruner);
      checkpointer?.stop();
      jobs?.stop();
      await outbox?.stop();
      await bot.idle();
      // Last: until the turns in flight are done, the bot still writes with its key.
      heartbeat?.stop();
    },
  };
}
