// Terminal escape sequences as a whole (CSI `ESC [ … m`, OSC `ESC ] … BEL`, single-character `ESC x`): removing
// only the ESC would leave "[31m" behind in an admin's terminal or CSV.
const ESCAPES = /\u001B\[[0-?]*[ -/]*[@-~]|\u009B[0-?]*[ -/]*[@-~]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)?|\u001B[@-_]?/g;

// C0 controls except tab and newlines, DEL and C1 controls; soft hyphen; Arabic letter mark; Mongolian vowel
// separator; zero-width characters; bidi embeddings, overrides and isolates (U+202A–202E, U+2066–2069); word
// joiners and invisible operators; BOM. Why: they hide or reorder text shown to someone else (a name that reads
// backwards, a code that looks like another), and none of them is ever needed in what daftarin stores.
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF]/g;

/**
 * The one sanitiser for text that is stored or shown to another person: removes terminal escapes, control,
 * zero-width and bidi characters. Keeps tabs and line breaks (a chat message may have several lines).
 */
export function sanitizeText(text: string): string {
  return text.replace(ESCAPES, '').replace(INVISIBLE, '');
}

/** {@link sanitizeText} for one-line values (display names, community names, CSV cells): whitespace runs become one space. */
export function sanitizeLine(text: string): string {
  return sanitizeText(text).replace(/\s+/g, ' ').trim();
}
