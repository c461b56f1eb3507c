import type { Hono } from 'hono';
import { signupLinks } from '../domain/signup-links.ts';
import { communityPoster, type PosterLink } from '../posters/community-poster.ts';
import { communityStats, maskChatId } from '../reports/stats.ts';
import { auditStore } from '../store/audit.ts';
import { type CommunityRow, communityStore } from '../store/communities.ts';
import { addCommunityAdmin, createCommunity, normalizeCommunityName } from '../store/create-community.ts';
import { allow } from './auth.ts';
import type { PanelDeps, PanelEnv } from './context.ts';
import { h } from './html.ts';
import { csrfField, may, type PanelContext, page, refusal, tr, when } from './layout.ts';

const USER_KEY = /^(terminal|telegram|whatsapp):\S{1,100}$/;

/** The communities a panel user manages: every one for a super-admin, else those they administer. */
export function managedCommunities(c: PanelContext, deps: PanelDeps): CommunityRow[] {
  const role = c.get('role');
  const store = communityStore(deps.db);
  if (role.kind === 'super') return store.all();
  if (role.kind === 'community') return role.communityIds.map((id) => store.byId(id)).filter((x) => x !== undefined);
  return [];
}

/** The panel's settings plus the opened stores, handed to the community handlers. */
interface CommunityContext {
  deps: PanelDeps;
  store: ReturnType<typeof communityStore>;
  audit: ReturnType<typeof auditStore>;
}

/** Komunitas: list, detail (links, poster, members, opt-ins, admins), create, add/remove admins. */
export function communityRoutes(app: Hono<PanelEnv>, deps: PanelDeps): void {
  const ctx: CommunityContext = { deps, store: communityStore(deps.db), audit: auditStore(deps.db) };
  app.get('/communities', allow('communities'), (c) => list(ctx, c));
  app.post('/communities', allow('manageCommunities'), (c) => createRoute(ctx, c));
  app.get('/communities/:code', allow('communities'), (c) => detailRoute(ctx, c));
  app.get('/communities/:code/poster.png', allow('communities'), (c) => posterRoute(ctx, c));
  app.post('/communities/:code/admins', allow('manageCommunities'), (c) => adminChange(ctx, c, false));
  app.post('/communities/:code/admins/remove', allow('manageCommunities'), (c) => adminChange(ctx, c, true));
}

/** The community named in the path, if this user manages it. */
function managed({ deps }: CommunityContext, c: PanelContext): CommunityRow | undefined {
  const code = c.req.param('code') ?? '';
  return managedCommunities(c, deps).find((x) => x.code.toLowerCase() === code.toLowerCase());
}

/** The list of managed communities with their member counts, and the create form for super-admins. */
function list({ deps, store }: CommunityContext, c: PanelContext, error?: 'panel.communities.bad_name') {
  return page(c, {
    title: tr(c, 'panel.communities.title'),
    active: 'communities',
    body: h`${error ? h`<p class="error" role="alert">${tr(c, error)}</p>` : ''}<div class="table"><table><thead><tr><th>${tr(c, 'panel.col.code')}</th><th>${tr(c, 'panel.communities.name')}</th><th>${tr(c, 'panel.communities.members')}</th></tr></thead><tbody>
${managedCommunities(c, deps).map(
  (x) => h`<tr><td><a href="/communities/${x.code}">${x.code}</a></td><td>${x.name}</td><td>${store.memberCount(x.id)}</td></tr>`,
)}</tbody></table></div>
${
  may(c, 'manageCommunities')
    ? h`<form method="post" action="/communities" class="inline">${csrfField(c)}<h2>${tr(c, 'panel.communities.create')}</h2>
<label>${tr(c, 'panel.communities.name')} <input name="name" required minlength="3" maxlength="80"></label><button type="submit">${tr(c, 'panel.communities.create_button')}</button></form>`
    : ''
}`,
  });
}

/** Creates a community from the posted name (a bad name shows the list again with an error). */
async function createRoute(ctx: CommunityContext, c: PanelContext) {
  const { deps } = ctx;
  const body = await c.req.parseBody();
  const name = normalizeCommunityName(typeof body.name === 'string' ? body.name : '');
  if (!name) {
    const res = list(ctx, c, 'panel.communities.bad_name');
    return new Response(res.body, { status: 400, headers: res.headers });
  }
  const created = createCommunity(deps.db, { name, by: c.get('role').key, now: c.get('now') });
  return c.redirect(`/communities/${created.code}`, 303);
}

