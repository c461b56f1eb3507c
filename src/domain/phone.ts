// Why the 'max' metadata: only it carries the per-type number patterns that getType() needs to tell
// a mobile (0812…) from a landline (021…) or a toll-free number (0800…). With the default 'min'
// metadata getType() returns undefined and isValid() checks little more than the length. The larger
// bundle (~150 kB) is irrelevant on a server.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { asciiDigits } from './digits.ts';

/** Why a phone number was refused: a code for the locale texts plus the values they interpolate. */
export interface PhoneError {
  code: 'empty' | 'invalid' | 'foreign' | 'not_mobile';
  params: Record<string, string | number>;
}

/** An Indonesian mobile number in the forms the bot stores and shows, or why it was refused. */
export type PhoneResult = { ok: true; e164: string; display: string; national: string } | { ok: false; error: PhoneError };

// What people put between digits: spaces (also Unicode and invisible ones), dashes, dots, brackets, slashes.
const SEPARATORS = /[\s\u00a0\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff\-\u2010-\u2015\u2212.()[\]/]/g;

// An Indonesian mobile as a national number without the trunk 0: 8, a non-zero digit (080x is
// toll-free/shared-cost), then 7–10 digits, i.e. 10–13 digits when written with the leading 0.
const MOBILE_SHAPE = /^8[1-9]\d{7,10}$/;

/**
 * Parses an Indonesian mobile number typed as 0812…, +62812…, 62812…, 0062812… or 812…, with any
 * spaces, dashes, dots or brackets.
 *
 * "Valid" vs "possible": a number libphonenumber calls valid is accepted when its type is MOBILE (or
 * FIXED_LINE_OR_MOBILE) and refused as `not_mobile` for any other type (landline, toll-free, …). A
 * number it does not know as valid is still accepted when it has the shape of a mobile (08 + 8–11
 * digits): operators open new 08xx prefixes before the metadata catches up, and the OTP that JMO
 * sends is the real check. Everything else is `invalid`.
 */
export function parsePhone(raw: string): PhoneResult {
  const fail = (code: PhoneError['code'], params: PhoneError['params'] = {}): PhoneResult => ({ ok: false, error: { code, params } });
  const cleaned = asciiDigits(raw.normalize('NFKC')).replace(SEPARATORS, '');
  if (cleaned === '') return fail('empty');
  const digits = cleaned.replace(/\D/g, '').length;
  if (!/^\+?\d+$/.test(cleaned)) return fail('invalid', { digits });

  let text: string;
  if (cleaned.startsWith('+')) text = cleaned;
  else if (cleaned.startsWith('00')) text = `+${cleaned.slice(2)}`;
  // No national number starts with 62 (it would start with the trunk 0): this is +62 without the plus.
  else if (cleaned.startsWith('62')) text = `+${cleaned}`;
  else if (cleaned.startsWith('0')) text = cleaned;
  // Mobile numbers are often written without the trunk 0 (812…), as in the +62 form.
  else if (cleaned.startsWith('8')) text = `0${cleaned}`;
  else return fail('invalid', { digits });

  const p = parsePhoneNumberFromString(text, 'ID');
  if (!p) return fail('invalid', { digits });
  if (p.countryCallingCode !== '62') return fail('foreign', { country: p.country ?? `+${p.countryCallingCode}` });

  const national = String(p.nationalNumber);
  if (p.isValid()) {
    const type = p.getType();
    if (type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE') {
      return fail('not_mobile', { kind: type === 'FIXED_LINE' ? 'landline' : type === 'TOLL_FREE' ? 'toll_free' : 'other' });
    }
  } else if (!MOBILE_SHAPE.test(national)) {
    return fail('invalid', { digits });
  }
  return { ok: true, e164: `+62${national}`, national: `0${national}`, display: groupNational(`0${national}`) };
}

/** The E.164 number of a WhatsApp user id ('628123456789@c.us'), when it is an Indonesian mobile. */
export function phoneFromWhatsAppId(id: string): string | undefined {
  // '@c.us' (whatsapp-web.js) and '@s.whatsapp.net' ids hold the number, maybe with a ':device' suffix;
  // '@lid' (linked ids) and '@g.us' (groups) do not hold a phone number at all.
  const m = /^(\d{6,15})(?::\d+)?@(c\.us|s\.whatsapp\.net)$/.exec(id.trim());
  if (!m) return undefined;
  const r = parsePhone(`+${m[1]}`);
  return r.ok ? r.e164 : undefined;
}

/** Shows an E.164 number the way Indonesians write it: '+6281234567890' → '0812-3456-7890'. */
export function displayPhone(e164: string): string {
  if (e164.trim() === '') return '';
  const r = parsePhone(e164);
  if (r.ok) return r.display;
  const p = parsePhoneNumberFromString(e164);
  return p ? p.formatInternational() : e164;
}

// 4-4-rest, the grouping used on SIM packs and in shops: 0812-3456-7890, 0811-1234-56.
function groupNational(national: string): string {
  return [national.slice(0, 4), national.slice(4, 8), national.slice(8)].filter((g) => g !== '').join('-');
}
