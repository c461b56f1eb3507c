import { describe, expect, it } from 'vitest';
import { cleanText } from '../../src/engine/commands.ts';
import { referralCsvLines } from '../../src/reports/referral-csv.ts';
import { sanitizeLine, sanitizeText } from '../../src/util/sanitize.ts';
import { runAdminOn } from '../support/admin.ts';
import { appPerTest } from './chat-app.ts';
import { insertReferral } from './chat-rows.ts';

/** Every character the review got through: isolates, Arabic letter mark, soft hyphen, overrides, BEL, ESC, C1. */
const HOSTILE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u061C\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/;

describe('one sanitiser for text stored or shown to someone else', () => {
  it.each([
    ['Bu\u00addi \u2066Santoso\u2069', 'Budi Santoso'],
    ['\u061Cnama\u202E', 'nama'],
    ['Bakso\u0007 \u001b[31mMerah\u001b[0m', 'Bakso Merah'],
    ['title \u001b]0;pwned\u0007done', 'title done'],
    ['c1 \u009b31m', 'c1 '],
  ])('sanitizeText(%j) → %j', (raw, clean) => {
    expect(sanitizeText(raw)).toBe(clean);
  });

  it('keeps line breaks in messages and folds them in one-line values', () => {
    expect(sanitizeText('baris 1\nbaris 2')).toBe('baris 1\nbaris 2');
    expect(sanitizeLine(' Pak\n\tBudi ')).toBe('Pak Budi');
  });

  it('chat input loses isolates, the Arabic letter mark and soft hyphens', () => {
    expect(cleanText('\u2066daf\u00adtar\u2069\u061C')).toBe('daftar');
  });

  describe('through the app and the CLI', () => {
    const app = appPerTest();

    it('stores a Telegram/WhatsApp display name without bidi overrides or terminal escapes', async () => {
      await app().app.bot.handle(app().channel, {
        chatId: 'n1',
        messageId: 'n1-1',
        text: 'halo',
        name: '\u202EiduB\u001b[2J \u2066Pak\u2069',
      });
      const row = app().db.prepare("SELECT name FROM users WHERE key = 'test:n1'").get() as { name: string };
      expect(row.name).toBe('iduB Pak');
    });

    it('community create --name stores a clean name', async () => {
      const r = runAdminOn(app().config.DATABASE_PATH, ['community', 'create', '--name', '\u202EPaguyuban\u0007 Bakso \u001b[31mCikokol']);
      expect(r.status).toBe(0);
      const row = app().db.prepare('SELECT name FROM communities').get() as { name: string };
      expect(row.name).toBe('Paguyuban Bakso Cikokol');
      expect(r.out).not.toMatch(HOSTILE);
    });

    it('the CSV export carries no control or bidi character, even from rows stored before', () => {
      insertReferral(app().db, app().vault, { referrer: 'test:r1', nik: '3201011708850001', name: 'Budi\u202E\u0007 \u001b[31mSantoso' });
      const csv = [...referralCsvLines(app().db, {})].join('\n');
      expect(csv).toContain('Budi Santoso');
      expect(csv).not.toMatch(HOSTILE);
    });
  });
});
