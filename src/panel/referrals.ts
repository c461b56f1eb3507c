import type { Hono } from 'hono';
import { villageByCode } from '../domain/areas.ts';
import { normalizeReferralCode } from '../domain/codes.ts';
import { parseRegion } from '../domain/region.ts';
import { scopeOf } from '../features/panel-access.ts';
import { decideReferral, type StatusDecision } from '../features/referral-status.ts';
import { formatMoney, type MessageKey, t } from '../i18n.ts';
import { csvHeader, referralCsvLine } from '../reports/referral-csv.ts';
import { maskChatId } from '../reports/stats.ts';
import { auditStore } from '../store/audit.ts';
import { communityStore } from '../store/communities.ts';
import { inScope, type QueueFilter, type QueueRow, queuePage, queueRows } from '../store/referral-queue.ts';
import { type ReferralRow, referralStore, STATUSES, type Status } from '../store/referrals.ts';
import { startOfDayIn } from '../util/time.ts';
import { allow } from './auth.ts';
import type { PanelDeps, PanelEnv } from './context.ts';
import { h, type SafeHtml } from './html.ts';
import { csrfField, may, type PanelContext, page, refusal, tr, when } from './layout.ts';

/** Rows per page of the queue. */
export const PAGE_SIZE = 25;

/** Common rejection reasons an operator picks from (free text is always possible). */
const REJECT_REASONS: readonly MessageKey[] = [
  'panel.reject.reason.nik',
  'panel.reject.reason.name',
  'panel.reject.reason.phone',
  'panel.reject.reason.registered',
  'panel.reject.reason.age',
];

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The queue's filters as read from the query string (unknown values ignored), and the same as a query string. */
function readFilter(c: PanelContext, timeZone: string): { filter: QueueFilter; query: URLSearchParams } {
  const q = c.req.query();
  const filter: QueueFilter = {};
  const query = new URLSearchParams();
  if (q.status && (STATUSES as readonly string[]).includes(q.status)) filter.status = q.status as Status;
  const region = q.region ? parseRegion(q.region) : undefined;
  if (region) filter.region = region;
  if (q.from && DATE.test(q.from)) filter.from = startOfDayIn(timeZone, q.from);
  if (q.to && DATE.test(q.to)) filter.to = startOfDayIn(timeZone, q.to) + 86_400_000;
  const code = (q.q ?? '')
    .trim()
    .toUpperCase()
    .replace(/[^A-Z0-9-]/g, '')
    .slice(0, 12);
  if (code) filter.code = code;
  for (const k of ['status', 'region', 'community', 'from', 'to', 'q'] as const) if (q[k]) query.set(k, q[k]);
  return { filter, query };
}

function statusLabel(c: PanelContext, s: Status): string {
  return tr(c, `community.status.${s}`);
}

function referrerLabel(key: string): string {
  return maskChatId(key);
}

/** The panel's settings plus the opened stores, handed to the referral handlers. */
interface ReferralContext {
  deps: PanelDeps;
  communities: ReturnType<typeof communityStore>;
  referrals: ReturnType<typeof referralStore>;
}

/** What a referral's page shows besides the referral: a revealed NIK, an error, the status to answer with. */
type DetailExtra = { nik?: string; error?: MessageKey; status?: 200 | 400 };

/** Pendaftaran: the queue, its CSV, a referral's page, NIK reveal, mark registered, reject. */
export function referralRoutes(app: Hono<PanelEnv>, deps: PanelDeps): void {
  const ctx: ReferralContext = { deps, communities: communityStore(deps.db), referrals: referralStore(deps.db) };
  app.get('/referrals', allow('queue'), (c) => queuePageRoute(ctx, c));
  app.get('/referrals.csv', allow('queue'), (c) => queueCsvRoute(ctx, c));
  app.get('/referrals/:code', allow('queue'), (c) => {
    const r = visible(ctx, c);
    return r ? detail(ctx, c, r) : refusal(c, 404, 'panel.error.no_referral');
  });
  app.post('/referrals/:code/reveal', allow('process'), (c) => revealRoute(ctx, c));
  app.post('/referrals/:code/register', allow('process'), (c) =>
    decide(ctx, c, (b) => ({ to: 'terdaftar', kpj: typeof b.kpj === 'string' ? b.kpj : '' })),
  );
  app.post('/referrals/:code/reject', allow('process'), (c) => decide(ctx, c, rejection));
}

