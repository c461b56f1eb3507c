import { signupLinks } from '../../domain/signup-links.ts';
import type { TurnApi } from '../../engine/bot.ts';
import { type AuditStore, auditStore } from '../../store/audit.ts';
import { type BroadcastStore, broadcastStore } from '../../store/broadcasts.ts';
import { type CommunityRow, type CommunityStore, communityStore } from '../../store/communities.ts';
import { type ConversationStore, conversationStore } from '../../store/conversations.ts';
import type { Db } from '../../store/db.ts';

/** What the community feature needs from the app. */
export interface CommunityDeps {
  db: Db;
  /** The bot's Telegram username and WhatsApp number, for sign-up links (either may be unknown). */
  linkTargets: () => { telegramUsername?: string; whatsappNumber?: string };
  targetPerDesa: number;
  /** `channel:chatId` keys of the super-admins (ADMIN_IDS), who manage every community. */
  superAdmins: readonly string[];
  /** A section shown above a community's statistics (a desa community's progress against its target), if any. */
  statsSection?: (communityId: number, locale: 'id' | 'en') => string | undefined;
}

/** The stores and app settings every community handler shares, built once per feature. */
export interface CommunityCtx {
  deps: CommunityDeps;
  communities: CommunityStore;
  broadcasts: BroadcastStore;
  users: ConversationStore;
  audit: AuditStore;
  /** Whether a `channel:chatId` key is one of the super-admins. */
  isSuper: (key: string) => boolean;
}

/** Opens the stores the community handlers use, once for the feature's lifetime. */
export function communityContext(deps: CommunityDeps): CommunityCtx {
  const superKeys = new Set(deps.superAdmins);
  return {
    deps,
    communities: communityStore(deps.db),
    broadcasts: broadcastStore(deps.db),
    users: conversationStore(deps.db),
    audit: auditStore(deps.db),
    isSuper: (key) => superKeys.has(key),
  };
}

/** The communities this user may manage: all for super-admins, else those they administer. */
export function managedCommunities(ctx: CommunityCtx, turn: TurnApi): CommunityRow[] {
  return turn.isAdmin ? ctx.communities.all() : ctx.communities.adminOf(turn.user.key);
}

/** Whether this user manages any community (super-admins manage all). */
export function isCommunityAdmin(ctx: CommunityCtx, turn: TurnApi): boolean {
  return turn.isAdmin || ctx.communities.adminOf(turn.user.key).length > 0;
}

/** The sign-up links (Telegram and WhatsApp, where known) for a community or personal code. */
export function linksOf(ctx: CommunityCtx, code: string) {
  return signupLinks({ code, ...ctx.deps.linkTargets() });
}

/** The first community a user belongs to, if any. */
export function firstCommunityOf(ctx: CommunityCtx, userKey: string | undefined): CommunityRow | undefined {
  const m = userKey ? ctx.communities.membershipsOf(userKey)[0] : undefined;
  return m ? ctx.communities.byId(m.community_id) : undefined;
}
