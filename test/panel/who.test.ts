import { describe, expect, it } from 'vitest';
import { displayName } from '../../src/panel/who.ts';
import { PEOPLE, panelFixture } from './support.ts';

/** The header's "who" box of a page. */
const whoBox = (html: string) => /<div class="who">([\s\S]*?)<form/.exec(html)?.[1] ?? '';

describe('the header’s display name', () => {
  it('uses the chat name, tidied, when the user has one', () => {
    expect(displayName('id', 'telegram:1001', '  Pak   Darto ')).toBe('Pak Darto');
    expect(displayName('id', 'telegram:1001', 'x'.repeat(90))).toBe(`${'x'.repeat(59)}…`);
  });

  it('falls back to a readable channel and id, never the raw key', () => {
    expect(displayName('id', 'telegram:1001', null)).toBe('Telegram 1001');
    expect(displayName('en', 'telegram:1001', '   ')).toBe('Telegram 1001');
    expect(displayName('id', 'whatsapp:6281234567890@c.us')).toBe('WhatsApp 6281234567890');
    expect(displayName('en', 'terminal:local')).toBe('Terminal local');
    expect(displayName('id', 'signal:77')).toBe('Signal 77');
  });

  it('shows the signed-in person in every page’s header: their name, else the fallback, with the role', async () => {
    const f = panelFixture();
    try {
      f.seed.user(PEOPLE.communityAdmin, { name: 'Bu Sri Rahayu' });
      const named = whoBox(await (await (await f.loginAs(PEOPLE.communityAdmin)).get('/')).text());
      expect(named).toContain('Bu Sri Rahayu');
      expect(named).toContain('admin komunitas');
      const unnamed = whoBox(await (await (await f.loginAs(PEOPLE.operatorIn)).get('/referrals')).text());
      expect(unnamed).toContain('Telegram 1001');
      expect(unnamed).not.toContain(PEOPLE.operatorIn);
    } finally {
      f.close();
    }
  });
});