/** The queue's filters, with the community given by its code. */
function filterOf(ctx: ReferralContext, c: PanelContext) {
  const { filter, query } = readFilter(c, ctx.deps.timeZone);
  const code = c.req.query('community');
  const community = code ? ctx.communities.byCode(code) : undefined;
  if (community) filter.communityId = community.id;
  return { filter, query };
}

/** One page of the queue, with its filter form and page links. */
function queuePageRoute(ctx: ReferralContext, c: PanelContext) {
  const { communities } = ctx;
  const { filter, query } = filterOf(ctx, c);
  const pageNo = Math.max(1, Math.min(100_000, Number.parseInt(c.req.query('page') ?? '1', 10) || 1));
  const { rows, total } = queuePage(ctx.deps.db, scopeOf(c.get('role')), filter, { offset: (pageNo - 1) * PAGE_SIZE, limit: PAGE_SIZE });
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const link = (p: number) => {
    const u = new URLSearchParams(query);
    u.set('page', String(p));
    return `/referrals?${u}`;
  };
  const role = c.get('role');
  const list =
    role.kind === 'community' ? role.communityIds.map((id) => communities.byId(id)).filter((x) => x !== undefined) : communities.all();
  const q = c.req.query();
  const names = new Map(list.map((x) => [x.code, x.name]));
  const shown = filter.communityId ? list.find((x) => x.id === filter.communityId) : undefined;
  return page(c, {
    title: tr(c, 'panel.queue.title'),
    active: 'queue',
    body: h`<form method="get" action="/referrals" class="filters">
<label>${tr(c, 'panel.queue.status')} <select name="status"><option value="">${tr(c, 'panel.queue.any')}</option>${STATUSES.map(
      (s) => h`<option value="${s}"${q.status === s ? h` selected` : ''}>${statusLabel(c, s)}</option>`,
    )}</select></label>
<label>${tr(c, 'panel.queue.region')} <input name="region" value="${q.region ?? ''}" placeholder="36.71" inputmode="numeric" size="6"></label>
<label class="wide">${tr(c, 'panel.queue.community')} <select name="community"><option value="">${tr(c, 'panel.queue.any')}</option>${list.map(
      (x) => h`<option value="${x.code}"${q.community === x.code ? h` selected` : ''}>${x.name}</option>`,
    )}</select></label>
<label>${tr(c, 'panel.queue.from')} <input type="date" name="from" value="${q.from ?? ''}"></label>
<label>${tr(c, 'panel.queue.to')} <input type="date" name="to" value="${q.to ?? ''}"></label>
<label>${tr(c, 'panel.queue.code')} <input name="q" value="${q.q ?? ''}" placeholder="DFT-7K3Q9" size="10"></label>
<button type="submit">${tr(c, 'panel.queue.apply')}</button>
<a class="button secondary" href="/referrals.csv?${String(query)}">${tr(c, 'panel.queue.csv')}</a>
</form>
${shown ? h`<dl class="scope"><dt>${tr(c, 'panel.queue.community')}</dt><dd>${shown.name}</dd></dl>` : ''}
<p>${tr(c, 'panel.queue.count', { total, page: pageNo, pages })}</p>
${queueCards(ctx, c, rows, names)}
<div class="table queue-table"><table><thead><tr><th>${tr(c, 'panel.col.code')}</th><th>${tr(c, 'panel.col.status')}</th><th>${tr(c, 'panel.col.name')}</th><th>${tr(c, 'panel.col.village')}</th><th>${tr(c, 'panel.col.community')}</th><th>${tr(c, 'panel.col.created')}</th></tr></thead>
<tbody>${rows.map(
      (r) =>
        h`<tr><td><a href="/referrals/${r.code}">${r.code}</a></td><td><span class="status ${r.status}">${statusLabel(c, r.status)}</span></td><td>${r.worker_name}</td><td>${villageByCode(r.village_code)?.name ?? r.village_code}</td><td>${r.community_code ?? '—'}</td><td>${when(r.created_at, ctx.deps.timeZone)}</td></tr>`,
    )}</tbody></table></div>
<nav class="pages" aria-label="${tr(c, 'panel.queue.pages')}">${pageNo > 1 ? h`<a href="${link(pageNo - 1)}" rel="prev">${tr(c, 'panel.queue.prev')}</a>` : ''}${
      pageNo < pages ? h`<a href="${link(pageNo + 1)}" rel="next">${tr(c, 'panel.queue.next')}</a>` : ''
    }</nav>`,
  });
}

