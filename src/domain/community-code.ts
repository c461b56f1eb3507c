/** Words that say what kind of group it is, not which one: left out of community codes. */
export const GENERIC_WORDS: ReadonlySet<string> = new Set([
  'PAGUYUBAN',
  'KOMUNITAS',
  'KELOMPOK',
  'IKATAN',
  'PERSATUAN',
  'ASOSIASI',
  'FORUM',
  'PERKUMPULAN',
  'DESA',
  'KELURAHAN',
  'KEL',
  'PANGKALAN',
  'SERIKAT',
  'HIMPUNAN',
  'GABUNGAN',
  'KOPERASI',
  'DAN',
  'DI',
  'DARI',
  'PARA',
  'THE',
  'OF',
]);

const MAX_FIRST = 8;
const VOWELS = new Set(['A', 'E', 'I', 'O', 'U']);

/** Upper-case alphanumeric words of a name, accents dropped. */
function words(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
}

/** "CIKOKOL" → "CKK": the first letter, then the consonants after it; vowels fill in only when consonants run out. */
export function abbreviate(word: string): string {
  if (/^\d+$/.test(word)) return word.slice(0, 3);
  const [first = '', ...rest] = word;
  const consonants = rest.filter((c) => !VOWELS.has(c));
  const picked = [first, ...consonants].slice(0, 3);
  if (picked.length < 3) {
    // Too few consonants ("OIA"): take the word's letters in order instead.
    return word.slice(0, 3);
  }
  return picked.join('');
}

/** The readable base code of a community name: "Paguyuban Bakso Cikokol" → "BAKSO-CKK". */
export function baseCommunityCode(name: string): string {
  const all = words(name);
  const significant = all.filter((w) => !GENERIC_WORDS.has(w));
  // A name made only of generic words ("Paguyuban Desa") still deserves a code from what it says.
  const picked = significant.length > 0 ? significant : all;
  const [first, second] = picked;
  if (!first) return 'KOMUNITAS';
  const head = first.slice(0, MAX_FIRST);
  return second ? `${head}-${abbreviate(second)}` : head;
}

/** A code no one has yet: the base code, or the base with `-2`, `-3`… when `exists` says it is taken. */
export function newCommunityCode(name: string, exists: (code: string) => boolean): string {
  const base = baseCommunityCode(name);
  if (!exists(base)) return base;
  for (let n = 2; ; n++) {
    const code = `${base}-${n}`;
    if (!exists(code)) return code;
  }
}
