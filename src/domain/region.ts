import { provinceName, regencyName } from './areas.ts';

/**
 * A Kemendagri region code prefix as stored ('36' a province, '36.71' a kabupaten/kota) from what an operator
 * typed ('36.71', '3671', '36'), or undefined when no such province or regency exists.
 */
export function parseRegion(raw: string): string | undefined {
  const digits = raw.trim().replace(/[\s.]/g, '');
  if (!/^\d{2}(\d{2})?$/.test(digits)) return undefined;
  const code = digits.length === 2 ? digits : `${digits.slice(0, 2)}.${digits.slice(2)}`;
  return (code.length === 2 ? provinceName(code) : regencyName(code)) ? code : undefined;
}

/** The region's name ('Kota Tangerang', 'Banten'), or the code itself when unknown. */
export function regionLabel(code: string): string {
  return (code.length === 2 ? provinceName(code) : regencyName(code)) ?? code;
}
