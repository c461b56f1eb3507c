import type { Hono } from 'hono';
import { auditStore } from '../store/audit.ts';
import { startOfDayIn } from '../util/time.ts';
import { allow } from './auth.ts';
import type { PanelDeps, PanelEnv } from './context.ts';
import { h } from './html.ts';
import { page, tr, when } from './layout.ts';

/** Audit: every reveal, status change, upload, broadcast and admin change, filterable by who, what and since when. */
export function auditRoutes(app: Hono<PanelEnv>, deps: PanelDeps): void {
  app.get('/audit', allow('audit'), (c) => {
    const q = c.req.query();
    const since = q.since && /^\d{4}-\d{2}-\d{2}$/.test(q.since) ? startOfDayIn(deps.timeZone, q.since) : undefined;
    const rows = auditStore(deps.db).search({ actor: q.actor?.trim() || undefined, action: q.action?.trim() || undefined, since });
    return page(c, {
      title: tr(c, 'panel.audit.title'),
      active: 'audit',
      body: h`<form method="get" action="/audit" class="filters">
<label>${tr(c, 'panel.audit.actor')} <input name="actor" value="${q.actor ?? ''}" placeholder="telegram:123"></label>
<label>${tr(c, 'panel.audit.action')} <input name="action" value="${q.action ?? ''}" placeholder="mark."></label>
<label>${tr(c, 'panel.queue.from')} <input type="date" name="since" value="${q.since ?? ''}"></label>
<button type="submit">${tr(c, 'panel.queue.apply')}</button></form>
<div class="table"><table><thead><tr><th>${tr(c, 'panel.audit.at')}</th><th>${tr(c, 'panel.audit.actor')}</th><th>${tr(c, 'panel.audit.action')}</th><th>${tr(c, 'panel.audit.detail')}</th></tr></thead>
<tbody>${rows.map((r) => h`<tr><td>${when(r.at, deps.timeZone)}</td><td>${r.actor}</td><td>${r.action}</td><td>${r.detail}</td></tr>`)}</tbody></table></div>`,
    });
  });
}
