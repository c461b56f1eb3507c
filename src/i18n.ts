import community_en from '../locales/community.en.json' with { type: 'json' };
import community_id from '../locales/community.id.json' with { type: 'json' };
import conversation_en from '../locales/conversation.en.json' with { type: 'json' };
import conversation_id from '../locales/conversation.id.json' with { type: 'json' };
import en from '../locales/en.json' with { type: 'json' };
import faqEn from '../locales/faq.en.json' with { type: 'json' };
import faqId from '../locales/faq.id.json' with { type: 'json' };
import id from '../locales/id.json' with { type: 'json' };
import panel_en from '../locales/panel.en.json' with { type: 'json' };
import panel_id from '../locales/panel.id.json' with { type: 'json' };
import privacy_en from '../locales/privacy.en.json' with { type: 'json' };
import privacy_id from '../locales/privacy.id.json' with { type: 'json' };
import reminders_en from '../locales/reminders.en.json' with { type: 'json' };
import reminders_id from '../locales/reminders.id.json' with { type: 'json' };
import village_en from '../locales/village.en.json' with { type: 'json' };
import village_id from '../locales/village.id.json' with { type: 'json' };

/** Every reply text has a key in locales/id.json (or faq.id.json); a misspelt key fails the typecheck. */
export type MessageKey =
  | keyof typeof id
  | keyof typeof faqId
  | keyof typeof community_id
  | keyof typeof privacy_id
  | keyof typeof reminders_id
  | keyof typeof conversation_id
  | keyof typeof village_id
  | keyof typeof panel_id;

/** The languages daftarin speaks. */
export type Locale = 'id' | 'en';

/** A placeholder value: plain text or number, or money/dates formatted per locale. */
export type Param =
  | string
  | number
  | { money: number }
  | { date: string }
  | { key: MessageKey; params?: Params; locale?: Locale }
  | { lines: { key: MessageKey; params?: Params }[] };

/** Placeholder values by name. */
export type Params = Record<string, Param>;

// Why several files per language: coverage answers and community texts are edited apart from the flows' texts.
const tables: Record<Locale, Record<string, string>> = {
  id: { ...id, ...faqId, ...community_id, ...privacy_id, ...reminders_id, ...conversation_id, ...village_id, ...panel_id },
  en: { ...en, ...faqEn, ...community_en, ...privacy_en, ...reminders_en, ...conversation_en, ...village_en, ...panel_en },
};

/** Normalises anything to a supported locale, falling back to Indonesian. */
export function asLocale(value: string | null | undefined): Locale {
  return value === 'en' ? 'en' : 'id';
}

// Why module-level: an Intl formatter costs ~20 µs to build and is used many times per turn.
const rupiah = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });
const numbers: Record<Locale, Intl.NumberFormat> = { id: new Intl.NumberFormat('id-ID'), en: new Intl.NumberFormat('en-US') };

/** `Rp16.800` (both locales write rupiah the Indonesian way, as people read it on receipts). */
export function formatMoney(amount: number): string {
  return `Rp${rupiah.format(amount)}`;
}

const dateFormats: Record<Locale, Intl.DateTimeFormat> = {
  id: new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
};

/** `17 Agustus 1985` for a calendar date `1985-08-17`. */
export function formatDate(isoDate: string, locale: Locale): string {
  const d = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return isoDate;
  return dateFormats[locale].format(d);
}

function formatParam(value: Param, locale: Locale): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numbers[locale].format(value);
  if ('money' in value) return formatMoney(value.money);
  if ('date' in value) return formatDate(value.date, locale);
  if ('lines' in value) return value.lines.map((l) => t(locale, l.key, l.params)).join('\n');
  // A text in another language than the user's (an English question answered in English).
  return t(value.locale ?? locale, value.key, value.params);
}

/** Renders a message in a locale, filling `{name}` placeholders; unknown placeholders stay visible. */
export function t(locale: Locale, key: MessageKey, params: Params = {}): string {
  const template = tables[locale][key] ?? tables.id[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : formatParam(v, locale);
  });
}

/** Every key of a locale table, for the parity test. */
export function localeKeys(locale: Locale): string[] {
  return Object.keys(tables[locale]);
}

/** The raw template of a key, for the parity test. */
export function template(locale: Locale, key: string): string | undefined {
  return tables[locale][key];
}
