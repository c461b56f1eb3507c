import type { Locale, MessageKey } from '../../i18n.ts';
import { t } from '../../i18n.ts';
import type { SheetSpec } from '../../reports/spreadsheet.ts';

/** The template's columns, as headers (fixed Indonesian ids, read case-insensitively); the first four are required. */
export const COLUMNS = ['nama', 'nik', 'no_hp', 'pekerjaan', 'desa', 'penghasilan', 'jht', 'periode_bulan', 'pembayar'] as const;
/** One column id. */
export type Column = (typeof COLUMNS)[number];
/** Columns every row must fill. */
export const REQUIRED: readonly Column[] = ['nama', 'nik', 'no_hp', 'pekerjaan'];
/** The column the error file adds: what is wrong in each row. */
export const ERROR_COLUMN = 'perlu_diperbaiki';

/** The template's example row; a row exactly like it is left out (an office that kept it did not mean to register Siti). */
export const EXAMPLE_ROW: Record<Column, string> = {
  nama: 'Siti Aminah',
  nik: '3201014501900001',
  no_hp: '081234567890',
  pekerjaan: 'petani',
  desa: '',
  penghasilan: '1000000',
  jht: 'tidak',
  periode_bulan: '12',
  pembayar: 'apbdes',
};

const explanation = (c: Column) => `village.template.col.${c}` as MessageKey;

/** The template: the data sheet (header and the example row) and a sheet explaining each column in the user's language. */
export function templateSpec(locale: Locale): SheetSpec {
  return {
    sheetName: 'Daftar',
    header: COLUMNS,
    rows: [COLUMNS.map((c) => EXAMPLE_ROW[c])],
    notes: {
      sheetName: t(locale, 'village.template.notes_sheet'),
      header: [
        t(locale, 'village.template.head.column'),
        t(locale, 'village.template.head.required'),
        t(locale, 'village.template.head.meaning'),
      ],
      rows: COLUMNS.map((c) => [
        c,
        t(locale, REQUIRED.includes(c) ? 'common.yes' : 'village.template.optional'),
        t(locale, explanation(c)),
      ]),
    },
  };
}
