import { join } from 'node:path';
import { REFERRAL_ALPHABET } from '../../src/domain/codes.ts';
import { openVault } from '../../src/domain/vault.ts';
import { issuePanelLink, tokenHash } from '../../src/features/panel-access.ts';
import { SESSION_COOKIE } from '../../src/panel/auth.ts';
import type { PanelDeps } from '../../src/panel/context.ts';
import { createPanelApp } from '../../src/panel/server.ts';
import { communityStore } from '../../src/store/communities.ts';
import { addCommunityAdmin } from '../../src/store/create-community.ts';
import { openDatabase } from '../../src/store/db.ts';
import { operatorStore } from '../../src/store/operators.ts';
import { panelAuthStore } from '../../src/store/panel-auth.ts';
import { seeder } from '../community/seed.ts';
import { TEST_DATA_KEY } from '../support/app.ts';
import { tempDir } from '../support/harness.ts';

/** The people of the route × role table. */
export const PEOPLE = {
  super: 'terminal:local',
  operatorIn: 'telegram:1001',
  operatorOther: 'telegram:1002',
  communityAdmin: 'telegram:2001',
  otherAdmin: 'telegram:2002',
} as const;

/** Villages in Kota Tangerang (36.71) and in Kabupaten Cianjur (32.03). */
export const VILLAGE_TANGERANG = '36.71.01.1005';
export const VILLAGE_CIANJUR = '32.03.03.2013';

/** The referral in Tangerang (community A) and the one in Cianjur (community B). */
export const CODE_TANGERANG = 'DFT-AAAA2';
export const CODE_CIANJUR = 'DFT-BBBB3';
/** The NIK both referrals hold (sealed). */
export const NIK = '3201011708850001';

/** Gives seeded referrals real codes (the seeder's are outside the code alphabet), `DFT-C` and four more characters. */
export function giveRealCodes(db: ReturnType<typeof openDatabase>): void {
  const rows = db.prepare<[], { id: number }>("SELECT id FROM referrals WHERE code LIKE 'DFT-T%'").all();
  for (const { id } of rows) {
    let n = id;
    let tail = '';
    for (let i = 0; i < 4; i++) {
      tail += REFERRAL_ALPHABET[n % REFERRAL_ALPHABET.length];
      n = Math.floor(n / REFERRAL_ALPHABET.length);
    }
    db.prepare('UPDATE referrals SET code = ? WHERE id = ?').run(`DFT-C${tail}`, id);
  }
}

/** A panel on a fresh database with one of each role, two communities and referrals in two regions. */
export function panelFixture() {
  const tmp = tempDir('daftarin-panel-');
  const dir = tmp.dir;
  const db = openDatabase(join(dir, 'daftarin.db'));
  const vault = openVault({ dataKeyHex: TEST_DATA_KEY, keyFile: join(dir, 'secret.key'), warn: () => {} });
  const seed = seeder(db);
  let now = seed.now + 3_600_000;
  const communityA = seed.community('BAKSO-CKK', 'Paguyuban Bakso Cikokol');
  const communityB = seed.community('OJEK-CJR', 'Pangkalan Ojek Cianjur');
  const store = communityStore(db);
  addCommunityAdmin(db, store.byId(communityA) as never, PEOPLE.communityAdmin, 'test', now);
  addCommunityAdmin(db, store.byId(communityB) as never, PEOPLE.otherAdmin, 'test', now);
  operatorStore(db).add(PEOPLE.operatorIn, '36.71', 'test', now);
  operatorStore(db).add(PEOPLE.operatorOther, '32.03', 'test', now);
  seed.user('telegram:3001', { name: 'Bu Sri' });
  seed.member(communityA, 'telegram:3001', { via: 'BAKSO-CKK' });
  seed.referral('telegram:3001', { village: VILLAGE_TANGERANG, communityId: communityA });
  seed.referral('telegram:3002', { village: VILLAGE_CIANJUR, communityId: communityB });
  // Real codes (the seeder's are not in the code alphabet) and a NIK sealed with the test key, so it can be revealed.
  const ids = db.prepare<[], { id: number }>('SELECT id FROM referrals ORDER BY id').all();
  db.prepare('UPDATE referrals SET code = ?, nik_sealed = ? WHERE id = ?').run(CODE_TANGERANG, vault.encrypt(NIK), ids[0]?.id);
  db.prepare('UPDATE referrals SET code = ?, nik_sealed = ? WHERE id = ?').run(CODE_CIANJUR, vault.encrypt(NIK), ids[1]?.id);
  const deps: PanelDeps = {
    db,
    vault,
    superKeys: [PEOPLE.super],
    timeZone: 'Asia/Jakarta',
    defaultLocale: 'id',
    targetPerDesa: 100,
    secureCookies: false,
    linkTargets: () => ({ telegramUsername: 'daftarin_bot', whatsappNumber: '6281234567890' }),
    clock: () => now,
  };
  const app = createPanelApp(deps);

  /** A browser-like client: keeps the session cookie and knows its CSRF token. */
  const client = (cookie?: string) => {
    const headers = (extra: Record<string, string> = {}) => ({ ...(cookie ? { cookie: `${SESSION_COOKIE}=${cookie}` } : {}), ...extra });
    const csrf = () => (cookie ? (panelAuthStore(db).session(tokenHash(cookie))?.csrf ?? '') : '');
    return {
      cookie,
      csrf,
      get: (path: string) => app.request(path, { headers: headers() }),
      /** Posts a form; the CSRF token is added unless the test gives its own `_csrf`. */
      post: (path: string, form: Record<string, string> = {}) =>
        app.request(path, {
          method: 'POST',
          headers: headers({ 'content-type': 'application/x-www-form-urlencoded' }),
          body: new URLSearchParams({ _csrf: csrf(), ...form }).toString(),
        }),
    };
  };

  /** Logs in through a one-time link as a user; returns their client. */
  const loginAs = async (userKey: string) => {
    const url = issuePanelLink(db, userKey, now, 'http://panel.test');
    const token = new URL(url).searchParams.get('t') ?? '';
    const res = await app.request('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ t: token }).toString(),
    });
    const set = res.headers.get('set-cookie') ?? '';
    const sid = new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(set)?.[1];
    if (res.status !== 303 || !sid) throw new Error(`login as ${userKey} failed: ${res.status}`);
    return client(sid);
  };

  return {
    db,
    vault,
    deps,
    app,
    seed,
    communityA,
    communityB,
    client,
    loginAs,
    setNow: (t: number) => {
      now = t;
    },
    now: () => now,
    close: () => {
      db.close();
      tmp.cleanup();
    },
  };
}
