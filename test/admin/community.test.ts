import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../src/store/db.ts';
import { seeder } from '../community/seed.ts';
import { runAdminOn } from '../support/admin.ts';
import { tempDir } from '../support/harness.ts';

const jsQR = jsQRModule.default;
const LINKS = { TELEGRAM_BOT_USERNAME: 'daftarin_bot', WHATSAPP_NUMBER: '6281100000000' };

let tmp: ReturnType<typeof tempDir>;
let dbPath: string;

beforeEach(() => {
  tmp = tempDir();
  dbPath = join(tmp.dir, 'daftarin.db');
});
afterEach(() => tmp.cleanup());

function admin(env: Record<string, string>, ...argv: string[]) {
  return runAdminOn(dbPath, argv, env);
}

function withDb<T>(f: (db: Db) => T): T {
  const db = openDatabase(dbPath);
  try {
    return f(db);
  } finally {
    db.close();
  }
}

const auditActions = () =>
  withDb((db) => db.prepare('SELECT action, detail FROM audit ORDER BY id').all() as { action: string; detail: string }[]);

function decodePng(file: string) {
  const img = PNG.sync.read(readFileSync(file));
  return { width: img.width, height: img.height, text: jsQR(new Uint8ClampedArray(img.data), img.width, img.height)?.data };
}

describe('npm run admin -- community', () => {
  it('create prints the readable code and both sign-up links, adds the admin, and audits both', () => {
    const r = admin(LINKS, 'community', 'create', '--name', 'Paguyuban Bakso Cikokol', '--admin', 'telegram:123');
    expect(r).toMatchObject({ status: 0, err: '' });
    expect(r.out).toBe(
      [
        'Created "Paguyuban Bakso Cikokol" with code BAKSO-CKK.',
        '  Telegram: https://t.me/daftarin_bot?start=BAKSO-CKK',
        '  WhatsApp: https://wa.me/6281100000000?text=DAFTAR%20BAKSO-CKK',
        '  Admin: telegram:123',
        'Poster: npm run admin -- qr BAKSO-CKK --out bakso-ckk.png',
      ].join('\n'),
    );
    expect(
      withDb((db) => db.prepare('SELECT c.code, a.user_key FROM communities c JOIN community_admins a ON a.community_id = c.id').all()),
    ).toEqual([{ code: 'BAKSO-CKK', user_key: 'telegram:123' }]);
    expect(auditActions()).toEqual([
      { action: 'community.create', detail: 'code=BAKSO-CKK name=Paguyuban Bakso Cikokol' },
      { action: 'community.add_admin', detail: 'code=BAKSO-CKK admin=telegram:123' },
    ]);
    // The same name again gets a suffix instead of a clash.
    expect(admin(LINKS, 'community', 'create', '--name', 'Paguyuban Bakso Cikokol').out).toContain('with code BAKSO-CKK-2.');
  });

  it('create says which variable a missing link needs, and refuses a bad name or admin', () => {
    const r = admin({}, 'community', 'create', '--name', 'Pangkalan Ojek Pasar');
    expect(r.status).toBe(0);
    expect(r.out).toContain('Telegram: (set TELEGRAM_BOT_USERNAME to get the t.me link)');
    expect(r.out).toContain('WhatsApp: (set WHATSAPP_NUMBER to get the wa.me link)');
    expect(admin({}, 'community', 'create')).toMatchObject({ status: 1, err: expect.stringContaining('--name is required') });
    expect(admin({}, 'community', 'create', '--name', 'Ab')).toMatchObject({
      status: 1,
      err: expect.stringContaining('3 to 80 characters'),
    });
    expect(admin({}, 'community', 'create', '--name', 'Geng Baru', '--admin', 'bob')).toMatchObject({
      status: 1,
      err: expect.stringContaining('"bob" is not channel:chatId'),
    });
    expect(admin({}, 'community', 'frobnicate')).toMatchObject({ status: 1, err: expect.stringContaining('Usage: community create') });
    expect(withDb((db) => db.prepare('SELECT count(*) AS n FROM communities').get())).toEqual({ n: 1 });
  });

  it('add-admin and list', () => {
    admin({}, 'community', 'create', '--name', 'Paguyuban Bakso Cikokol');
    admin({}, 'community', 'create', '--name', 'Pangkalan Ojek Pasar');
    expect(admin({}, 'community', 'add-admin', 'bakso-ckk', 'whatsapp:6281234567890@c.us')).toMatchObject({
      status: 0,
      out: 'whatsapp:6281234567890@c.us is now an admin of "Paguyuban Bakso Cikokol" (BAKSO-CKK).',
    });
    expect(admin({}, 'community', 'add-admin', 'NOPE-XYZ', 'telegram:1')).toMatchObject({
      status: 1,
      err: expect.stringContaining('No community with code "NOPE-XYZ"'),
    });
    expect(admin({}, 'community', 'add-admin', 'BAKSO-CKK')).toMatchObject({
      status: 1,
      err: expect.stringContaining('Usage: community add-admin'),
    });
    expect(admin({}, 'community', 'add-admin', 'BAKSO-CKK', '12345')).toMatchObject({
      status: 1,
      err: expect.stringContaining('not channel:chatId'),
    });
    withDb((db) => {
      const s = seeder(db);
      s.member(1, 'telegram:55', { via: 'BAKSO-CKK' });
    });
    expect(admin({}, 'community', 'list').out).toBe(
      [
        'BAKSO-CKK\tPaguyuban Bakso Cikokol\tmembers=1\tadmins=whatsapp:6281234567890@c.us',
        'OJEK-PSR\tPangkalan Ojek Pasar\tmembers=0\tadmins=-',
      ].join('\n'),
    );
    expect(auditActions().map((a) => a.action)).toEqual(['community.create', 'community.create', 'community.add_admin', 'community.list']);
  });
});