/** A community's page: facts, sign-up links and posters, arrivals, members, admins. */
function detailRoute(ctx: CommunityContext, c: PanelContext) {
  const { deps, store } = ctx;
  const x = managed(ctx, c);
  if (!x) return refusal(c, 404, 'panel.error.no_community');
  const stats = communityStats(deps.db, { communityId: x.id, targetPerDesa: deps.targetPerDesa });
  const links = signupLinks({ code: x.code, ...deps.linkTargets() });
  const admins = store.admins(x.id);
  const sup = may(c, 'manageCommunities');
  return page(c, {
    title: x.name,
    active: 'communities',
    body: h`<dl class="facts"><dt>${tr(c, 'panel.col.code')}</dt><dd>${x.code}</dd>
<dt>${tr(c, 'panel.communities.members')}</dt><dd>${stats.members}</dd>
<dt>${tr(c, 'panel.communities.opted_in')}</dt><dd>${stats.optedIn}</dd>
<dt>${tr(c, 'panel.communities.submitted')}</dt><dd>${stats.submitted}</dd>
<dt>Telegram</dt><dd>${links.telegram ? h`<a href="${links.telegram}">${links.telegram}</a> · <a href="/communities/${x.code}/poster.png?link=telegram" download>${tr(c, 'panel.communities.poster')}</a>` : tr(c, 'comm.links.no_telegram')}</dd>
<dt>WhatsApp</dt><dd>${links.whatsapp ? h`<a href="${links.whatsapp}">${links.whatsapp}</a> · <a href="/communities/${x.code}/poster.png?link=whatsapp" download>${tr(c, 'panel.communities.poster')}</a>` : tr(c, 'comm.links.no_whatsapp')}</dd></dl>
<h2>${tr(c, 'panel.communities.arrivals')}</h2><ul>${stats.arrivals.map((a) => h`<li>${a.code}${a.owner ? ` (${a.owner})` : ''}: ${a.count}</li>`)}</ul>
<h2>${tr(c, 'panel.communities.member_list')}</h2><div class="table"><table><thead><tr><th>${tr(c, 'panel.communities.member')}</th><th>${tr(c, 'panel.communities.joined')}</th><th>${tr(c, 'panel.communities.announcements')}</th></tr></thead><tbody>
${store
  .memberList(x.id)
  .map(
    (m) =>
      h`<tr><td>${m.name?.trim() || maskChatId(m.user_key)}</td><td>${when(m.joined_at, deps.timeZone)}</td><td>${tr(c, m.opted_out_at ? 'panel.communities.optin.stopped' : m.opted_in === 1 ? 'panel.communities.optin.yes' : m.opted_in === 0 ? 'panel.communities.optin.no' : 'panel.communities.optin.unanswered')}</td></tr>`,
  )}</tbody></table></div>
<h2>${tr(c, 'panel.communities.admins')}</h2><ul>${admins.map(
      (a) =>
        h`<li>${a}${sup ? h` <form method="post" action="/communities/${x.code}/admins/remove" class="inline">${csrfField(c)}<input type="hidden" name="admin" value="${a}"><button type="submit" class="link danger">${tr(c, 'panel.communities.remove_admin')}</button></form>` : ''}</li>`,
    )}</ul>
${
  sup
    ? h`<form method="post" action="/communities/${x.code}/admins" class="inline">${csrfField(c)}<label>${tr(c, 'panel.communities.add_admin')} <input name="admin" required placeholder="telegram:123456789" pattern="(terminal|telegram|whatsapp):\\S+"></label><button type="submit">${tr(c, 'panel.communities.add_admin_button')}</button></form>`
    : ''
}
<p><a href="/referrals?community=${x.code}">${tr(c, 'panel.nav.referrals')}</a> · <a href="/broadcasts?community=${x.code}">${tr(c, 'panel.nav.broadcasts')}</a></p>`,
  });
}

/** The community's poster for one sign-up link, as a PNG download (audited). */
function posterRoute(ctx: CommunityContext, c: PanelContext) {
  const { deps, audit } = ctx;
  const x = managed(ctx, c);
  if (!x) return refusal(c, 404, 'panel.error.no_community');
  const kind = c.req.query('link') === 'whatsapp' ? 'whatsapp' : ('telegram' as PosterLink);
  const poster = communityPoster(x, deps.linkTargets(), c.get('locale'), kind);
  if (!poster) return refusal(c, 404, 'panel.communities.no_link');
  audit.record(c.get('role').key, 'community.qr', `code=${x.code} link=${poster.kind} via=panel`, c.get('now'));
  return c.body(new Uint8Array(poster.png), 200, {
    'content-type': 'image/png',
    'content-disposition': `attachment; filename="${x.code.toLowerCase()}-${poster.kind}.png"`,
  });
}

/** Adds or removes a community admin given by `channel:chatId` key. */
async function adminChange(ctx: CommunityContext, c: PanelContext, remove: boolean) {
  const { deps, store, audit } = ctx;
  const x = managed(ctx, c);
  if (!x) return refusal(c, 404, 'panel.error.no_community');
  const body = await c.req.parseBody();
  const admin = typeof body.admin === 'string' ? body.admin.trim() : '';
  if (!USER_KEY.test(admin)) return refusal(c, 400, 'panel.communities.bad_admin');
  if (remove) {
    deps.db.transaction(() => {
      if (store.removeAdmin(x.id, admin))
        audit.record(c.get('role').key, 'community.remove_admin', `code=${x.code} admin=${admin}`, c.get('now'));
    })();
  } else addCommunityAdmin(deps.db, x, admin, c.get('role').key, c.get('now'));
  return c.redirect(`/communities/${x.code}`, 303);
}