/**
 * The queue as cards, which phones show instead of the table (CSS picks one): no sideways scrolling,
 * long names wrap. Only the worker's first name: a card is read on a phone in public.
 */
function queueCards(ctx: ReferralContext, c: PanelContext, rows: readonly QueueRow[], names: ReadonlyMap<string, string>): SafeHtml {
  const canProcess = may(c, 'process');
  const fact = (key: MessageKey, value: string) => h`<dt>${tr(c, key)}</dt><dd>${value}</dd>`;
  const cards = rows.map((r) => {
    const community = r.community_code ? (names.get(r.community_code) ?? r.community_code) : '—';
    return h`<li><p class="card-head"><strong class="code">${r.code}</strong> <span class="status ${r.status}">${statusLabel(c, r.status)}</span></p>
<dl class="card-facts">${fact('panel.col.name', r.worker_name.trim().split(/\s+/)[0] ?? '')}${fact('panel.col.village', villageByCode(r.village_code)?.name ?? r.village_code)}${fact('panel.col.community', community)}${fact('panel.col.created', when(r.created_at, ctx.deps.timeZone))}</dl>
<p class="card-actions"><a class="button secondary" href="/referrals/${r.code}" aria-label="${tr(c, 'panel.queue.open_label', { code: r.code })}">${tr(c, 'panel.queue.open')}</a>${
      canProcess && r.status === 'diajukan'
        ? h`<a class="button" href="/referrals/${r.code}#process" aria-label="${tr(c, 'panel.queue.process_label', { code: r.code })}">${tr(c, 'panel.queue.process')}</a>`
        : ''
    }</p></li>`;
  });
  return h`<ol class="cards" aria-label="${tr(c, 'panel.queue.list')}">${cards}</ol>`;
}

