import type { MessageKey } from '../i18n.ts';
import { type Cover, coverOf, DUE_DAY, MAX_UNPAID } from '../jobs/protection.ts';
import { monthName } from '../jobs/reminder-plan.ts';
import type { CoverGroup } from '../store/dashboard.ts';
import { stackedBar } from './charts.ts';
import { h, type SafeHtml } from './html.ts';
import { may, type PanelContext, tr } from './layout.ts';

/** The states in the order the page shows them, with their colour in the bar. */
const COVERS: readonly { cover: Cover; color: string }[] = [
  { cover: 'protected', color: '#2e7d32' },
  { cover: 'declared', color: '#81c784' },
  { cover: 'due', color: '#f9a825' },
  { cover: 'behind', color: '#ef6c00' },
  { cover: 'lapsed', color: '#c62828' },
  { cover: 'none', color: '#9e9e9e' },
];

/** How many registered workers are in each state of cover. */
function coverCounts(groups: readonly CoverGroup[], today: string, timeZone: string): Record<Cover, number> {
  const counts: Record<Cover, number> = { protected: 0, declared: 0, due: 0, behind: 0, lapsed: 0, none: 0 };
  for (const g of groups) counts[coverOf(g, today, timeZone)] += g.n;
  return counts;
}

/** The home page's "Perlindungan" section: the figures as text (readable without the chart) and a stacked bar. */
export function coverSection(c: PanelContext, groups: readonly CoverGroup[], today: string, timeZone: string): SafeHtml {
  const counts = coverCounts(groups, today, timeZone);
  const title = tr(c, 'panel.home.cover', { month: monthName(today.slice(0, 7), c.get('locale') ?? 'id') });
  const label = (cover: Cover) => tr(c, `panel.cover.${cover}` as MessageKey, { max: MAX_UNPAID });
  const items = COVERS.map(
    ({ cover, color }) =>
      h`<li data-cover="${cover}"><span class="num">${counts[cover]}</span> <svg width="10" height="10" aria-hidden="true"><rect width="10" height="10" fill="${color}"/></svg> ${label(cover)}</li>`,
  );
  const bar = stackedBar(
    COVERS.map(({ cover, color }) => ({ label: label(cover), value: counts[cover], color })),
    { title },
  );
  // The queue filters by status but not by payments: one link to all registered, none per state.
  const queue = may(c, 'queue') ? h` <a href="/referrals?status=terdaftar">${tr(c, 'panel.cover.queue')}</a>` : '';
  return h`<section aria-labelledby="cover"><h2 id="cover">${title}</h2>
<ul class="funnel">${items}</ul>${bar}
<p>${tr(c, 'panel.cover.note', { due: DUE_DAY, max: MAX_UNPAID })}${queue}</p></section>`;
}
