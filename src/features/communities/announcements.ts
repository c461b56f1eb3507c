import { assign } from 'xstate';
import { type BroadcastCommunity, createBroadcastFlow } from '../../../flows/broadcast.ts';
import { broadcastAudience, queueBroadcast } from '../../delivery/announcements.ts';
import { cancelBroadcast } from '../../delivery/outbox-runner.ts';
import type { TurnApi } from '../../engine/bot.ts';
import type { TurnMeta } from '../../engine/flow-types.ts';
import type { FlowDefinition } from '../../engine/run-flow.ts';
import { type CommunityCtx, managedCommunities } from './context.ts';

/** The broadcast flow, wired to count its audience and queue the announcement for a community the sender manages. */
export function broadcastFlow(ctx: CommunityCtx): FlowDefinition {
  const { db } = ctx.deps;
  const broadcast = createBroadcastFlow((id) => {
    const r = broadcastAudience(db, id);
    return { recipients: r.recipients.length, skipped: r.skipped };
  });
  return {
    ...broadcast,
    machine: broadcast.machine.provide({
      actions: {
        queue: assign(({ context, event }) => {
          const { communityId, text } = context as { communityId: number; text: string };
          const meta = (event as { meta: TurnMeta }).meta;
          const community = ctx.communities.byId(communityId);
          // Only a community this admin manages (checked again at send time, not just when the flow began).
          const allowed = ctx.communities.adminOf(meta.userKey).some((c) => c.id === communityId) || ctx.isSuper(meta.userKey);
          if (!community || !allowed) throw new Error('broadcast to a community the user does not manage');
          queueBroadcast(db, community, meta.userKey, text, meta.now);
          return {};
        }),
      },
    }),
  };
}

/** `siaran`: start the broadcast flow over the communities this user manages. */
export function startBroadcast(ctx: CommunityCtx, turn: TurnApi): void {
  const list: BroadcastCommunity[] = managedCommunities(ctx, turn).map((c) => ({ id: c.id, name: c.name }));
  if (list.length === 0) turn.reply('comm.none');
  else turn.startFlow('broadcast', { communities: list });
}

/** Cancels every running broadcast of the communities this user manages, each one audited. */
export function cancelRunningBroadcasts(ctx: CommunityCtx, turn: TurnApi): void {
  const running = managedCommunities(ctx, turn).flatMap((c) => ctx.broadcasts.running(c.id));
  for (const b of running) {
    cancelBroadcast(ctx.deps.db, b.id, turn.meta.now);
    ctx.audit.record(turn.user.key, 'broadcast.cancel', `id=${b.id}`, turn.meta.now);
  }
  turn.reply(running.length ? 'comm.broadcast.cancelled' : 'comm.broadcast.none_running', { count: running.length });
}
