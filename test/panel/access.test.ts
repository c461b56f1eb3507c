import { afterEach, describe, expect, it } from 'vitest';
import { queueBroadcast } from '../../src/delivery/announcements.ts';
import { communityStore } from '../../src/store/communities.ts';
import { CODE_CIANJUR, CODE_TANGERANG, PEOPLE, panelFixture } from './support.ts';

type Who = keyof typeof PEOPLE | 'anonymous';
const WHO: readonly Who[] = ['super', 'operatorIn', 'operatorOther', 'communityAdmin', 'otherAdmin', 'anonymous'];
const LOGGED_IN: readonly Who[] = ['super', 'operatorIn', 'operatorOther', 'communityAdmin', 'otherAdmin'];

/** One row of the table: a request, the status it answers when allowed, and who is allowed. */
interface Row {
  /** The route as the server registers it. */
  route: string;
  method: 'GET' | 'POST';
  path: string | ((f: ReturnType<typeof panelFixture>) => string);
  form?: Record<string, string>;
  ok: 200 | 303;
  allowed: readonly Who[];
}

const broadcastOfA = (f: ReturnType<typeof panelFixture>) =>
  queueBroadcast(f.db, communityStore(f.db).byId(f.communityA) as never, PEOPLE.super, 'Rapat Jumat', f.now()).id;

