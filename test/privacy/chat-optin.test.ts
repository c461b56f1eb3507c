import { describe, expect, it } from 'vitest';
import { communityStore } from '../../src/store/communities.ts';
import { appPerTest } from './chat-app.ts';

const app = appPerTest((h) => {
  const c = communityStore(h.db);
  c.create('BAKSO-CKK', 'Paguyuban Bakso Cikokol', 'test', 1);
  c.create('OJEK-PSR', 'Pangkalan Ojek Pasar', 'test', 1);
});

const say = (text: string) => app().channel.say(text, { chatId: 'w1' });

/** Each community's announcement answer of the member, and whether they said `berhenti`. */
function choices() {
  const rows = app()
    .db.prepare(
      "SELECT c.code, m.opted_in FROM memberships m JOIN communities c ON c.id = m.community_id WHERE m.user_key = 'test:w1' ORDER BY c.code",
    )
    .all() as { code: string; opted_in: number | null }[];
  const user = app().db.prepare("SELECT opted_out_at FROM users WHERE key = 'test:w1'").get() as { opted_out_at: number | null };
  return { ...Object.fromEntries(rows.map((r) => [r.code, r.opted_in])), stopped: user.opted_out_at !== null };
}

/** Joins both communities: no to the bakso announcements, yes to the ojek ones. */
async function joinBoth() {
  await say('/start BAKSO-CKK');
  await say('tidak');
  await say('/start OJEK-PSR');
  await say('ya');
  expect(choices()).toEqual({ 'BAKSO-CKK': 0, 'OJEK-PSR': 1, stopped: false });
}

describe('mulai asks which community and confirms', () => {
  it('does not turn an explicit "no" into "yes": it asks about that community and keeps the no', async () => {
    await joinBoth();
    const ask = await say('mulai');
    expect(ask[0]).toContain('Terima lagi pengumuman dari *Paguyuban Bakso Cikokol*');
    expect(choices()).toEqual({ 'BAKSO-CKK': 0, 'OJEK-PSR': 1, stopped: false });
    expect((await say('tidak'))[0]).toContain('tidak menerima pengumuman dari Paguyuban Bakso Cikokol');
    expect(choices()).toEqual({ 'BAKSO-CKK': 0, 'OJEK-PSR': 1, stopped: false });
  });

  it('after berhenti, asks which community, then only that one is on again', async () => {
    await joinBoth();
    await say('berhenti');
    expect(choices()).toEqual({ 'BAKSO-CKK': 0, 'OJEK-PSR': 0, stopped: true });
    const pick = await say('mulai');
    expect(pick[0]).toContain('Pengumuman dari komunitas mana');
    expect(pick[0]).toContain('1. Paguyuban Bakso Cikokol');
    expect(pick[0]).toContain('2. Pangkalan Ojek Pasar');
    expect((await say('2'))[0]).toContain('Terima lagi pengumuman dari *Pangkalan Ojek Pasar*');
    expect(choices()).toEqual({ 'BAKSO-CKK': 0, 'OJEK-PSR': 0, stopped: true });
    expect((await say('ya'))[0]).toContain('akan menerima pengumuman dari Pangkalan Ojek Pasar');
    expect(choices()).toEqual({ 'BAKSO-CKK': 0, 'OJEK-PSR': 1, stopped: false });
  });

  it('says so when every community is already on, and changes nothing', async () => {
    await say('/start OJEK-PSR');
    await say('ya');
    expect((await say('mulai'))[0]).toContain('sudah menerima pengumuman dari semua komunitas');
  });
});
