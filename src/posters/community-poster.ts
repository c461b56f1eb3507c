import { signupLinks } from '../domain/signup-links.ts';
import { type Locale, t } from '../i18n.ts';
import { renderSignupPoster } from './qr-poster.ts';

/** Which app a poster's QR code opens. */
export type PosterLink = 'telegram' | 'whatsapp';

/** The bot's username and number, from which sign-up links are built. */
export interface LinkTargets {
  telegramUsername?: string;
  whatsappNumber?: string;
}

/**
 * A community's A4 sign-up poster (for the admin CLI and the panel): the QR code of its Telegram or WhatsApp
 * link with the community's name and how to join. `kind` defaults to Telegram when its link can be built.
 * Undefined when the chosen link cannot be built (the bot's username or number is not configured).
 */
export function communityPoster(
  community: { code: string; name: string },
  targets: LinkTargets,
  locale: Locale,
  kind?: PosterLink,
): { png: Buffer; url: string; kind: PosterLink } | undefined {
  const links = signupLinks({ code: community.code, ...targets });
  const chosen = kind ?? (links.telegram ? 'telegram' : 'whatsapp');
  const url = links[chosen];
  if (!url) return undefined;
  const subtitle =
    chosen === 'telegram'
      ? t(locale, 'community.poster.telegram', { username: targets.telegramUsername?.replace(/^@/, '') ?? '', code: community.code })
      : t(locale, 'community.poster.whatsapp', { number: targets.whatsappNumber?.replace(/^\+/, '') ?? '', code: community.code });
  return { png: renderSignupPoster({ url, title: community.name, subtitle }), url, kind: chosen };
}
