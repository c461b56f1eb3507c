import type { TurnApi } from '../../engine/bot.ts';
import { addCommunityAdmin, createCommunity, normalizeCommunityName } from '../../store/create-community.ts';
import { clip } from '../../util/clip.ts';
import type { CommunityCtx } from './context.ts';

/** `komunitas baru NAMA` (super-admins): create a community; false when the name or the user does not qualify. */
export function createCommunityCommand(ctx: CommunityCtx, turn: TurnApi, arg: string | undefined): boolean {
  const name = normalizeCommunityName(/^.{3,80}$/.exec(arg ?? '')?.[0] ?? '');
  if (!name || !turn.isAdmin) return false;
  const c = createCommunity(ctx.deps.db, { name, by: turn.user.key, now: turn.meta.now });
  turn.reply('comm.created', { name: c.name, code: c.code });
  return true;
}

/** `tambah admin KODE channel:id` (super-admins): make a user an admin of a community. */
export function addAdminCommand(ctx: CommunityCtx, turn: TurnApi, arg: string | undefined): boolean {
  const addAdmin = /^(\S+)\s+((?:telegram|whatsapp|terminal):\S+)$/i.exec(arg ?? '');
  if (!addAdmin || !turn.isAdmin) return false;
  const c = ctx.communities.byCode(addAdmin[1] ?? '');
  if (!c) {
    turn.reply('comm.unknown_code', { code: clip(addAdmin[1] ?? '', 20) });
    return true;
  }
  addCommunityAdmin(ctx.deps.db, c, addAdmin[2] ?? '', turn.user.key, turn.meta.now);
  turn.reply('comm.admin_added', { name: c.name, admin: addAdmin[2] ?? '' });
  return true;
}
