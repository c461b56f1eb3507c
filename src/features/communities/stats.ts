import type { TurnApi } from '../../engine/bot.ts';
import { asLocale } from '../../i18n.ts';
import { communityStats, formatStats } from '../../reports/stats.ts';
import { clip } from '../../util/clip.ts';
import { type CommunityCtx, managedCommunities } from './context.ts';

/** `statistik [KODE]`: registration statistics for the named community, or the ones this user may see. */
export function showStats(ctx: CommunityCtx, turn: TurnApi, code?: string): void {
  const list = managedCommunities(ctx, turn);
  const target = code ? list.find((c) => c.code.toLowerCase() === code.toLowerCase()) : undefined;
  if (code && !target) {
    turn.reply('comm.unknown_code', { code: clip(code, 20) });
    return;
  }
  // A super-admin without a code sees all; a community admin only their own community (the first, or the one named).
  const scope = target?.id ?? (turn.isAdmin ? undefined : list[0]?.id);
  if (!turn.isAdmin && scope === undefined) {
    turn.reply('comm.none');
    return;
  }
  const stats = communityStats(ctx.deps.db, { communityId: scope, targetPerDesa: ctx.deps.targetPerDesa });
  const locale = asLocale(turn.user.locale);
  const section = scope === undefined ? undefined : ctx.deps.statsSection?.(scope, locale);
  turn.reply('comm.stats', { text: [section, formatStats(stats, locale)].filter(Boolean).join('\n\n') });
}