// Every route of the panel, with what each kind of user may do. Operators of another region and admins of
// another community must be refused even where their role may use the page in general.
const TABLE: Row[] = [
  { route: 'GET /', method: 'GET', path: '/', ok: 200, allowed: LOGGED_IN },
  { route: 'GET /referrals', method: 'GET', path: '/referrals', ok: 200, allowed: LOGGED_IN },
  { route: 'GET /referrals.csv', method: 'GET', path: '/referrals.csv', ok: 200, allowed: LOGGED_IN },
  {
    route: 'GET /referrals/:code',
    method: 'GET',
    path: `/referrals/${CODE_TANGERANG}`,
    ok: 200,
    allowed: ['super', 'operatorIn', 'communityAdmin'],
  },
  {
    route: 'GET /referrals/:code',
    method: 'GET',
    path: `/referrals/${CODE_CIANJUR}`,
    ok: 200,
    allowed: ['super', 'operatorOther', 'otherAdmin'],
  },
  {
    route: 'POST /referrals/:code/reveal',
    method: 'POST',
    path: `/referrals/${CODE_TANGERANG}/reveal`,
    form: { reason: 'cek Dukcapil' },
    ok: 200,
    allowed: ['super', 'operatorIn'],
  },
  {
    route: 'POST /referrals/:code/register',
    method: 'POST',
    path: `/referrals/${CODE_TANGERANG}/register`,
    form: { kpj: '12345678901' },
    ok: 303,
    allowed: ['super', 'operatorIn'],
  },
  {
    route: 'POST /referrals/:code/reject',
    method: 'POST',
    path: `/referrals/${CODE_TANGERANG}/reject`,
    form: { reason: 'NIK salah' },
    ok: 303,
    allowed: ['super', 'operatorIn'],
  },
  { route: 'GET /upload', method: 'GET', path: '/upload', ok: 200, allowed: ['super', 'operatorIn', 'operatorOther'] },
  {
    route: 'POST /upload',
    method: 'POST',
    path: '/upload',
    form: { csv: `${CODE_TANGERANG},12345678901` },
    ok: 200,
    allowed: ['super', 'operatorIn', 'operatorOther'],
  },
  {
    route: 'POST /upload/apply',
    method: 'POST',
    path: '/upload/apply',
    form: { csv: `${CODE_TANGERANG},12345678901` },
    ok: 200,
    allowed: ['super', 'operatorIn', 'operatorOther'],
  },
  { route: 'GET /communities', method: 'GET', path: '/communities', ok: 200, allowed: ['super', 'communityAdmin', 'otherAdmin'] },
  {
    route: 'POST /communities',
    method: 'POST',
    path: '/communities',
    form: { name: 'Paguyuban Ojek Karawaci' },
    ok: 303,
    allowed: ['super'],
  },
  { route: 'GET /communities/:code', method: 'GET', path: '/communities/BAKSO-CKK', ok: 200, allowed: ['super', 'communityAdmin'] },
  {
    route: 'GET /communities/:code/poster.png',
    method: 'GET',
    path: '/communities/BAKSO-CKK/poster.png',
    ok: 200,
    allowed: ['super', 'communityAdmin'],
  },
  {
    route: 'POST /communities/:code/admins',
    method: 'POST',
    path: '/communities/BAKSO-CKK/admins',
    form: { admin: 'telegram:777' },
    ok: 303,
    allowed: ['super'],
  },
  {
    route: 'POST /communities/:code/admins/remove',
    method: 'POST',
    path: '/communities/BAKSO-CKK/admins/remove',
    form: { admin: PEOPLE.communityAdmin },
    ok: 303,
    allowed: ['super'],
  },
  { route: 'GET /broadcasts', method: 'GET', path: '/broadcasts', ok: 200, allowed: ['super', 'communityAdmin', 'otherAdmin'] },
  {
    route: 'POST /broadcasts/preview',
    method: 'POST',
    path: '/broadcasts/preview',
    form: { community: 'BAKSO-CKK', text: 'Halo' },
    ok: 200,
    allowed: ['super', 'communityAdmin'],
  },
  {
    route: 'POST /broadcasts',
    method: 'POST',
    path: '/broadcasts',
    form: { community: 'BAKSO-CKK', text: 'Halo' },
    ok: 303,
    allowed: ['super', 'communityAdmin'],
  },
  {
    route: 'GET /broadcasts/:id',
    method: 'GET',
    path: (f) => `/broadcasts/${broadcastOfA(f)}`,
    ok: 200,
    allowed: ['super', 'communityAdmin'],
  },
  {
    route: 'GET /broadcasts/:id/progress',
    method: 'GET',
    path: (f) => `/broadcasts/${broadcastOfA(f)}/progress`,
    ok: 200,
    allowed: ['super', 'communityAdmin'],
  },
  {
    route: 'POST /broadcasts/:id/stop',
    method: 'POST',
    path: (f) => `/broadcasts/${broadcastOfA(f)}/stop`,
    ok: 303,
    allowed: ['super', 'communityAdmin'],
  },
  { route: 'GET /questions', method: 'GET', path: '/questions', ok: 200, allowed: ['super'] },
  {
    route: 'POST /questions/learn',
    method: 'POST',
    path: '/questions/learn',
    form: { topic: 'cost', question: 'brp duit sebulan' },
    ok: 303,
    allowed: ['super'],
  },
  { route: 'GET /audit', method: 'GET', path: '/audit', ok: 200, allowed: ['super'] },
  { route: 'POST /lang', method: 'POST', path: '/lang', form: { locale: 'en' }, ok: 303, allowed: LOGGED_IN },
  { route: 'POST /logout', method: 'POST', path: '/logout', ok: 303, allowed: LOGGED_IN },
];

describe('panel: every route × every role', () => {
  let f: ReturnType<typeof panelFixture> | undefined;
  afterEach(() => f?.close());

  for (const row of TABLE)
    for (const who of WHO) {
      const allowed = row.allowed.includes(who);
      it(`${row.method} ${typeof row.path === 'string' ? row.path : row.route} — ${who}: ${allowed ? 'allowed' : 'refused'}`, async () => {
        f = panelFixture();
        const client = who === 'anonymous' ? f.client() : await f.loginAs(PEOPLE[who]);
        const path = typeof row.path === 'string' ? row.path : row.path(f);
        const res = row.method === 'GET' ? await client.get(path) : await client.post(path, row.form);
        if (allowed) expect(res.status).toBe(row.ok);
        // Refused: anonymous users are asked to log in; others get 403, or 404 for something outside their scope.
        else expect(who === 'anonymous' ? [401] : [403, 404]).toContain(res.status);
      });
    }

  it('lists every route the panel serves', () => {
    f = panelFixture();
    const open = ['GET /static/:name', 'GET /healthz', 'GET /login', 'POST /login'];
    const served = [...new Set(f.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))];
    expect(served.filter((s) => !open.includes(s)).sort()).toEqual([...new Set(TABLE.map((r) => r.route))].sort());
  });
});
