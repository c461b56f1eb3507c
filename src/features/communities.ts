import { assign } from 'xstate';
import { type BroadcastCommunity, createBroadcastFlow } from '../../flows/broadcast.ts';
import { broadcastAudience, queueBroadcast } from '../delivery/announcements.ts';
import { cancelBroadcast } from '../delivery/outbox-runner.ts';
import { signupLinks } from '../domain/signup-links.ts';
import type { CommandHandler, MenuEntry, TurnApi } from '../engine/bot.ts';
import { type CommandId, commandWords } from '../engine/command-table.ts';
import type { TurnMeta } from '../engine/flow-types.ts';
import type { FlowDefinition } from '../engine/run-flow.ts';
import { asLocale, t } from '../i18n.ts';
import { renderQrPng } from '../posters/qr-poster.ts';
import { communityCsv } from '../reports/referral-csv.ts';
import { communityStats, formatStats } from '../reports/stats.ts';
import { auditStore } from '../store/audit.ts';
import { broadcastStore } from '../store/broadcasts.ts';
import { type CommunityRow, communityStore } from '../store/communities.ts';
import { conversationStore } from '../store/conversations.ts';
import { addCommunityAdmin, createCommunity, normalizeCommunityName } from '../store/create-community.ts';
import type { Db } from '../store/db.ts';
import { clip } from '../util/clip.ts';
import { announcementChoice } from './announcement-choice.ts';

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

