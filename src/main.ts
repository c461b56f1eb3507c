import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { buildApp } from './app.ts';
import type { Channel } from './channels/channel.ts';
import { createTerminalChannel } from './channels/terminal.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { warmAreas } from './domain/areas.ts';
import { createLogger, type Logger } from './log.ts';
import { openDataVault } from './store/data-key.ts';
import { openDatabase } from './store/db.ts';

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
  const db = openDatabase(config.DATABASE_PATH);
  // A wrong or missing key stops the start here (one line, exit 1), before any message is handled.
  const vault = openDataVault(db, {
    dataKeyHex: config.DATA_KEY,
    keyFile: join(dirname(config.DATABASE_PATH), 'secret.key'),
    warn: (msg) => logger.warn(msg),
  });
  const channels: Channel[] = [];
  const app = buildApp({ db, config, logger, vault, channels });

  let stopping: Promise<void> | undefined;
  const shutdown = (code: number) => {
    stopping ??= (async () => {
      logger.info('stopping');
      await Promise.allSettled(channels.map((c) => c.stop()));
      await app.stop();
      db.close();
      process.exit(code);
    })();
    return stopping;
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));

  for (const name of config.CHANNELS) channels.push(await openChannel(name, config, logger, () => void onTerminalEnd()));
  const onTerminalEnd = async () => {
    // With only the terminal, end of input ends the bot (scripted demos); otherwise the other channels go on.
    if (config.CHANNELS.length === 1) await shutdown(0);
  };
  // Before any channel delivers a message: the first NIK or village turn must not load the data inside its transaction.
  const areas = await warmAreas();
  logger.info({ villages: areas.villages, loadMs: areas.loadMs }, 'area data loaded');
  for (const channel of channels) await channel.start((m) => app.bot.handle(channel, m));
  app.startBackground();
  logger.info({ channels: config.CHANNELS, database: config.DATABASE_PATH }, 'daftarin is running');
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
