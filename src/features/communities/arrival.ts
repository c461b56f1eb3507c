import type { TurnApi } from '../../engine/bot.ts';
import { type CommunityCtx, firstCommunityOf } from './context.ts';

/** A sign-up link arrived: join the community (or the inviter's), greet by name, ask about announcements. */
export function onArrival(ctx: CommunityCtx, turn: TurnApi, payload: string): boolean {
  const { communities, users } = ctx;
  const community = communities.byCode(payload);
  const personal = community ? undefined : communities.personalByCode(payload);
  if (!community && !personal) return false;
  users.setArrival(turn.user.key, community?.code ?? personal?.code ?? payload);
  const viaCommunity = community ?? firstCommunityOf(ctx, personal?.user_key);
  if (!viaCommunity) {
    turn.reply('comm.welcome_personal');
    turn.showMenu();
    return true;
  }
  communities.join(viaCommunity.id, turn.user.key, payload, turn.meta.now);
  const membership = communities.membership(viaCommunity.id, turn.user.key);
  turn.reply('comm.welcome', { name: viaCommunity.name });
  if (membership?.opted_in === null || membership?.opted_in === undefined)
    turn.startFlow('optin', { communityId: viaCommunity.id, name: viaCommunity.name });
  else turn.showMenu();
  return true;
}

/** The referral attribution for a referrer: their community and the member whose link brought them. */
export function attributionOf(ctx: CommunityCtx, userKey: string): { communityId: number | null; attributedTo: string | null } {
  const { communities, users } = ctx;
  const via = users.user(userKey)?.arrived_via ?? null;
  const personal = via ? communities.personalByCode(via) : undefined;
  const community =
    (via ? communities.byCode(via) : undefined) ?? firstCommunityOf(ctx, userKey) ?? firstCommunityOf(ctx, personal?.user_key);
  return { communityId: community?.id ?? null, attributedTo: personal?.user_key ?? null };
}
