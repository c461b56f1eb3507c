import type { TurnApi } from '../../engine/bot.ts';
import { asLocale, t } from '../../i18n.ts';
import { renderQrPng } from '../../posters/qr-poster.ts';
import { type CommunityCtx, linksOf, managedCommunities } from './context.ts';

/** `link`: each managed community's sign-up links, followed by a QR code of the WhatsApp (else Telegram) link. */
export function showLinks(ctx: CommunityCtx, turn: TurnApi): void {
  for (const c of managedCommunities(ctx, turn)) {
    const links = linksOf(ctx, c.code);
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
  if (managedCommunities(ctx, turn).length === 0) turn.reply('comm.none');
}

/** The user's personal code (created on first use) and its links, to share after a registration. */
export function personalShare(
  ctx: CommunityCtx,
  userKey: string,
  now: number,
  newCode: () => string,
): { code: string; links: ReturnType<typeof linksOf> } {
  const { communities } = ctx;
  let code = communities.personalOf(userKey);
  if (!code) {
    code = newCode();
    while (communities.personalByCode(code) || communities.byCode(code)) code = newCode();
    communities.insertPersonal(code, userKey, now);
  }
  return { code, links: linksOf(ctx, code) };
}
