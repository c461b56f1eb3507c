import { createOptInFlow } from '../../flows/optin.ts';
import { createOptInAgainFlow, type OptInCommunity } from '../../flows/optin-again.ts';
import type { TurnApi } from '../engine/bot.ts';
import type { TurnMeta } from '../engine/flow-types.ts';
import type { FlowDefinition } from '../engine/run-flow.ts';
import { communityStore } from '../store/communities.ts';
import { conversationStore } from '../store/conversations.ts';
import type { Db } from '../store/db.ts';

/**
 * Whether a member receives a community's announcements: the question on arrival (`optin`), `berhenti` (stops
 * every community) and `mulai` (asks which community and confirms — it never turns a "no" into "yes" by itself).
 */
export function announcementChoice(db: Db) {
  const communities = communityStore(db);
  const users = conversationStore(db);

  /** An explicit yes for one community also lifts an earlier `berhenti`, which would otherwise silence it. */
  const subscribe = (communityId: number, meta: TurnMeta) => {
    communities.setOptIn(communityId, meta.userKey, true, meta.now);
    users.setOptedOut(meta.userKey, null);
  };

  const optin = createOptInFlow();
  const optinFlow: FlowDefinition = {
    ...optin,
    machine: optin.machine.provide({
      actions: {
        save: ({ context, event }, p: { optedIn: boolean }) => {
          const { communityId } = context as { communityId: number };
          const meta = (event as { meta: TurnMeta }).meta;
          if (p.optedIn) subscribe(communityId, meta);
          else communities.setOptIn(communityId, meta.userKey, false, meta.now);
        },
      },
    }),
  };

  const again = createOptInAgainFlow();
  const optinAgainFlow: FlowDefinition = {
    ...again,
    machine: again.machine.provide({
      actions: {
        subscribe: ({ context, event }) => subscribe((context as { communityId: number }).communityId, (event as { meta: TurnMeta }).meta),
      },
    }),
  };

  /** `berhenti`: every membership's answer becomes "no" (dated), so a later `mulai` asks again per community. */
  const stop = (turn: TurnApi) => {
    const { key } = turn.user;
    users.setOptedOut(key, turn.meta.now);
    for (const m of communities.membershipsOf(key)) if (m.opted_in === 1) communities.setOptIn(m.community_id, key, false, turn.meta.now);
    turn.reply('comm.optout_done');
  };

  /** `mulai`: the communities the user does not hear from, then which one and a confirmation (the `optin_again` flow). */
  const start = (turn: TurnApi) => {
    const { key } = turn.user;
    const stopped = (users.user(key) as { opted_out_at?: number | null } | undefined)?.opted_out_at != null;
    const memberships = communities.membershipsOf(key);
    const silent: OptInCommunity[] = memberships.flatMap((m) => {
      const c = stopped || m.opted_in !== 1 ? communities.byId(m.community_id) : undefined;
      return c ? [{ id: c.id, name: c.name }] : [];
    });
    if (memberships.length === 0) {
      users.setOptedOut(key, null);
      turn.reply('optin_again.none');
    } else if (silent.length === 0) turn.reply('optin_again.already');
    else turn.startFlow('optin_again', { communities: silent });
  };

  return {
    flows: [optinFlow, optinAgainFlow],
    /** `berhenti`/`stop` (true) or `mulai` (false). */
    onOptOut: (turn: TurnApi, optOut: boolean) => (optOut ? stop(turn) : start(turn)),
  };
}
