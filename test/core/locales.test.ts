import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDate, formatMoney, t } from '../../src/i18n.ts';

const load = (f: string) => JSON.parse(readFileSync(new URL(`../../locales/${f}`, import.meta.url), 'utf8')) as Record<string, string>;
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('locales', () => {
  for (const [idFile, enFile] of [
    ['id.json', 'en.json'],
    ['faq.id.json', 'faq.en.json'],
    ['community.id.json', 'community.en.json'],
    ['conversation.id.json', 'conversation.en.json'],
    ['panel.id.json', 'panel.en.json'],
  ] as const) {
    it(`${idFile} and ${enFile} have the same keys and the same placeholders`, () => {
      const id = load(idFile);
      const en = load(enFile);
      expect(Object.keys(en).sort()).toEqual(Object.keys(id).sort());
      for (const key of Object.keys(id)) expect({ key, p: placeholders(en[key] ?? '') }).toEqual({ key, p: placeholders(id[key] ?? '') });
    });
  }

  it('formats money and dates the Indonesian way', () => {
    expect(formatMoney(16800)).toBe('Rp16.800');
    expect(formatMoney(1_000_000)).toBe('Rp1.000.000');
    expect(formatDate('1985-08-17', 'id')).toBe('17 Agustus 1985');
    expect(formatDate('1985-08-17', 'en')).toBe('17 August 1985');
  });

  it('fills placeholders, nested keys and lines', () => {
    expect(t('id', 'reg.error.nik.length', { expected: 16, count: 15 })).toBe(
      'NIK harus 16 angka, yang Kakak kirim 15 angka. Mohon periksa lagi KTP-nya.',
    );
    expect(t('en', 'cancel.confirm', { flow: { key: 'reg.title' } })).toBe(
      'Cancel worker registration? The answers given so far will be deleted.',
    );
  });
});
