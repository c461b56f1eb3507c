import type { CommandHandler, MenuEntry, TurnApi } from '../engine/bot.ts';
import { type CommandId, commandWords } from '../engine/command-table.ts';
import { announcementChoice } from './announcement-choice.ts';
import { addAdminCommand, createCommunityCommand } from './communities/admins.ts';
import { broadcastFlow, cancelRunningBroadcasts, startBroadcast } from './communities/announcements.ts';
import { attributionOf, onArrival } from './communities/arrival.ts';
import { type CommunityCtx, type CommunityDeps, communityContext, isCommunityAdmin } from './communities/context.ts';
import { sendCsv } from './communities/csv-export.ts';
import { personalShare, showLinks } from './communities/links.ts';
import { showStats } from './communities/stats.ts';

export type { CommunityDeps } from './communities/context.ts';

/** The community admins' menu entries: links, broadcast, statistics and CSV export. */
function communityMenu(ctx: CommunityCtx): MenuEntry[] {
  const visible = (turn: TurnApi) => isCommunityAdmin(ctx, turn);
  return [
    { id: 'links', titleKey: 'comm.menu.links', words: commandWords('links'), run: (t) => showLinks(ctx, t), visible },
    { id: 'broadcast', titleKey: 'comm.menu.broadcast', words: commandWords('broadcast'), run: (t) => startBroadcast(ctx, t), visible },
    { id: 'stats', titleKey: 'comm.menu.stats', words: commandWords('stats'), run: (t) => showStats(ctx, t), visible },
    { id: 'csv', titleKey: 'comm.menu.csv', words: commandWords('csv'), run: (t) => sendCsv(ctx, t), visible },
  ];
}

/** Admin commands typed at the menu (words in locales/commands.json); false lets the next candidate try. */
function communityCommands(ctx: CommunityCtx): Partial<Record<CommandId, CommandHandler>> {
  return {
    stats_of: (turn, code) => {
      if (!isCommunityAdmin(ctx, turn)) return false;
      showStats(ctx, turn, code);
      return true;
    },
    broadcast_cancel: (turn) => {
      if (!isCommunityAdmin(ctx, turn)) return false;
      cancelRunningBroadcasts(ctx, turn);
      return true;
    },
    community_create: (turn, arg) => createCommunityCommand(ctx, turn, arg),
    admin_add: (turn, arg) => addAdminCommand(ctx, turn, arg),
  };
}

/** Sign-up links, opt-in, berhenti/mulai, announcements, statistics and exports for community admins. */
export function communityFeature(deps: CommunityDeps) {
  const ctx = communityContext(deps);
  const choice = announcementChoice(deps.db);
  return {
    flows: [...choice.flows, broadcastFlow(ctx)],
    menu: communityMenu(ctx),
    commands: communityCommands(ctx),
    onArrival: (turn: TurnApi, payload: string) => onArrival(ctx, turn, payload),
    onOptOut: choice.onOptOut,
    /** The referral attribution for a referrer: their community and the member whose link brought them. */
    attributionOf: (userKey: string) => attributionOf(ctx, userKey),
    /** The user's personal code (created on first use) and its links, to share after a registration. */
    personalShare: (userKey: string, now: number) => personalShare(ctx, userKey, now),
  };
}