/** The filtered queue as CSV (audited as an export). */
function queueCsvRoute(ctx: ReferralContext, c: PanelContext) {
  const { db } = ctx.deps;
  const { filter } = filterOf(ctx, c);
  const lines = [csvHeader()];
  for (const r of queueRows(db, scopeOf(c.get('role')), filter)) lines.push(referralCsvLine(r));
  auditStore(db).record(
    c.get('role').key,
    'export.panel',
    `rows=${lines.length - 1} filter=${new URLSearchParams(c.req.query())}`,
    c.get('now'),
  );
  return c.body(`${lines.join('\n')}\n`, 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="daftarin-${new Date(c.get('now')).toISOString().slice(0, 10)}.csv"`,
  });
}

/** The referral if it exists inside the user's scope. */
function visible(ctx: ReferralContext, c: PanelContext): ReferralRow | undefined {
  const code = normalizeReferralCode(c.req.param('code') ?? '');
  if (!code || !inScope(ctx.deps.db, scopeOf(c.get('role')), code)) return undefined;
  return ctx.referrals.byCode(code);
}

/** A referral's page: its facts, the NIK reveal form, and register / reject for those who may process. */
function detail(ctx: ReferralContext, c: PanelContext, r: ReferralRow, extra: DetailExtra = {}) {
  const v = villageByCode(r.village_code);
  const community = r.community_id ? ctx.communities.byId(r.community_id) : undefined;
  const done = c.req.query('done');
  const facts: [MessageKey, string | SafeHtml][] = [
    ['panel.col.status', statusLabel(c, r.status)],
    ['panel.col.name', r.worker_name],
    ['panel.col.nik', extra.nik ? h`<strong class="nik">${extra.nik}</strong>` : r.nik_masked],
    ['panel.col.phone', r.phone],
    ['panel.col.occupation', r.occupation_text ?? r.occupation],
    ['panel.col.village', v ? `${v.name}, ${v.district}, ${v.regency}, ${v.province}` : r.village_code],
    ['panel.col.iuran', `${formatMoney(r.monthly_iuran)} × ${r.period_months}`],
    ['panel.col.community', community ? `${community.name} (${community.code})` : '—'],
    ['panel.col.referrer', referrerLabel(r.referrer_key)],
    ['panel.col.created', when(r.created_at, ctx.deps.timeZone)],
  ];
  if (r.kpj) facts.push(['panel.col.kpj', r.kpj]);
  if (r.reason) facts.push(['panel.col.reason', r.reason]);
  const canProcess = may(c, 'process');
  const res = page(c, {
    title: tr(c, 'panel.detail.title', { code: r.code }),
    active: 'queue',
    body: h`${done ? h`<p class="notice" role="status">${tr(c, done === 'registered' ? 'panel.detail.done_registered' : 'panel.detail.done_rejected')}</p>` : ''}
${extra.error ? h`<p class="error" role="alert">${tr(c, extra.error)}</p>` : ''}
<dl class="facts">${facts.map(([k, v]) => h`<dt>${tr(c, k)}</dt><dd>${v}</dd>`)}</dl>
${
  canProcess && !extra.nik
    ? h`<details><summary>${tr(c, 'panel.detail.reveal')}</summary><form method="post" action="/referrals/${r.code}/reveal">${csrfField(c)}
<label>${tr(c, 'panel.detail.reveal_reason')} <input name="reason" required minlength="3" maxlength="200"></label><button type="submit">${tr(c, 'panel.detail.reveal_button')}</button></form></details>`
    : ''
}
${
  canProcess && r.status === 'diajukan'
    ? h`<section class="actions" id="process"><form method="post" action="/referrals/${r.code}/register">${csrfField(c)}<h2>${tr(c, 'panel.detail.register')}</h2>
<label>${tr(c, 'panel.detail.kpj')} <input name="kpj" required inputmode="numeric" pattern="[0-9 .-]{11,16}" autocomplete="off"></label>
<button type="submit">${tr(c, 'panel.detail.register_button')}</button></form>
<form method="post" action="/referrals/${r.code}/reject">${csrfField(c)}<h2>${tr(c, 'panel.detail.reject')}</h2>
<fieldset><legend>${tr(c, 'panel.detail.reason_pick')}</legend>${REJECT_REASONS.map(
        (k, i) => h`<label class="choice"><input type="radio" name="preset" value="${i}"> ${tr(c, k)}</label>`,
      )}</fieldset>
<label>${tr(c, 'panel.detail.reason_text')} <textarea name="reason" rows="2" maxlength="300"></textarea></label>
<button type="submit" class="danger">${tr(c, 'panel.detail.reject_button')}</button></form></section>`
    : ''
}
<p><a href="/referrals">${tr(c, 'panel.detail.back')}</a></p>`,
  });
  return extra.status === 400 ? new Response(res.body, { status: 400, headers: res.headers }) : res;
}

/** Shows the full NIK after the operator gives a reason, which is audited. */
async function revealRoute(ctx: ReferralContext, c: PanelContext) {
  const r = visible(ctx, c);
  if (!r) return refusal(c, 404, 'panel.error.no_referral');
  const body = await c.req.parseBody();
  const reason = typeof body.reason === 'string' ? body.reason.replace(/\s+/g, ' ').trim().slice(0, 200) : '';
  if (reason.length < 3) return detail(ctx, c, r, { error: 'panel.detail.reveal_reason_missing', status: 400 });
  auditStore(ctx.deps.db).record(c.get('role').key, 'panel.reveal_nik', `${r.code} reason=${reason}`, c.get('now'));
  return detail(ctx, c, r, { nik: ctx.deps.vault.decrypt(r.nik_sealed) });
}

/** Applies a status decision made from the posted form; a refused one shows the page again with why. */
async function decide(ctx: ReferralContext, c: PanelContext, make: (body: Record<string, unknown>) => StatusDecision) {
  const r = visible(ctx, c);
  if (!r) return refusal(c, 404, 'panel.error.no_referral');
  const decision = make(await c.req.parseBody());
  const out = decideReferral(ctx.deps.db, r.code, decision, c.get('role').key, c.get('now'), 'panel');
  if (!out.ok) return detail(ctx, c, out.referral ?? r, { error: `panel.refusal.${out.refusal}`, status: 400 });
  return c.redirect(`/referrals/${r.code}?done=${decision.to === 'terdaftar' ? 'registered' : 'rejected'}`, 303);
}

/** The rejection from the form: a picked preset reason and/or free text. */
function rejection(b: Record<string, unknown>): StatusDecision {
  const preset = REJECT_REASONS[Number(b.preset)];
  const text = typeof b.reason === 'string' ? b.reason.replace(/\s+/g, ' ').trim() : '';
  // The referrer reads the reason; presets are written in Indonesian, as most referrers read it.
  const reason = [preset ? t('id', preset) : '', text].filter(Boolean).join(' — ');
  return { to: 'ditolak', reason };
}
