import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('configuration', () => {
  it('runs with no configuration at all: terminal, data/daftarin.db, Indonesian', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      CHANNELS: ['terminal'],
      DATABASE_PATH: 'data/daftarin.db',
      DEFAULT_LOCALE: 'id',
      TERMINAL_USER: 'local',
      TIMEZONE: 'Asia/Jakarta',
      CONVERSATION_IDLE_MINUTES: 30,
      CONVERSATION_EXPIRY_DAYS: 7,
      MIN_AGE: 15,
      MAX_AGE: 65,
    });
  });

  it('parses lists and numbers', () => {
    const c = loadConfig({
      CHANNELS: 'terminal, telegram',
      TELEGRAM_BOT_TOKEN: '1:x',
      ADMIN_IDS: 'telegram:42,whatsapp:628123@c.us',
      CONVERSATION_IDLE_MINUTES: '5',
    });
    expect(c.CHANNELS).toEqual(['terminal', 'telegram']);
    expect(c.ADMIN_IDS).toEqual(['telegram:42', 'whatsapp:628123@c.us']);
    expect(c.CONVERSATION_IDLE_MINUTES).toBe(5);
  });

  it('names every wrong variable and what it accepts', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ CHANNELS: 'sms', TIMEZONE: 'Mars/Olympus', DATA_KEY: 'short', ADMIN_IDS: 'bob', MIN_AGE: '70' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = error?.message ?? '';
    expect(text).toContain('CHANNELS');
    expect(text).toContain('TIMEZONE: an IANA time zone');
    expect(text).toContain('DATA_KEY: 64 hex characters');
    expect(text).toContain('ADMIN_IDS');
  });

  it('requires a Telegram token when Telegram is on', () => {
    expect(() => loadConfig({ CHANNELS: 'telegram' })).toThrow(/TELEGRAM_BOT_TOKEN: required when CHANNELS includes telegram/);
  });
});
