import type { Hono } from 'hono';
import { broadcastAudience, queueBroadcast } from '../delivery/announcements.ts';
import { broadcastSummary, cancelBroadcast } from '../delivery/broadcast-progress.ts';
import { t } from '../i18n.ts';
import { auditStore } from '../store/audit.ts';
import { broadcastStore } from '../store/broadcasts.ts';
import { allow } from './auth.ts';
import { managedCommunities } from './communities.ts';
import type { PanelDeps, PanelEnv } from './context.ts';
import { h } from './html.ts';
import { csrfField, type PanelContext, page, refusal, tr, when } from './layout.ts';

/** Longest announcement accepted (as in the chat's `siaran`). */
const MAX_BROADCAST_TEXT = 1000;

/** The panel's settings plus the broadcast store, handed to the broadcast handlers. */
interface BroadcastContext {
  deps: PanelDeps;
  store: ReturnType<typeof broadcastStore>;
}

/** Siaran: compose, preview with the number of recipients, send, live progress, stop — the chat's outbox and pacing. */
export function broadcastRoutes(app: Hono<PanelEnv>, deps: PanelDeps): void {
  const ctx: BroadcastContext = { deps, store: broadcastStore(deps.db) };
  app.get('/broadcasts', allow('broadcasts'), (c) => composeRoute(ctx, c));
  app.post('/broadcasts/preview', allow('broadcasts'), (c) => previewRoute(ctx, c));
  app.post('/broadcasts', allow('broadcasts'), (c) => sendRoute(ctx, c));
  app.get('/broadcasts/:id/progress', allow('broadcasts'), (c) => progressRoute(ctx, c));
  app.get('/broadcasts/:id', allow('broadcasts'), (c) => broadcastRoute(ctx, c));
  app.post('/broadcasts/:id/stop', allow('broadcasts'), (c) => stopRoute(ctx, c));
}

/** The posted community, if this user manages it. */
function communityOf(deps: PanelDeps, c: PanelContext, code: unknown) {
  return typeof code === 'string' ? managedCommunities(c, deps).find((x) => x.code === code) : undefined;
}

/** The posted announcement text: line breaks normalised, trimmed, cut to the longest accepted. */
function readText(v: unknown): string {
  return typeof v === 'string' ? v.replace(/\r\n?/g, '\n').trim().slice(0, MAX_BROADCAST_TEXT) : '';
}

/** The broadcast if it belongs to a community this user manages. */
function owned({ deps, store }: BroadcastContext, c: PanelContext) {
  const b = store.byId(Number(c.req.param('id')));
  return b && managedCommunities(c, deps).some((x) => x.id === b.community_id) ? b : undefined;
}

