import { type Locale, type MessageKey, t } from '../i18n.ts';

/** Channels with a readable name in the panel's texts. */
const CHANNELS = ['telegram', 'whatsapp', 'terminal'] as const;

/** Longest name the header shows; a platform name can be a whole sentence. */
const MAX_NAME = 60;

/**
 * The name the header shows for a user: their chat name, else a readable label such as "Telegram 1001".
 * Why not the key: `telegram:1001` reads as a code, and the person should recognise themselves at a glance.
 */
export function displayName(locale: Locale, userKey: string, name?: string | null): string {
  const clean = (name ?? '').replace(/\s+/g, ' ').trim();
  if (clean) return clean.length > MAX_NAME ? `${clean.slice(0, MAX_NAME - 1)}…` : clean;
  const at = userKey.indexOf(':');
  const channel = at < 0 ? '' : userKey.slice(0, at);
  const id = userKey.slice(at + 1).replace(/@.*$/, '');
  const known = (CHANNELS as readonly string[]).includes(channel);
  const label = known ? t(locale, `panel.channel.${channel}` as MessageKey) : channel.charAt(0).toUpperCase() + channel.slice(1);
  return label ? t(locale, 'panel.who.fallback', { channel: label, id }) : id;
}
