/** Why a name was refused, with what the user typed that was wrong. */
export type NameError =
  | { code: 'too_short'; params: { min: number } }
  | { code: 'too_long'; params: { max: number; count: number } }
  | { code: 'digits'; params: Record<string, never> }
  | { code: 'chars'; params: { chars: string } };

/** The name as it should be stored, or why not. */
export type NameResult = { ok: true; name: string } | { ok: false; error: NameError };

const MIN = 3;
const MAX = 60;

/** "bUDI  santoso" → "Budi Santoso": capitalises each word, also after `-` and `.` (not after an apostrophe: "Ma'ruf"). */
export function tidyName(raw: string): string {
  return raw
    .trim()
    .replace(/\s+/g, ' ')
    .toLocaleLowerCase('id-ID')
    .replace(/(^|[\s\-.])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toLocaleUpperCase('id-ID'));
}

/** Checks a full name as on the KTP: letters, spaces, `.` `'` `-`, 3–60 characters. */
export function parseFullName(raw: string): NameResult {
  const collapsed = raw.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (/\d/.test(collapsed)) return { ok: false, error: { code: 'digits', params: {} } };
  // KTP names are written in Latin letters (with accents at most): other scripts are refused with the characters shown.
  const bad = [...new Set(collapsed.replace(/[\p{Script=Latin}\p{M} .'’-]/gu, ''))];
  if (bad.length) return { ok: false, error: { code: 'chars', params: { chars: bad.slice(0, 5).join(' ') } } };
  const letters = collapsed.replace(/[^\p{L}]/gu, '');
  if (letters.length < MIN - 1 || collapsed.length < MIN) return { ok: false, error: { code: 'too_short', params: { min: MIN } } };
  if (collapsed.length > MAX) return { ok: false, error: { code: 'too_long', params: { max: MAX, count: collapsed.length } } };
  return { ok: true, name: tidyName(collapsed.replace(/’/g, "'")) };
}
