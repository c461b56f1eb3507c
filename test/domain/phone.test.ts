import { describe, expect, it } from 'vitest';
import { displayPhone, parsePhone, phoneFromWhatsAppId } from '../../src/domain/phone.ts';

const ok = { ok: true, e164: '+6281234567890', national: '081234567890', display: '0812-3456-7890' };

describe('parsePhone', () => {
  it.each([
    '081234567890',
    '+6281234567890',
    '6281234567890',
    '81234567890',
    '0812 3456 7890',
    '0812-3456-7890',
    '0812.3456.7890',
    '(0812) 3456-7890',
    '+62 812-3456-7890',
    '(+62) 812 3456 7890',
    '+62 0812 3456 7890',
    '0062 812 3456 7890',
    '62-812-3456-7890',
    ' 0812\u00a03456\u200b7890 ',
    '０８１２３４５６７８９０',
  ])('accepts %j', (raw) => {
    expect(parsePhone(raw)).toEqual(ok);
  });

  it('handles 10- to 13-digit mobiles and groups them 4-4-rest', () => {
    expect(parsePhone('0811123456')).toMatchObject({ ok: true, e164: '+62811123456', display: '0811-1234-56' });
    expect(parsePhone('08123456789')).toMatchObject({ ok: true, e164: '+628123456789', display: '0812-3456-789' });
    expect(parsePhone('0812345678901')).toMatchObject({ ok: true, e164: '+62812345678901', display: '0812-3456-78901' });
  });

  it('accepts an 08xx prefix the metadata does not know, if it has the shape of a mobile', () => {
    expect(parsePhone('0840 1234 5678')).toMatchObject({ ok: true, e164: '+6284012345678', display: '0840-1234-5678' });
  });

  it('reports empty input', () => {
    expect(parsePhone('')).toEqual({ ok: false, error: { code: 'empty', params: {} } });
    expect(parsePhone(' - ')).toEqual({ ok: false, error: { code: 'empty', params: {} } });
  });

  it('reports invalid numbers with the digit count', () => {
    expect(parsePhone('0812345')).toEqual({ ok: false, error: { code: 'invalid', params: { digits: 7 } } });
    expect(parsePhone('0812 3456 7')).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(parsePhone('08123456789012')).toMatchObject({ ok: false, error: { code: 'invalid', params: { digits: 14 } } });
    expect(parsePhone('0812-ABC-7890')).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(parsePhone('12345')).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(parsePhone('+999 123 4567')).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(parsePhone('+62 9 1234 5678')).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('reports foreign numbers with their country', () => {
    expect(parsePhone('+60 12-345 6789')).toEqual({ ok: false, error: { code: 'foreign', params: { country: 'MY' } } });
    expect(parsePhone('+1 202 555 0123')).toEqual({ ok: false, error: { code: 'foreign', params: { country: 'US' } } });
    expect(parsePhone('+65 8123 4567')).toEqual({ ok: false, error: { code: 'foreign', params: { country: 'SG' } } });
    expect(parsePhone('0060 12 345 6789')).toMatchObject({ ok: false, error: { code: 'foreign', params: { country: 'MY' } } });
  });

  it('refuses landlines and other non-mobile numbers', () => {
    expect(parsePhone('021-5551234')).toEqual({ ok: false, error: { code: 'not_mobile', params: { kind: 'landline' } } });
    expect(parsePhone('(0361) 123456')).toEqual({ ok: false, error: { code: 'not_mobile', params: { kind: 'landline' } } });
    expect(parsePhone('+62 21 5551234')).toMatchObject({ ok: false, error: { code: 'not_mobile' } });
    expect(parsePhone('0800 123 4567')).toEqual({ ok: false, error: { code: 'not_mobile', params: { kind: 'toll_free' } } });
  });
});

describe('phoneFromWhatsAppId', () => {
  it('reads the number from a WhatsApp id', () => {
    expect(phoneFromWhatsAppId('628123456789@c.us')).toBe('+628123456789');
    expect(phoneFromWhatsAppId('6281234567890@s.whatsapp.net')).toBe('+6281234567890');
    expect(phoneFromWhatsAppId('6281234567890:12@s.whatsapp.net')).toBe('+6281234567890');
  });
  it('returns undefined for ids without an Indonesian mobile number', () => {
    expect(phoneFromWhatsAppId('60123456789@c.us')).toBeUndefined();
    expect(phoneFromWhatsAppId('123456789012345@lid')).toBeUndefined();
    expect(phoneFromWhatsAppId('120363025246125888@g.us')).toBeUndefined();
    expect(phoneFromWhatsAppId('62215551234@c.us')).toBeUndefined();
    expect(phoneFromWhatsAppId('')).toBeUndefined();
    expect(phoneFromWhatsAppId('telegram:12345')).toBeUndefined();
  });
});

describe('displayPhone', () => {
  it('shows Indonesian mobiles as 0812-3456-7890', () => {
    expect(displayPhone('+6281234567890')).toBe('0812-3456-7890');
    expect(displayPhone('+628123456789')).toBe('0812-3456-789');
  });
  it('leaves other numbers readable and empty input empty', () => {
    expect(displayPhone('+60123456789')).toBe('+60 12 345 6789');
    expect(displayPhone('')).toBe('');
    expect(displayPhone('nonsense')).toBe('nonsense');
  });
});
