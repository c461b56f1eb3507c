// The zero of each decimal-digit block people in Indonesia may type from another keyboard layout.
const ZEROS = [0x30, 0x660, 0x6f0, 0x966, 0x9e6, 0xff10];

/** Rewrites digits typed in Arabic-Indic, Persian, Devanagari, Bengali or full-width form as 0–9. */
export function asciiDigits(text: string): string {
  return text.replace(/\p{Nd}/gu, (d) => {
    const cp = d.codePointAt(0) ?? 0;
    const zero = ZEROS.find((z) => cp >= z && cp <= z + 9);
    return zero === undefined ? d : String(cp - zero);
  });
}
