import type { Vault } from '../domain/vault.ts';
import type { PanelRole, PanelRoleKind } from '../features/panel-access.ts';
import type { HealthReport } from '../health/report.ts';
import type { Locale } from '../i18n.ts';
import type { Db } from '../store/db.ts';
import type { PanelSessionRow } from '../store/panel-auth.ts';

/** What the panel is built from (the same database and key as the bot). */
export interface PanelDeps {
  db: Db;
  vault: Vault;
  /** `channel:chatId` keys of the super-admins (ADMIN_IDS and the terminal user). */
  superKeys: readonly string[];
  timeZone: string;
  defaultLocale: Locale;
  targetPerDesa: number;
  /** The panel's public address (PANEL_PUBLIC_URL), when it sits behind a reverse proxy. */
  publicUrl?: string;
  /** Whether the panel is reached over https (the session cookie is then Secure). */
  secureCookies: boolean;
  /** The bot's Telegram username and WhatsApp number, for sign-up links and posters. */
  linkTargets: () => { telegramUsername?: string; whatsappNumber?: string };
  clock?: () => number;
  /** The bot's health report (channel states, outbox backlog); the panel's `/healthz` serves it when given. */
  health?: () => HealthReport;
}

/** Per-request values set by the auth middleware. */
export interface PanelEnv {
  Variables: {
    role: PanelRole;
    /** The user's chat name (users.name), shown in the header; null when the platform gave none. */
    userName: string | null;
    session: PanelSessionRow;
    locale: Locale;
    now: number;
  };
}

/** Which roles may use each part of the panel; every route names one of these. */
export const ACCESS = {
  dashboard: ['super', 'operator', 'community'],
  queue: ['super', 'operator', 'community'],
  process: ['super', 'operator'],
  communities: ['super', 'community'],
  manageCommunities: ['super'],
  broadcasts: ['super', 'community'],
  questions: ['super'],
  audit: ['super'],
} as const satisfies Record<string, readonly PanelRoleKind[]>;

/** A part of the panel (a key of ACCESS). */
export type Area = keyof typeof ACCESS;
