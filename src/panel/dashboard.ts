import type { Hono } from 'hono';
import { villageByCode } from '../domain/areas.ts';
import { scopeOf } from '../features/panel-access.ts';
import { maskChatId } from '../reports/stats.ts';
import { coverGroups, dashboardFigures } from '../store/dashboard.ts';
import type { STATUSES } from '../store/referrals.ts';
import { startOfDayIn, todayIn } from '../util/time.ts';
import { allow } from './auth.ts';
import { barChart } from './charts.ts';
import type { PanelDeps, PanelEnv } from './context.ts';
import { coverSection } from './cover.ts';
import { h } from './html.ts';
import { page, tr } from './layout.ts';

const DAYS = 30;
const DAY_MS = 86_400_000;

/** Beranda: the funnel, the registered's cover this month, registrations per day, per-desa progress and top referrers, all inside the user's scope. */
export function dashboardRoutes(app: Hono<PanelEnv>, deps: PanelDeps): void {
  app.get('/', allow('dashboard'), (c) => {
    const now = c.get('now');
    const today = todayIn(deps.timeZone, now);
    // The time zone's offset today, so SQL can cut days at local midnight (Indonesia has no daylight saving).
    const offsetMs = Date.parse(`${today}T00:00:00Z`) - startOfDayIn(deps.timeZone, today);
    const firstDay = Math.floor((startOfDayIn(deps.timeZone, today) + offsetMs) / DAY_MS) - (DAYS - 1);
    const scope = scopeOf(c.get('role'));
    const f = dashboardFigures(deps.db, scope, {
      since: firstDay * DAY_MS - offsetMs,
      offsetMs,
      desaLimit: 10,
      referrerLimit: 5,
    });
    const count = (s: (typeof STATUSES)[number]) => f.byStatus.find((b) => b.status === s)?.n ?? 0;
    const submitted = f.byStatus.reduce((a, b) => a + b.n, 0);
    const perDay = new Map(f.perDay.map((d) => [d.day, d.n]));
    const bars = Array.from({ length: DAYS }, (_, i) => ({
      label: new Date((firstDay + i) * DAY_MS).toISOString().slice(0, 10),
      value: perDay.get(firstDay + i) ?? 0,
    }));
    const funnel = [
      // A region scope gets no count here; the label then says why, so the dash is not a mystery.
      { key: f.started === null ? ('panel.funnel.started_unknown' as const) : ('panel.funnel.started' as const), n: f.started },
      { key: 'panel.funnel.submitted' as const, n: submitted },
      { key: 'panel.funnel.registered' as const, n: count('terdaftar') },
      { key: 'panel.funnel.rejected' as const, n: count('ditolak') },
      { key: 'panel.funnel.open' as const, n: count('diajukan') },
    ];
    const desa = f.desa.map((d) => {
      const v = villageByCode(d.village_code);
      return h`<li><span>${v ? `${v.name}, ${v.district}` : d.village_code}</span>
<progress max="${deps.targetPerDesa}" value="${Math.min(d.n, deps.targetPerDesa)}"></progress><span class="num">${d.n}/${deps.targetPerDesa}</span></li>`;
    });
    const referrers = f.topReferrers.map((r) => h`<li>${r.name?.trim() || maskChatId(r.key)} <span class="num">${r.n}</span></li>`);
    return page(c, {
      title: tr(c, 'panel.home.title'),
      active: 'dashboard',
      body: h`<section aria-labelledby="funnel"><h2 id="funnel">${tr(c, 'panel.home.funnel')}</h2>
<ol class="funnel">${funnel.map((s) => h`<li><span class="num">${s.n ?? '—'}</span> ${tr(c, s.key)}</li>`)}</ol></section>
${coverSection(c, coverGroups(deps.db, scope, offsetMs), today, deps.timeZone)}
<section aria-labelledby="perday"><h2 id="perday">${tr(c, 'panel.home.per_day', { days: DAYS })}</h2>${barChart(bars, { title: tr(c, 'panel.home.per_day', { days: DAYS }) })}</section>
<section aria-labelledby="desa"><h2 id="desa">${tr(c, 'panel.home.desa', { target: deps.targetPerDesa })}</h2>
${desa.length ? h`<ul class="bars">${desa}</ul>` : h`<p>${tr(c, 'panel.home.none')}</p>`}</section>
<section aria-labelledby="refs"><h2 id="refs">${tr(c, 'panel.home.referrers')}</h2>
${referrers.length ? h`<ol>${referrers}</ol>` : h`<p>${tr(c, 'panel.home.none')}</p>`}</section>`,
    });
  });
}
