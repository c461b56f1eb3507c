/** Telegram's deep-link payload rule: up to 64 characters of A–Z a–z 0–9 _ -. */
export const PAYLOAD_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

const TELEGRAM_USERNAME = /^[A-Za-z][A-Za-z0-9_]{3,31}$/;
const WHATSAPP_NUMBER = /^\d{8,15}$/;

/** The sign-up links of a code; a link is missing when its bot username or number is not configured. */
export interface SignupLinks {
  telegram?: string;
  whatsapp?: string;
}

/** Whether a code can travel as a Telegram `start` payload (and so as a WhatsApp keyword too). */
export function isValidPayload(code: string): boolean {
  return PAYLOAD_PATTERN.test(code);
}

/** The t.me and wa.me sign-up links of a code; throws a RangeError for input that would make a broken link. */
export function signupLinks(opts: { code: string; telegramUsername?: string; whatsappNumber?: string }): SignupLinks {
  if (!isValidPayload(opts.code)) throw new RangeError(`"${opts.code}" is not a valid link payload (1–64 of A–Z a–z 0–9 _ -)`);
  const links: SignupLinks = {};
  const username = opts.telegramUsername?.trim().replace(/^@/, '');
  if (username) {
    if (!TELEGRAM_USERNAME.test(username)) throw new RangeError(`"${username}" is not a Telegram bot username`);
    links.telegram = `https://t.me/${username}?start=${opts.code}`;
  }
  const number = opts.whatsappNumber?.trim().replace(/^\+/, '');
  if (number) {
    if (!WHATSAPP_NUMBER.test(number)) throw new RangeError(`"${number}" is not a WhatsApp number in international form`);
    links.whatsapp = `https://wa.me/${number}?text=${encodeURIComponent(`DAFTAR ${opts.code}`)}`;
  }
  return links;
}
