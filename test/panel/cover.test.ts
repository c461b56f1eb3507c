import { afterEach, describe, expect, it } from 'vitest';
import { communityStore } from '../../src/store/communities.ts';
import { addCommunityAdmin } from '../../src/store/create-community.ts';
import { paymentStore } from '../../src/store/payments.ts';
import { PEOPLE, panelFixture, VILLAGE_CIANJUR, VILLAGE_TANGERANG } from './support.ts';

let f: ReturnType<typeof panelFixture>;
afterEach(() => f?.close());

// 10 July 2026, 10:00 in Jakarta (UTC+7).
const JULY_10 = Date.parse('2026-07-10T03:00:00Z');
const REGISTERED = Date.parse('2026-01-05T03:00:00Z');
const THIRD_ADMIN = 'telegram:2003';
let referrers = 0;

/** One registered worker with the given payment facts; returns its code. */
function registered(opts: { village: string; community: number; paid?: string; declared?: string; status?: 'terdaftar' | 'diajukan' }) {
  f.seed.referral(`telegram:${4000 + ++referrers}`, { village: opts.village, communityId: opts.community });
  const { id, code } = f.db.prepare('SELECT id, code FROM referrals ORDER BY id DESC LIMIT 1').get() as { id: number; code: string };
  f.db
    .prepare('UPDATE referrals SET status = ?, created_at = ?, updated_at = ? WHERE id = ?')
    .run(opts.status ?? 'terdaftar', REGISTERED, REGISTERED, id);
  if (opts.paid) paymentStore(f.db).recordImport(code, opts.paid, REGISTERED);
  if (opts.declared) paymentStore(f.db).recordDeclared(code, opts.declared, REGISTERED);
  return code;
}

/** Workers in several states in Tangerang (community A) and Cianjur (community B); states as on 10 July 2026. */
function seedWorkers() {
  const a = { village: VILLAGE_TANGERANG, community: f.communityA };
  const b = { village: VILLAGE_CIANJUR, community: f.communityB };
  registered({ ...a, paid: '2026-07' }); // protected
  registered({ ...a, paid: '2026-08' }); // protected (paid ahead)
  registered({ ...a, paid: '2026-05', declared: '2026-07' }); // protected by their own word only
  registered({ ...a, paid: '2026-06' }); // due this month
  registered({ ...a, paid: '2026-04' }); // May and June unpaid: behind
  registered({ ...a, paid: '2026-02' }); // March to June unpaid, more than 3: lapsed
  registered(a); // no payment recorded
  registered({ ...a, paid: '2026-07', status: 'diajukan' }); // not registered yet: not counted
  const erased = registered({ ...a, paid: '2026-07' });
  f.db.prepare('UPDATE referrals SET erased_at = ? WHERE code = ?').run(REGISTERED, erased);
  registered({ ...b, paid: '2026-07' }); // protected
  registered({ ...b, paid: '2026-03' }); // exactly 3 months unpaid: behind, not lapsed (the reminders' rule)
  registered(b); // no payment recorded
}

/** The figures of the home page's cover section, by state. */
async function coverOn(who: string): Promise<Record<string, number>> {
  const page = await (await (await f.loginAs(who)).get('/')).text();
  const figures = [...page.matchAll(/<li data-cover="(\w+)"><span class="num">(\d+)<\/span>/g)];
  return Object.fromEntries(figures.map((m) => [m[1], Number(m[2])]));
}

const counts = (protectedN: number, declared: number, due: number, behind: number, lapsed: number, none: number) => ({
  protected: protectedN,
  declared,
  due,
  behind,
  lapsed,
  none,
});

describe('panel home page: cover of the registered', () => {
  it('counts each state of cover inside the viewer’s scope', async () => {
    f = panelFixture();
    f.setNow(JULY_10);
    seedWorkers();
    expect(await coverOn(PEOPLE.super)).toEqual(counts(3, 1, 1, 2, 1, 2));
    expect(await coverOn(PEOPLE.operatorIn)).toEqual(counts(2, 1, 1, 1, 1, 1));
    expect(await coverOn(PEOPLE.communityAdmin)).toEqual(counts(2, 1, 1, 1, 1, 1));
    expect(await coverOn(PEOPLE.operatorOther)).toEqual(counts(1, 0, 0, 1, 0, 1));
    expect(await coverOn(PEOPLE.otherAdmin)).toEqual(counts(1, 0, 0, 1, 0, 1));
  });

  it('shows another community’s admin none of them', async () => {
    f = panelFixture();
    f.setNow(JULY_10);
    seedWorkers();
    const store = communityStore(f.db);
    const third = f.seed.community('NELAYAN-X', 'Nelayan X');
    addCommunityAdmin(f.db, store.byId(third) as never, THIRD_ADMIN, 'test', f.now());
    expect(await coverOn(THIRD_ADMIN)).toEqual(counts(0, 0, 0, 0, 0, 0));
  });

  it('names the month, marks self-declared payments, says the rule and links the registered in the queue', async () => {
    f = panelFixture();
    f.setNow(JULY_10);
    seedWorkers();
    const page = await (await (await f.loginAs(PEOPLE.super)).get('/')).text();
    expect(page).toContain('<h2 id="cover">Perlindungan peserta terdaftar (Juli 2026)</h2>');
    expect(page).toContain('lunas menurut pengakuan (belum dikonfirmasi data BPJS)');
    expect(page).toContain('nonaktif (tidak bayar lebih dari 3 bulan)');
    expect(page).toContain('<a href="/referrals?status=terdaftar">');
    expect(page).toMatch(/<svg class="stack"[^>]*role="img"/);
    expect(page).toContain('<title>jatuh tempo bulan ini (lunas s.d. bulan lalu): 1</title>');
  });

  it('turns the month at midnight in Asia/Jakarta, not in UTC', async () => {
    f = panelFixture();
    f.setNow(JULY_10);
    seedWorkers();
    // 30 June 23:30 in Jakarta: June is paid by the one paid through June, and the lapse count ends in June.
    f.setNow(Date.parse('2026-06-30T16:30:00Z'));
    expect(await coverOn(PEOPLE.communityAdmin)).toEqual(counts(3, 1, 0, 1, 1, 1));
    // 1 July 00:30 in Jakarta (still 30 June in UTC): July has begun, so the one paid through June is due.
    f.setNow(Date.parse('2026-06-30T17:30:00Z'));
    expect(await coverOn(PEOPLE.communityAdmin)).toEqual(counts(2, 1, 1, 1, 1, 1));
  });
});