describe('npm run admin -- qr', () => {
  it('writes an A4 poster whose QR decodes to the Telegram link, or the WhatsApp one on request', () => {
    admin(LINKS, 'community', 'create', '--name', 'Paguyuban Bakso Cikokol');
    const file = join(tmp.dir, 'bakso.png');
    const r = admin(LINKS, 'qr', 'BAKSO-CKK', '--out', file);
    expect(r).toMatchObject({
      status: 0,
      out: `Wrote ${file}: A4 poster (1240×1754 px, 150 dpi) for https://t.me/daftarin_bot?start=BAKSO-CKK`,
    });
    expect(decodePng(file)).toEqual({ width: 1240, height: 1754, text: 'https://t.me/daftarin_bot?start=BAKSO-CKK' });
    const wa = join(tmp.dir, 'bakso-wa.png');
    expect(admin(LINKS, 'qr', 'bakso-ckk', '--out', wa, '--link', 'whatsapp').status).toBe(0);
    expect(decodePng(wa).text).toBe('https://wa.me/6281100000000?text=DAFTAR%20BAKSO-CKK');
    // With only a WhatsApp number configured, that is the default.
    const only = join(tmp.dir, 'only-wa.png');
    expect(admin({ WHATSAPP_NUMBER: '6281100000000' }, 'qr', 'BAKSO-CKK', '--out', only).status).toBe(0);
    expect(decodePng(only).text).toBe('https://wa.me/6281100000000?text=DAFTAR%20BAKSO-CKK');
    expect(auditActions().filter((a) => a.action === 'community.qr')).toHaveLength(3);
  });

  it('explains clearly when the link cannot be built or the arguments are wrong', () => {
    admin({}, 'community', 'create', '--name', 'Paguyuban Bakso Cikokol');
    const file = join(tmp.dir, 'x.png');
    expect(admin({ WHATSAPP_NUMBER: '6281100000000' }, 'qr', 'BAKSO-CKK', '--out', file, '--link', 'telegram')).toMatchObject({
      status: 1,
      err: expect.stringContaining('The Telegram link needs TELEGRAM_BOT_USERNAME'),
    });
    expect(admin({ TELEGRAM_BOT_USERNAME: 'daftarin_bot' }, 'qr', 'BAKSO-CKK', '--out', file, '--link', 'whatsapp')).toMatchObject({
      status: 1,
      err: expect.stringContaining('The WhatsApp link needs WHATSAPP_NUMBER'),
    });
    expect(admin({}, 'qr', 'BAKSO-CKK', '--out', file)).toMatchObject({
      status: 1,
      err: expect.stringContaining('set TELEGRAM_BOT_USERNAME'),
    });
    expect(admin(LINKS, 'qr', 'BAKSO-CKK')).toMatchObject({ status: 1, err: expect.stringContaining('--out is required') });
    expect(admin(LINKS, 'qr', 'NOPE', '--out', file)).toMatchObject({
      status: 1,
      err: expect.stringContaining('No community with code "NOPE"'),
    });
    expect(admin(LINKS, 'qr', 'BAKSO-CKK', '--out', file, '--link', 'sms')).toMatchObject({
      status: 1,
      err: expect.stringContaining('telegram or whatsapp'),
    });
    // A folder cannot be made under a plain file: the write fails with one clear line.
    writeFileSync(join(tmp.dir, 'plain'), '');
    expect(admin(LINKS, 'qr', 'BAKSO-CKK', '--out', join(tmp.dir, 'plain', 'poster.png'))).toMatchObject({
      status: 1,
      err: expect.stringContaining('Could not write'),
    });
    expect(auditActions().filter((a) => a.action === 'community.qr')).toHaveLength(0);
  });
});

