import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { adminKeys, buildApp, linkTargetsOf } from './app.ts';
import type { Channel } from './channels/channel.ts';
import { type ChannelSupervisor, superviseChannels } from './channels/supervisor.ts';
import { createTerminalChannel } from './channels/terminal.ts';
import { type Config, ConfigError, channelStartTimeoutMs, loadConfig } from './config.ts';
import { warmAreas } from './domain/areas.ts';
import type { Vault } from './domain/vault.ts';
import { panelBaseUrl } from './features/panel-link.ts';
import { type HealthReport, healthReport, memoryFigures } from './health/report.ts';
import { type HealthServer, startHealthServer } from './health/server.ts';
import { createLogger, type Logger } from './log.ts';
import type { RunningPanel } from './panel/server.ts';
import { openDataVault } from './store/data-key.ts';
import type { Db } from './store/db.ts';
import { openDatabase } from './store/db.ts';
import { outboxStore } from './store/outbox.ts';

/** Composition root: config → store → bot → channels → start; stops cleanly on signals or end of input. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`daftarin: ${err.message}\nSee .env.example for every variable.\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.LOG_LEVEL);
  // Started first so that reading the area file overlaps opening the database and the channels; awaited below.
  const areasLoaded = warmAreas();
  const db = openDatabase(config.DATABASE_PATH);
  // A wrong or missing key stops the start here (one line, exit 1), before any message is handled.
  const vault = openDataVault(db, {
    dataKeyHex: config.DATA_KEY,
    keyFile: join(dirname(config.DATABASE_PATH), 'secret.key'),
    warn: (msg) => logger.warn(msg),
  });
  const opened: Channel[] = [];
  for (const name of config.CHANNELS) opened.push(await openChannel(name, config, logger, () => void onTerminalEnd()));
  // Each channel connects on its own and retries by itself: one without network never holds up the others.
  const supervisor = superviseChannels(opened, { logger, startTimeoutMs: (name) => channelStartTimeoutMs(config, name) });
  const app = buildApp({ db, config, logger, vault, channels: supervisor.channels });
  const outbox = outboxStore(db);
  const report = () => healthReport(supervisor.statuses(), outbox.backlog(), Date.now(), memoryFigures(process.memoryUsage()));
  const health = await startHealth(config, report, logger);
  let panel: RunningPanel | undefined;
  const shutdown = shutdownOnce({ app, supervisor, health, panel: () => panel, db, logger });
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));
  const onTerminalEnd = async () => {
    // With only the terminal, end of input ends the bot (scripted demos); otherwise the other channels go on.
    if (config.CHANNELS.length === 1) await shutdown(0);
  };
  // Before any channel delivers a message: the first NIK or village turn must not load the data inside its transaction.
  const areas = await areasLoaded;
  logger.info({ villages: areas.villages, loadMs: areas.loadMs }, 'area data loaded');
  // After the area data: the panel's pages name villages and regions.
  panel = await startPanelIfOn(config, { db, vault, logger, channels: supervisor.channels, health: report });
  supervisor.start((channel, m) => app.bot.handle(channel, m));
  app.startBackground();
  logger.info({ channels: config.CHANNELS, database: config.DATABASE_PATH }, 'daftarin is running');
}

/** `/healthz` on HEALTH_PORT (0 = off): each channel's state and the outbox backlog, read fresh on every request. */
async function startHealth(config: Config, report: () => HealthReport, logger: Logger): Promise<HealthServer | undefined> {
  if (config.HEALTH_PORT === 0) return undefined;
  return startHealthServer({ port: config.HEALTH_PORT, host: config.HEALTH_HOST, report, logger });
}

/** Starts the web panel unless PANEL_PORT is 0; a taken port is reported, not fatal (the bot is what matters). */
async function startPanelIfOn(
  config: Config,
  deps: { db: Db; vault: Vault; logger: Logger; channels: readonly Channel[]; health: () => HealthReport },
): Promise<RunningPanel | undefined> {
  const url = panelBaseUrl(config);
  if (!url) return undefined;
  const { startPanel } = await import('./panel/server.ts');
  try {
    const running = await startPanel(
      {
        db: deps.db,
        vault: deps.vault,
        superKeys: adminKeys(config),
        timeZone: config.TIMEZONE,
        defaultLocale: config.DEFAULT_LOCALE,
        targetPerDesa: config.DESA_TARGET,
        publicUrl: config.PANEL_PUBLIC_URL,
        secureCookies: url.startsWith('https:'),
        linkTargets: () => linkTargetsOf(config, deps.channels),
        health: deps.health,
      },
      { port: config.PANEL_PORT, host: config.PANEL_HOST },
    );
    // On stderr, like the logs: stdout is the terminal chat (and scripted runs compare it).
    process.stderr.write(`daftarin panel: ${url} (log in: type "panel" in the chat, or run: npm run admin -- panel-link)\n`);
    return running;
  } catch (err) {
    deps.logger.warn(
      { err, port: config.PANEL_PORT },
      'the web panel could not start (is the port taken?); set PANEL_PORT, or 0 to turn it off',
    );
    return undefined;
  }
}