/** Sign-up links, opt-in, berhenti/mulai, announcements, statistics and exports for community admins. */
export function communityFeature(deps: CommunityDeps) {
  const communities = communityStore(deps.db);
  const broadcasts = broadcastStore(deps.db);
  const users = conversationStore(deps.db);
  const audit = auditStore(deps.db);
  const superKeys = new Set(deps.superAdmins);
  const isSuper = (key: string) => superKeys.has(key);

  /** The communities this user may manage: all for super-admins, else those they administer. */
  const managed = (turn: TurnApi): CommunityRow[] => (turn.isAdmin ? communities.all() : communities.adminOf(turn.user.key));
  const isCommunityAdmin = (turn: TurnApi) => turn.isAdmin || communities.adminOf(turn.user.key).length > 0;

  const linksOf = (code: string) => signupLinks({ code, ...deps.linkTargets() });

  /** A sign-up link arrived: join the community (or the inviter's), greet by name, ask about announcements. */
  const onArrival = (turn: TurnApi, payload: string): boolean => {
    const community = communities.byCode(payload);
    const personal = community ? undefined : communities.personalByCode(payload);
    if (!community && !personal) return false;
    users.setArrival(turn.user.key, community?.code ?? personal?.code ?? payload);
    const viaCommunity = community ?? firstCommunityOf(personal?.user_key);
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
  };

  const firstCommunityOf = (userKey: string | undefined) => {
    const m = userKey ? communities.membershipsOf(userKey)[0] : undefined;
    return m ? communities.byId(m.community_id) : undefined;
  };

  const choice = announcementChoice(deps.db);

  const broadcast = createBroadcastFlow((id) => {
    const r = broadcastAudience(deps.db, id);
    return { recipients: r.recipients.length, skipped: r.skipped };
  });
  const broadcastFlow: FlowDefinition = {
    ...broadcast,
    machine: broadcast.machine.provide({
      actions: {
        queue: assign(({ context, event }) => {
          const { communityId, text } = context as { communityId: number; text: string };
          const meta = (event as { meta: TurnMeta }).meta;
          const community = communities.byId(communityId);
          // Only a community this admin manages (checked again at send time, not just when the flow began).
          const allowed = communities.adminOf(meta.userKey).some((c) => c.id === communityId) || isSuper(meta.userKey);
          if (!community || !allowed) throw new Error('broadcast to a community the user does not manage');
          queueBroadcast(deps.db, community, meta.userKey, text, meta.now);
          return {};
        }),
      },
    }),
  };

  const showLinks = (turn: TurnApi) => {
    for (const c of managed(turn)) {
      const links = linksOf(c.code);
      turn.reply('comm.links', {
        name: c.name,
        code: c.code,
        telegram: links.telegram ?? { key: 'comm.links.no_telegram' },
        whatsapp: links.whatsapp ?? { key: 'comm.links.no_whatsapp' },
      });
      const url = links.whatsapp ?? links.telegram;
      if (url)
        turn.afterCommit(async () => [
          { text: t(asLocale(turn.user.locale), 'comm.links.qr_caption', { name: c.name }), image: { png: await renderQrPng(url) } },
        ]);
    }
    if (managed(turn).length === 0) turn.reply('comm.none');
  };

  const showStats = (turn: TurnApi, code?: string) => {
    const list = managed(turn);
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
    const stats = communityStats(deps.db, { communityId: scope, targetPerDesa: deps.targetPerDesa });
    const locale = asLocale(turn.user.locale);
    const section = scope === undefined ? undefined : deps.statsSection?.(scope, locale);
    turn.reply('comm.stats', { text: [section, formatStats(stats, locale)].filter(Boolean).join('\n\n') });
  };

  const sendCsv = (turn: TurnApi) => {
    const list = managed(turn);
    if (list.length === 0) {
      turn.reply('comm.none');
      return;
    }
    for (const c of list) {
      const csv = communityCsv(deps.db, c.id);
      audit.record(turn.user.key, 'export.chat', `community=${c.code} rows=${csv.rows}`, turn.meta.now);
      turn.reply('comm.csv', { name: c.name, rows: csv.rows });
      turn.attach({ document: { content: Buffer.from(csv.text, 'utf8'), filename: `daftarin-${c.code}-${turn.meta.today}.csv` } });
    }
  };

  const startBroadcast = (turn: TurnApi) => {
    const list: BroadcastCommunity[] = managed(turn).map((c) => ({ id: c.id, name: c.name }));
    if (list.length === 0) turn.reply('comm.none');
    else turn.startFlow('broadcast', { communities: list });
  };

  const menu: MenuEntry[] = [
    { id: 'links', titleKey: 'comm.menu.links', words: commandWords('links'), run: showLinks, visible: isCommunityAdmin },
    {
      id: 'broadcast',
      titleKey: 'comm.menu.broadcast',
      words: commandWords('broadcast'),
      run: startBroadcast,
      visible: isCommunityAdmin,
    },
    {
      id: 'stats',
      titleKey: 'comm.menu.stats',
      words: commandWords('stats'),
      run: (t) => showStats(t),
      visible: isCommunityAdmin,
    },
    { id: 'csv', titleKey: 'comm.menu.csv', words: commandWords('csv'), run: sendCsv, visible: isCommunityAdmin },
  ];

  /** Admin commands typed at the menu (words in locales/commands.json); false lets the next candidate try. */
  const commands: Partial<Record<CommandId, CommandHandler>> = {
    stats_of: (turn, code) => {
      if (!isCommunityAdmin(turn)) return false;
      showStats(turn, code);
      return true;
    },
    broadcast_cancel: (turn) => {
      if (!isCommunityAdmin(turn)) return false;
      const running = managed(turn).flatMap((c) => broadcasts.running(c.id));
      for (const b of running) {
        cancelBroadcast(deps.db, b.id, turn.meta.now);
        audit.record(turn.user.key, 'broadcast.cancel', `id=${b.id}`, turn.meta.now);
      }
      turn.reply(running.length ? 'comm.broadcast.cancelled' : 'comm.broadcast.none_running', { count: running.length });
      return true;
    },
    community_create: (turn, arg) => {
      const name = normalizeCommunityName(/^.{3,80}$/.exec(arg ?? '')?.[0] ?? '');
      if (!name || !turn.isAdmin) return false;
      const c = createCommunity(deps.db, { name, by: turn.user.key, now: turn.meta.now });
      turn.reply('comm.created', { name: c.name, code: c.code });
      return true;
    },
    admin_add: (turn, arg) => {
      const addAdmin = /^(\S+)\s+((?:telegram|whatsapp|terminal):\S+)$/i.exec(arg ?? '');
      if (!addAdmin || !turn.isAdmin) return false;
      const c = communities.byCode(addAdmin[1] ?? '');
      if (!c) {
        turn.reply('comm.unknown_code', { code: clip(addAdmin[1] ?? '', 20) });
        return true;
      }
      addCommunityAdmin(deps.db, c, addAdmin[2] ?? '', turn.user.key, turn.meta.now);
      turn.reply('comm.admin_added', { name: c.name, admin: addAdmin[2] ?? '' });
      return true;
    },
  };

  return {
    flows: [...choice.flows, broadcastFlow],
    menu,
    commands,
    onArrival,
    onOptOut: choice.onOptOut,
    /** The referral attribution for a referrer: their community and the member whose link brought them. */
    attributionOf(userKey: string): { communityId: number | null; attributedTo: string | null } {
      const via = users.user(userKey)?.arrived_via ?? null;
      const personal = via ? communities.personalByCode(via) : undefined;
      const community = (via ? communities.byCode(via) : undefined) ?? firstCommunityOf(userKey) ?? firstCommunityOf(personal?.user_key);
      return { communityId: community?.id ?? null, attributedTo: personal?.user_key ?? null };
    },
    /** The user's personal code (created on first use) and its links, to share after a registration. */
    personalShare(userKey: string, now: number, newCode: () => string): { code: string; links: ReturnType<typeof linksOf> } {
      let code = communities.personalOf(userKey);
      if (!code) {
        code = newCode();
        while (communities.personalByCode(code) || communities.byCode(code)) code = newCode();
        communities.insertPersonal(code, userKey, now);
      }
      return { code, links: linksOf(code) };
    },
  };
}