describe('npm run admin -- stats', () => {
  beforeEach(() => {
    admin({}, 'community', 'create', '--name', 'Paguyuban Bakso Cikokol');
    admin({}, 'community', 'create', '--name', 'Pangkalan Ojek Pasar');
    withDb((db) => {
      const s = seeder(db);
      s.member(1, 'telegram:11', { via: 'BAKSO-CKK', name: 'Sari' });
      s.member(2, 'telegram:22', { via: 'OJEK-PSR', name: 'Joko' });
      for (let i = 0; i < 62; i++) s.referral('telegram:11', { village: '32.01.06.2001', communityId: 1 });
      for (let i = 0; i < 7; i++) s.referral('telegram:22', { village: '32.01.16.2013', communityId: 2 });
    });
  });

  it('shows one community, with the configured desa target, and nothing of another', () => {
    const r = admin({ DESA_TARGET: '80' }, 'stats', '--community', 'bakso-ckk');
    expect(r.status).toBe(0);
    expect(r.out).toContain('Statistik Paguyuban Bakso Cikokol');
    expect(r.out).toContain('Desa Sukamaju ▓▓▓▓▓▓▓░░░ 62/80');
    expect(r.out).not.toContain('Ojek');
    expect(r.out).not.toContain('Joko');
    expect(auditActions().at(-1)).toEqual({ action: 'community.stats', detail: 'community=BAKSO-CKK' });
  });

  it('shows everything without --community, in the default language', () => {
    const r = admin({ DEFAULT_LOCALE: 'en' }, 'stats');
    expect(r.out).toContain('Statistics of all communities and registrations');
    expect(r.out).toContain('Desa Sukamaju (Jonggol) ▓▓▓▓▓▓░░░░ 62/100');
    expect(r.out).toContain('Desa Sukamaju (Cibungbulang) ░░░░░░░░░░ 7/100');
    expect(admin({}, 'stats', '--community', 'NOPE')).toMatchObject({
      status: 1,
      err: expect.stringContaining('No community with code "NOPE"'),
    });
  });

  it('are listed in the usage', () => {
    const r = admin({}, 'help');
    for (const c of ['community create', 'community add-admin', 'community list', 'qr CODE --out', 'stats [--community CODE]'])
      expect(r.err).toContain(c);
  });
});
