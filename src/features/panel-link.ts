import type { CommandHandler, TurnApi } from '../engine/bot.ts';
import type { CommandId } from '../engine/command-table.ts';
import type { Db } from '../store/db.ts';
import { issuePanelLink, panelRoleOf } from './panel-access.ts';

/** What the `panel` chat command needs. */
export interface PanelLinkDeps {
  db: Db;
  superAdmins: readonly string[];
  /** The panel's address as users reach it; undefined when the panel is off. */
  panelUrl: string | undefined;
}

/** `panel` in chat: a one-time login link for admins and operators; anyone else's "panel" goes on to the FAQ. */
export function panelLinkFeature(deps: PanelLinkDeps): { commands: Partial<Record<CommandId, CommandHandler>> } {
  const panel = (turn: TurnApi): boolean => {
    if (!panelRoleOf(deps.db, turn.user.key, deps.superAdmins)) return false;
    if (!deps.panelUrl) {
      turn.reply('panel.chat.off');
      return true;
    }
    turn.reply('panel.chat.link', { url: issuePanelLink(deps.db, turn.user.key, turn.meta.now, deps.panelUrl) });
    return true;
  };
  return { commands: { panel } };
}

/** The panel's address from its settings: the public URL when set, else host and port; undefined when off. */
export function panelBaseUrl(c: { PANEL_PORT: number; PANEL_HOST: string; PANEL_PUBLIC_URL?: string }): string | undefined {
  if (c.PANEL_PORT === 0) return undefined;
  if (c.PANEL_PUBLIC_URL) return c.PANEL_PUBLIC_URL.replace(/\/+$/, '');
  const host = c.PANEL_HOST.includes(':') ? `[${c.PANEL_HOST}]` : c.PANEL_HOST;
  return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${c.PANEL_PORT}`;
}
