import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tokenHash } from '../../src/features/panel-access.ts';
import { openDatabase } from '../../src/store/db.ts';
import { operatorStore } from '../../src/store/operators.ts';
import { runAdminOn } from '../support/admin.ts';
import { startApp } from '../support/app.ts';
import { tempDir } from '../support/harness.ts';

let tmp: ReturnType<typeof tempDir>;
let dbPath: string;
beforeEach(() => {
  tmp = tempDir();
  dbPath = join(tmp.dir, 'daftarin.db');
});
afterEach(() => tmp.cleanup());

const linkHashes = () => {
  const db = openDatabase(dbPath);
  try {
    return db.prepare('SELECT token_hash, user_key, expires_at - created_at AS ttl FROM panel_links').all();
  } finally {
    db.close();
  }
};

describe('admin CLI: panel-link and operators', () => {
  it('prints a one-time link for the terminal user (a super-admin) and stores only its hash', () => {
    const r = runAdminOn(dbPath, ['panel-link'], { PANEL_PUBLIC_URL: 'https://panel.example.org/' });
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/^https:\/\/panel\.example\.org\/login\?t=[\w-]{43}$/);
    expect(r.err).toContain('terminal:local (super), valid 10 minutes');
    const token = new URL(r.out).searchParams.get('t') ?? '';
    expect(linkHashes()).toEqual([{ token_hash: tokenHash(token), user_key: 'terminal:local', ttl: 600_000 }]);
    expect(runAdminOn(dbPath, ['panel-link']).out).toMatch(/^http:\/\/127\.0\.0\.1:8080\/login\?t=/);
  });

  it('refuses a link for someone without a role, and when the panel is off', () => {
    expect(runAdminOn(dbPath, ['panel-link', '--as', 'telegram:42'])).toMatchObject({
      status: 1,
      err: expect.stringContaining('no panel role'),
    });
    expect(runAdminOn(dbPath, ['panel-link'], { PANEL_PORT: '0' })).toMatchObject({
      status: 1,
      err: expect.stringContaining('PANEL_PORT=0'),
    });
  });

  it('adds operators with a region prefix, lists and removes them, and audits each change', () => {
    expect(runAdminOn(dbPath, ['operator', 'add', 'telegram:42', '--region', '3671'])).toMatchObject({
      status: 0,
      out: 'telegram:42 is an operator for 36.71 (Kota Tangerang).',
    });
    expect(runAdminOn(dbPath, ['operator', 'add', 'whatsapp:6281@c.us'])).toMatchObject({
      status: 0,
      out: expect.stringContaining('every region'),
    });
    expect(runAdminOn(dbPath, ['operator', 'add', 'telegram:43', '--region', '99.99'])).toMatchObject({ status: 1 });
    expect(runAdminOn(dbPath, ['operator', 'list']).out).toBe('telegram:42\t36.71 Kota Tangerang\nwhatsapp:6281@c.us\t*');
    expect(runAdminOn(dbPath, ['panel-link', '--as', 'telegram:42']).status).toBe(0);
    expect(runAdminOn(dbPath, ['operator', 'remove', 'telegram:42']).status).toBe(0);
    expect(runAdminOn(dbPath, ['operator', 'remove', 'telegram:42']).status).toBe(1);
    expect(runAdminOn(dbPath, ['audit']).out).toMatch(
      /operator\.remove\toperator=telegram:42[\s\S]*panel\.link\tfor=telegram:42[\s\S]*operator\.add\toperator=telegram:42 region=36\.71/,
    );
  });
});

describe('chat: panel', () => {
  it('gives admins and operators a one-time link; for anyone else "panel" is just a question', async () => {
    const h = startApp(tmp.dir, { env: { ADMIN_IDS: 'test:boss', PANEL_PUBLIC_URL: 'http://10.0.0.5:8080' } });
    try {
      // Any first message is greeted with the menu; commands work from then on.
      for (const chatId of ['boss', 'op', 'u1']) await h.channel.say('halo', { chatId });
      const [reply] = await h.channel.say('panel', { chatId: 'boss' });
      expect(reply).toMatch(/^Tautan masuk panel \(berlaku 10 menit, sekali pakai\):\nhttp:\/\/10\.0\.0\.5:8080\/login\?t=[\w-]{43}\n/);
      operatorStore(h.db).add('test:op', '36', 'test', h.clock.now());
      expect((await h.channel.say('/panel', { chatId: 'op' }))[0]).toContain('/login?t=');
      const stranger = await h.channel.say('panel', { chatId: 'u1' });
      expect(stranger.join('\n')).not.toContain('/login?t=');
      expect(h.db.prepare('SELECT user_key FROM panel_links ORDER BY created_at').all()).toEqual([
        { user_key: 'test:boss' },
        { user_key: 'test:op' },
      ]);
    } finally {
      await h.close();
    }
  });

  it('says the panel is off when PANEL_PORT is 0', async () => {
    const h = startApp(tmp.dir, { env: { ADMIN_IDS: 'test:boss', PANEL_PORT: '0' } });
    try {
      await h.channel.say('halo', { chatId: 'boss' });
      expect(await h.channel.say('panel', { chatId: 'boss' })).toEqual([
        'Panel web sedang dimatikan (PANEL_PORT=0). Hubungi pengelola server.',
      ]);
    } finally {
      await h.close();
    }
  });
});