/** The compose form and the recent broadcasts of the user's communities. */
function composeRoute({ deps, store }: BroadcastContext, c: PanelContext) {
  const list = managedCommunities(c, deps);
  const recent = store.recentOf(list.map((x) => x.id));
  const pick = c.req.query('community');
  return page(c, {
    title: tr(c, 'panel.broadcasts.title'),
    active: 'broadcasts',
    body: h`<form method="post" action="/broadcasts/preview">${csrfField(c)}
<label>${tr(c, 'panel.queue.community')} <select name="community" required>${list.map((x) => h`<option value="${x.code}"${x.code === pick ? h` selected` : ''}>${x.name}</option>`)}</select></label>
<label>${tr(c, 'panel.broadcasts.text')} <textarea name="text" rows="4" required maxlength="${MAX_BROADCAST_TEXT}"></textarea></label>
<button type="submit">${tr(c, 'panel.broadcasts.preview')}</button></form>
<h2>${tr(c, 'panel.broadcasts.recent')}</h2><ul>${recent.map(
      (b) =>
        h`<li><a href="/broadcasts/${b.id}">#${b.id}</a> ${when(b.created_at, deps.timeZone)} · ${tr(c, `panel.broadcasts.state.${b.state}`)} · ${b.text.slice(0, 60)}</li>`,
    )}</ul>`,
  });
}

/** The message as recipients will read it, with how many will get it, and the send button. */
async function previewRoute({ deps }: BroadcastContext, c: PanelContext) {
  const body = await c.req.parseBody();
  const community = communityOf(deps, c, body.community);
  const text = readText(body.text);
  if (!community) return refusal(c, 404, 'panel.error.no_community');
  if (text.length === 0) return refusal(c, 400, 'panel.broadcasts.incomplete');
  const audience = broadcastAudience(deps.db, community.id);
  return page(c, {
    title: tr(c, 'panel.broadcasts.preview_title'),
    active: 'broadcasts',
    body: h`<p>${tr(c, 'panel.broadcasts.audience', { recipients: audience.recipients.length, skipped: audience.skipped, name: community.name })}</p>
<blockquote class="message">${t(c.get('locale'), 'comm.broadcast.message', { name: community.name, text })}</blockquote>
<form method="post" action="/broadcasts">${csrfField(c)}<input type="hidden" name="community" value="${community.code}"><textarea name="text" hidden>${text}</textarea>
<button type="submit"${audience.recipients.length === 0 ? h` disabled` : ''}>${tr(c, 'panel.broadcasts.send', { count: audience.recipients.length })}</button> <a href="/broadcasts">${tr(c, 'panel.broadcasts.back')}</a></form>`,
  });
}

/** Queues the broadcast for the chat's paced outbox and shows its progress page. */
async function sendRoute({ deps }: BroadcastContext, c: PanelContext) {
  const body = await c.req.parseBody();
  const community = communityOf(deps, c, body.community);
  const text = readText(body.text);
  if (!community) return refusal(c, 404, 'panel.error.no_community');
  if (text.length === 0) return refusal(c, 400, 'panel.broadcasts.incomplete');
  const { id } = queueBroadcast(deps.db, community, c.get('role').key, text, c.get('now'));
  return c.redirect(`/broadcasts/${id}`, 303);
}

/** The broadcast's counts as JSON, polled by its page. */
function progressRoute(ctx: BroadcastContext, c: PanelContext) {
  const { deps } = ctx;
  const b = owned(ctx, c);
  const s = b && broadcastSummary(deps.db, b.id);
  if (!s) return c.json({ error: 'not found' }, 404);
  return c.json({ ...s, stateLabel: tr(c, `panel.broadcasts.state.${s.state}`) });
}

/** A broadcast's page: its text, live counts, and stop while it is sending. */
function broadcastRoute(ctx: BroadcastContext, c: PanelContext) {
  const { deps } = ctx;
  const b = owned(ctx, c);
  const s = b && broadcastSummary(deps.db, b.id);
  if (!b || !s) return refusal(c, 404, 'panel.error.no_broadcast');
  const figure = (name: keyof typeof s, key: Parameters<typeof tr>[1]) =>
    h`<div><dt>${tr(c, key)}</dt><dd data-field="${name}">${s[name]}</dd></div>`;
  return page(c, {
    title: tr(c, 'panel.broadcasts.one', { id: b.id }),
    active: 'broadcasts',
    body: h`<blockquote class="message">${b.text}</blockquote>
<section class="progress" data-progress="/broadcasts/${b.id}/progress" aria-live="polite">
<p>${tr(c, 'panel.broadcasts.state')}: <strong data-field="stateLabel">${tr(c, `panel.broadcasts.state.${s.state}`)}</strong></p>
<dl class="figures">${figure('recipients', 'panel.broadcasts.recipients')}${figure('sent', 'panel.broadcasts.sent')}${figure('failed', 'panel.broadcasts.failed')}${figure('skipped', 'panel.broadcasts.skipped')}${figure('pending', 'panel.broadcasts.pending')}${figure('cancelled', 'panel.broadcasts.cancelled')}</dl></section>
${s.state === 'sending' ? h`<form method="post" action="/broadcasts/${b.id}/stop">${csrfField(c)}<button type="submit" class="danger">${tr(c, 'panel.broadcasts.stop')}</button></form>` : ''}
<p><a href="/broadcasts">${tr(c, 'panel.broadcasts.back')}</a></p>`,
  });
}

/** Stops a broadcast that is still sending (audited when something was cancelled). */
function stopRoute(ctx: BroadcastContext, c: PanelContext) {
  const { deps } = ctx;
  const b = owned(ctx, c);
  if (!b) return refusal(c, 404, 'panel.error.no_broadcast');
  if (cancelBroadcast(deps.db, b.id, c.get('now')))
    auditStore(deps.db).record(c.get('role').key, 'broadcast.cancel', `id=${b.id}`, c.get('now'));
  return c.redirect(`/broadcasts/${b.id}`, 303);
}
