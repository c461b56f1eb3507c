/** A male NIK from Kab. Bogor, born 17 August 1985. */
export const NIK_MALE = '3201011708850001';
/** A female NIK (day + 40), born 17 August 1985. */
export const NIK_FEMALE = '3201015708850002';

/** A whole third-party registration after the greeting, up to the summary (the next '1' submits). */
export function registrationAnswers(nik = NIK_MALE, phone = '081234567890'): string[] {
  return ['daftar', 'ya', '5', 'budi santoso', nik, 'ya', phone, '1', 'sukamaju cibeber', '1', '1', '2', '6', '1'];
}

/** Replaces the random referral and personal invitation codes so two transcripts of the same script compare equal. */
export function maskCodes(lines: readonly string[]): string[] {
  return lines.map((l) => l.replace(/\b(DFT|R)-[2-9A-HJ-NP-Z]{5}\b/g, '$1-XXXXX'));
}
