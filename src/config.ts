import { existsSync } from 'node:fs';
import dotenv from 'dotenv';
import { z } from 'zod';

const channelNames = ['terminal', 'telegram', 'whatsapp'] as const;

const list = (s: string | undefined) =>
  (s ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

const intIn = (min: number, max: number, dflt: number) => z.coerce.number().int().min(min).max(max).default(dflt);

const schema = z
  .object({
    CHANNELS: z
      .string()
      .default('terminal')
      .transform(list)
      .pipe(z.array(z.enum(channelNames)).min(1, 'at least one of terminal, telegram, whatsapp')),
    DATABASE_PATH: z.string().min(1).default('data/daftarin.db'),
    DEFAULT_LOCALE: z.enum(['id', 'en']).default('id'),
    ADMIN_IDS: z
      .string()
      .default('')
      .transform(list)
      .pipe(z.array(z.string().regex(/^[a-z]+:\S+$/, 'channel:chatId, e.g. telegram:12345'))),
    TERMINAL_USER: z.string().min(1).default('local'),
    TIMEZONE: z
      .string()
      .default('Asia/Jakarta')
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, 'an IANA time zone such as Asia/Jakarta'),
    CONVERSATION_IDLE_MINUTES: intIn(1, 10_080, 30),
    CONVERSATION_EXPIRY_DAYS: intIn(1, 365, 7),
    RETENTION_DAYS: intIn(1, 3650, 90),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATA_KEY: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, '64 hex characters (32 bytes), e.g. from `openssl rand -hex 32`')
      .optional(),
    MIN_AGE: intIn(0, 100, 15),
    MAX_AGE: intIn(1, 120, 65),
    TELEGRAM_BOT_TOKEN: z.string().optional(),
    TELEGRAM_API_ROOT: z.url().optional(),
    TELEGRAM_WEBHOOK_URL: z.url().optional(),
    TELEGRAM_WEBHOOK_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
    TELEGRAM_BOT_USERNAME: z.string().optional(),
    WHATSAPP_SESSION_DIR: z.string().default('data/wwebjs'),
    WHATSAPP_NUMBER: z
      .string()
      .regex(/^\d{8,15}$/, 'digits only in international form, e.g. 6281234567890')
      .optional(),
    CHROMIUM_PATH: z.string().default('/usr/bin/chromium'),
    CHANNEL_START_TIMEOUT_SECONDS: intIn(0, 86_400, 60),
    WHATSAPP_REPLY_DELAY_MS: intIn(0, 60_000, 800),
    WHATSAPP_MAX_PER_MINUTE: intIn(1, 600, 40),
    DESA_TARGET: intIn(1, 1_000_000, 100),
    OUTBOX_TELEGRAM_PER_SECOND: intIn(1, 30, 25),
    OUTBOX_WHATSAPP_MIN_GAP_MS: intIn(0, 3_600_000, 4000),
    OUTBOX_WHATSAPP_MAX_GAP_MS: intIn(0, 3_600_000, 8000),
    OUTBOX_WHATSAPP_DAILY_CAP: intIn(1, 100_000, 200),
    REMINDER_DAY: intIn(1, 15, 10),
    REMINDER_START_HOUR: intIn(0, 23, 8),
    REMINDER_END_HOUR: intIn(1, 24, 20),
    REMINDER_WHATSAPP_DAILY_CAP: intIn(0, 100_000, 100),
    REMINDER_CHECK_MINUTES: intIn(1, 1440, 5),
    NUDGE_AFTER_HOURS: intIn(1, 160, 20),
    HEALTH_PORT: intIn(0, 65_535, 8081),
    HEALTH_HOST: z.string().min(1).default('127.0.0.1'),
    PANEL_PORT: intIn(0, 65_535, 8080),
    PANEL_HOST: z.string().min(1).default('127.0.0.1'),
    PANEL_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.CHANNELS.includes('telegram') && !c.TELEGRAM_BOT_TOKEN)
      ctx.addIssue({ code: 'custom', path: ['TELEGRAM_BOT_TOKEN'], message: 'required when CHANNELS includes telegram (from @BotFather)' });
    if (c.TELEGRAM_WEBHOOK_URL && !c.TELEGRAM_WEBHOOK_PORT)
      ctx.addIssue({ code: 'custom', path: ['TELEGRAM_WEBHOOK_PORT'], message: 'required with TELEGRAM_WEBHOOK_URL' });
    if (c.HEALTH_PORT !== 0 && c.HEALTH_PORT === c.TELEGRAM_WEBHOOK_PORT)
      ctx.addIssue({
        code: 'custom',
        path: ['HEALTH_PORT'],
        message: 'must differ from TELEGRAM_WEBHOOK_PORT (0 turns the health check off)',
      });
    if (c.REMINDER_START_HOUR >= c.REMINDER_END_HOUR)
      ctx.addIssue({ code: 'custom', path: ['REMINDER_START_HOUR'], message: 'must be below REMINDER_END_HOUR' });
    if (c.MIN_AGE >= c.MAX_AGE) ctx.addIssue({ code: 'custom', path: ['MIN_AGE'], message: 'must be below MAX_AGE' });
    if (c.OUTBOX_WHATSAPP_MIN_GAP_MS > c.OUTBOX_WHATSAPP_MAX_GAP_MS)
      ctx.addIssue({ code: 'custom', path: ['OUTBOX_WHATSAPP_MIN_GAP_MS'], message: 'must not exceed OUTBOX_WHATSAPP_MAX_GAP_MS' });
  });

/** The bot's settings, parsed from the environment. */
export type Config = z.infer<typeof schema>;

/**
 * How long a channel's connection attempt may hang before it is retried (undefined = no limit, for 0). WhatsApp gets
 * three times as long: Chromium and WhatsApp Web load slowly on a small server, and a limit it cannot meet would
 * restart the browser forever; its clock stops anyway once the login QR code is shown (a person must scan it).
 */
export function channelStartTimeoutMs(config: Pick<Config, 'CHANNEL_START_TIMEOUT_SECONDS'>, channel: string): number | undefined {
  const seconds = config.CHANNEL_START_TIMEOUT_SECONDS;
  if (seconds === 0) return undefined;
  return (channel === 'whatsapp' ? 3 : 1) * seconds * 1000;
}

/** Bad configuration: each wrong variable with what it accepts. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses an environment (defaults to `process.env`, after loading `.env` when present). */
export function loadConfig(env: NodeJS.ProcessEnv = readEnv()): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map(
      (i) =>
        `${i.path.join('.') || '(config)'}: ${i.message}${'received' in i && i.received !== undefined ? ` (got ${JSON.stringify(i.received)})` : ''}`,
    ),
  );
}

function readEnv(): NodeJS.ProcessEnv {
  if (existsSync('.env')) dotenv.config({ path: '.env', quiet: true });
  return process.env;
}