/** What a graceful stop closes, in order. */
interface Running {
  app: ReturnType<typeof buildApp>;
  supervisor: ChannelSupervisor;
  health: HealthServer | undefined;
  /** The web panel, once it started (after the area data). */
  panel: () => RunningPanel | undefined;
  db: Db;
  logger: Logger;
}

/** The most a stop may take before the process exits anyway (a process manager waits 10 s before SIGKILL). */
const STOP_DEADLINE_MS = 9_000;

/**
 * A graceful stop, run once however often it is asked for: the outbox finishes the message it is sending (or puts
 * it back) and stops; the channels stop taking messages and finish the turns in flight, which still answer; then
 * the health server and the database close.
 */
function shutdownOnce(r: Running): (code: number) => Promise<void> {
  let stopping: Promise<void> | undefined;
  return (code) => {
    stopping ??= (async () => {
      r.logger.info({ next: 'no new messages; the turns in flight finish and answer' }, 'stopping');
      setTimeout(() => {
        r.logger.error({ deadlineMs: STOP_DEADLINE_MS }, 'stop took too long; exiting without waiting further');
        process.exit(1);
      }, STOP_DEADLINE_MS).unref();
      await r.app.stop();
      await r.supervisor.stop();
      await r.app.bot.idle();
      await r.health?.close();
      await r.panel()?.close();
      r.db.close();
      r.logger.info('stopped');
      process.exit(code);
    })();
    return stopping;
  };
}

async function openChannel(name: Config['CHANNELS'][number], config: Config, logger: Logger, onEnd: () => void): Promise<Channel> {
  switch (name) {
    case 'terminal':
      return createTerminalChannel({
        input: process.stdin,
        output: process.stdout,
        userId: config.TERMINAL_USER,
        // Files sent to the terminal (CSV exports hold personal data) go beside the database, in its 0700 folder.
        fileDir: dirname(config.DATABASE_PATH),
        interactive: Boolean(process.stdin.isTTY),
        onEnd,
        onError: (err) => logger.error({ err }, 'terminal turn failed'),
      });
    case 'telegram': {
      const { createTelegramChannel, openTelegramBot } = await import('./channels/telegram.ts');
      const bot = openTelegramBot({ token: config.TELEGRAM_BOT_TOKEN as string, apiRoot: config.TELEGRAM_API_ROOT });
      return createTelegramChannel({
        bot,
        logger,
        mode:
          config.TELEGRAM_WEBHOOK_URL && config.TELEGRAM_WEBHOOK_PORT
            ? { kind: 'webhook', url: config.TELEGRAM_WEBHOOK_URL, port: config.TELEGRAM_WEBHOOK_PORT, secretToken: webhookSecret(config) }
            : { kind: 'polling' },
      });
    }
    case 'whatsapp': {
      const { createWhatsAppChannel, openWhatsAppClient } = await import('./channels/whatsapp.ts');
      const client = openWhatsAppClient({ sessionDir: config.WHATSAPP_SESSION_DIR, chromiumPath: config.CHROMIUM_PATH });
      return createWhatsAppChannel({
        client,
        logger,
        qrPngPath: join(dirname(config.DATABASE_PATH), 'whatsapp-login-qr.png'),
        replyDelayMs: config.WHATSAPP_REPLY_DELAY_MS,
        maxPerMinute: config.WHATSAPP_MAX_PER_MINUTE,
      });
    }
  }
}

/** A webhook secret derived from the bot token (stable across restarts), so Telegram's calls can be told from strangers'. */
function webhookSecret(config: Config): string {
  return createHash('sha256')
    .update(`daftarin-webhook:${config.TELEGRAM_BOT_TOKEN ?? ''}`)
    .digest('hex');
}

main().catch((err) => {
  process.stderr.write(`daftarin failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
