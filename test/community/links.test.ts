import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidPayload, signupLinks } from '../../src/domain/signup-links.ts';

describe('sign-up links', () => {
  it('builds the Telegram deep link and the WhatsApp prefilled text', () => {
    expect(signupLinks({ code: 'BAKSO-CKK', telegramUsername: 'daftarin_bot', whatsappNumber: '6281234567890' })).toEqual({
      telegram: 'https://t.me/daftarin_bot?start=BAKSO-CKK',
      whatsapp: 'https://wa.me/6281234567890?text=DAFTAR%20BAKSO-CKK',
    });
  });

  it('leaves out a link whose username or number is not configured, and tolerates @ and +', () => {
    expect(signupLinks({ code: 'R-7K3Q9' })).toEqual({});
    expect(signupLinks({ code: 'R-7K3Q9', telegramUsername: '@daftarin_bot' })).toEqual({
      telegram: 'https://t.me/daftarin_bot?start=R-7K3Q9',
    });
    expect(signupLinks({ code: 'R-7K3Q9', whatsappNumber: '+6281234567890' })).toEqual({
      whatsapp: 'https://wa.me/6281234567890?text=DAFTAR%20R-7K3Q9',
    });
  });

  it('accepts exactly the payloads Telegram accepts: 1–64 of A–Z a–z 0–9 _ -', () => {
    expect(isValidPayload('a'.repeat(64))).toBe(true);
    for (const bad of ['', 'a'.repeat(65), 'BAKSO CKK', 'BAKSO.CKK', 'BÄKSO', 'a/b', 'x?y=1'])
      expect(() => signupLinks({ code: bad, telegramUsername: 'daftarin_bot' })).toThrow(RangeError);
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), (code) => {
        const links = signupLinks({ code, telegramUsername: 'daftarin_bot', whatsappNumber: '6281234567890' });
        expect(new URL(links.telegram ?? '').searchParams.get('start')).toBe(code);
        expect(new URL(links.whatsapp ?? '').searchParams.get('text')).toBe(`DAFTAR ${code}`);
      }),
    );
  });

  it('refuses a username or number that would make a broken link', () => {
    expect(() => signupLinks({ code: 'X', telegramUsername: 'bad name' })).toThrow(RangeError);
    expect(() => signupLinks({ code: 'X', whatsappNumber: '0812-3456' })).toThrow(RangeError);
  });
});
