import { newReferralCode } from '../../domain/codes.ts';
import type { TurnApi } from '../../engine/bot.ts';
import { asLocale, t } from '../../i18n.ts';
import { renderQrPng } from '../../posters/qr-poster.ts';
import type { CommunityStore } from '../../store/communities.ts';
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

/** A personal invitation code: `R-` and five unambiguous characters. */
function newPersonalCode(): string {
  return newReferralCode().replace(/^DFT-/, 'R-');
}

/** The user's personal invitation code, created on first use under a code no community or other user has. */
export function personalCodeOf(communities: CommunityStore, userKey: string, now: number): string {
  const existing = communities.personalOf(userKey);
  if (existing) return existing;
  let code = newPersonalCode();
  while (communities.personalByCode(code) || communities.byCode(code)) code = newPersonalCode();
  communities.insertPersonal(code, userKey, now);
  return code;
}

/** The user's personal code (created on first use) and its links, to share after a registration. */
export function personalShare(ctx: CommunityCtx, userKey: string, now: number): { code: string; links: ReturnType<typeof linksOf> } {
  const code = personalCodeOf(ctx.communities, userKey, now);
  return { code, links: linksOf(ctx, code) };
}
