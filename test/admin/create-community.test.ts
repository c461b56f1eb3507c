import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { communityStore } from '../../src/store/communities.ts';
import { conversationStore } from '../../src/store/conversations.ts';
import { createCommunity, normalizeCommunityName } from '../../src/store/create-community.ts';
import { type Db, openDatabase } from '../../src/store/db.ts';
import { runAdminOn } from '../support/admin.ts';
import { startApp } from '../support/app.ts';
import { tempDir } from '../support/harness.ts';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

/** A member who already owns the personal code `BAKSO-CKK`, which a community must then not get. */
function takePersonalCode(db: Db) {
  conversationStore(db).createUser({ key: 'test:member', channel: 'test', chat_id: 'member', name: null, locale: null, now: 1 });
  communityStore(db).insertPersonal('BAKSO-CKK', 'test:member', 1);
}

/** What a created community amounts to, without who made it or when. */
function outcome(db: Db) {
  const communities = communityStore(db);
  return {
    communities: communities.all().map((c) => ({ code: c.code, name: c.name, admins: communities.admins(c.id) })),
    audit: (db.prepare('SELECT action, detail FROM audit ORDER BY id').all() as { action: string; detail: string }[]).filter((a) =>
      a.action.startsWith('community.'),
    ),
  };
}

const NAME = '  Paguyuban   Bakso Cikokol ';

describe('createCommunity(): one way to create a community', () => {
  it('the chat command and the admin CLI give the same code, name, admin and audit', async () => {
    const viaChat = join(tmp.dir, 'chat');
    const h = startApp(viaChat, { env: { ADMIN_IDS: 'test:boss' } });
    takePersonalCode(h.db);
    await h.channel.say('halo', { chatId: 'boss' });
    const created = await h.channel.say(`komunitas baru ${NAME}`, { chatId: 'boss' });
    expect(created[0]).toContain('BAKSO-CKK-2');
    await h.channel.say('tambah admin BAKSO-CKK-2 telegram:123', { chatId: 'boss' });
    const chat = outcome(h.db);
    await h.close();

    const cliPath = join(tmp.dir, 'cli', 'daftarin.db');
    const seed = openDatabase(cliPath);
    takePersonalCode(seed);
    seed.close();
    const r = runAdminOn(cliPath, ['community', 'create', '--name', NAME, '--admin', 'telegram:123']);
    expect(r).toMatchObject({ status: 0, err: '' });
    const db = openDatabase(cliPath);
    const cli = outcome(db);
    db.close();

    expect(chat).toEqual({
      communities: [{ code: 'BAKSO-CKK-2', name: 'Paguyuban Bakso Cikokol', admins: ['telegram:123'] }],
      audit: [
        { action: 'community.create', detail: 'code=BAKSO-CKK-2 name=Paguyuban Bakso Cikokol' },
        { action: 'community.add_admin', detail: 'code=BAKSO-CKK-2 admin=telegram:123' },
      ],
    });
    expect(cli).toEqual(chat);
  });

  it('accepts only names of 3 to 80 characters, whitespace tidied', () => {
    expect(normalizeCommunityName(' Ojek \t Pasar ')).toBe('Ojek Pasar');
    expect(normalizeCommunityName('ab   ')).toBeUndefined();
    expect(normalizeCommunityName('x'.repeat(80))).toHaveLength(80);
    expect(normalizeCommunityName('x'.repeat(81))).toBeUndefined();
  });

  it('numbers a second community of the same name, and audits in the same transaction', () => {
    const db = openDatabase(':memory:');
    const name = normalizeCommunityName('Pangkalan Ojek Pasar');
    if (!name) throw new Error('valid name refused');
    const codes = [1, 2].map((now) => createCommunity(db, { name, by: 'test', now }).code);
    expect(codes).toEqual(['OJEK-PSR', 'OJEK-PSR-2']);
    // A failing audit (here: the table is gone) must not leave a community without its audit line.
    db.exec('DROP TABLE audit');
    expect(() => createCommunity(db, { name, by: 'test', now: 3 })).toThrow(/audit/);
    expect(
      communityStore(db)
        .all()
        .map((c) => c.code),
    ).toEqual(['OJEK-PSR', 'OJEK-PSR-2']);
    db.close();
  });
});
