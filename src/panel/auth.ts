import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { newToken, panelRoleOf, tokenHash } from '../features/panel-access.ts';
import { asLocale, t } from '../i18n.ts';
import { auditStore } from '../store/audit.ts';
import { conversationStore } from '../store/conversations.ts';
import { panelAuthStore } from '../store/panel-auth.ts';
import { ACCESS, type Area, type PanelDeps, type PanelEnv } from './context.ts';
import { h } from './html.ts';
import { refusal, shell } from './layout.ts';

/** The session cookie's name. */
export const SESSION_COOKIE = 'daftarin_panel';
/** A session unused this long ends. */
export const IDLE_MS = 8 * 3_600_000;
/** Login attempts allowed per client address per minute (a link is 256 random bits; this stops hammering). */
export const REDEEM_PER_MINUTE = 10;
// Why touch at most once a minute: every page view would otherwise be a database write.
const TOUCH_EVERY_MS = 60_000;

/** Counts login attempts per client address in fixed one-minute windows. */
function redeemLimiter(perMinute = REDEEM_PER_MINUTE) {
  const windows = new Map<string, { start: number; n: number }>();
  return (client: string, now: number): boolean => {
    const w = windows.get(client);
    if (!w || now - w.start >= 60_000) {
      if (windows.size > 10_000) windows.clear();
      windows.set(client, { start: now, n: 1 });
      return true;
    }
    w.n++;
    return w.n <= perMinute;
  };
}

function clientOf(c: Context): string {
  const info = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress;
  return info ?? 'local';
}

/** Whether a request comes from this panel's own pages (no cross-site form posts to the login). */
function sameOrigin(c: Context, publicUrl: string | undefined): boolean {
  const origin = c.req.header('origin');
  if (!origin || origin === 'null') return c.req.header('sec-fetch-site') !== 'cross-site';
  const host = new URL(origin).host;
  // Behind a reverse proxy the browser's origin is the public address, whatever Host the proxy forwards.
  return host === (c.req.header('host') ?? new URL(c.req.url).host) || (publicUrl !== undefined && host === new URL(publicUrl).host);
}

/** Login with a one-time link: GET shows a button (link previews must not use it up), POST redeems it. */
export function loginRoutes(deps: PanelDeps) {
  const auth = panelAuthStore(deps.db);
  const allow = redeemLimiter();
  const now = () => deps.clock?.() ?? Date.now();
  const loc = deps.defaultLocale;
  const message = (status: 200 | 400 | 403 | 429, key: Parameters<typeof t>[1], token?: string) =>
    new Response(
      shell(
        loc,
        t(loc, 'panel.login.title'),
        h`<main id="main" class="narrow"><h1>${t(loc, 'panel.login.title')}</h1><p>${t(loc, key)}</p>${
          token
            ? h`<form method="post" action="/login"><input type="hidden" name="t" value="${token}"><button type="submit" autofocus>${t(loc, 'panel.login.button')}</button></form>`
            : ''
        }</main>`,
      ).value,
      { status, headers: { 'content-type': 'text/html; charset=utf-8' } },
    );
  return {
    show: (c: Context) => {
      const token = c.req.query('t');
      return token ? message(200, 'panel.login.intro', token) : message(200, 'panel.login.how');
    },
    redeem: async (c: Context) => {
      if (!sameOrigin(c, deps.publicUrl)) return message(403, 'panel.login.cross_site');
      const at = now();
      if (!allow(clientOf(c), at)) return message(429, 'panel.login.too_many');
      const body = await c.req.parseBody();
      const token = typeof body.t === 'string' ? body.t : '';
      const userKey = token ? auth.redeemLink(tokenHash(token), at) : undefined;
      const role = userKey ? panelRoleOf(deps.db, userKey, deps.superKeys) : undefined;
      if (!userKey || !role) return message(400, 'panel.login.invalid');
      const sid = newToken();
      auth.addSession(tokenHash(sid), userKey, newToken(), loc, at);
      auth.prune(at, at - IDLE_MS);
      auditStore(deps.db).record(userKey, 'panel.login', role.kind, at);
      setCookie(c, SESSION_COOKIE, sid, { httpOnly: true, sameSite: 'Lax', secure: deps.secureCookies, path: '/' });
      return c.redirect('/', 303);
    },
  };
}

/** Loads the session (idle expiry 8 hours) and the user's current role; anonymous requests get 401. */
export function sessionMiddleware(deps: PanelDeps): MiddlewareHandler<PanelEnv> {
  const auth = panelAuthStore(deps.db);
  const users = conversationStore(deps.db);
  return async (c, next) => {
    const at = deps.clock?.() ?? Date.now();
    const sid = getCookie(c, SESSION_COOKIE);
    const idHash = sid ? tokenHash(sid) : undefined;
    const session = idHash ? auth.session(idHash) : undefined;
    if (session && at - session.last_seen_at > IDLE_MS) auth.removeSession(session.id_hash);
    // The role is read on every request: an operator removed a minute ago is refused now, not at the next login.
    const role = session && at - session.last_seen_at <= IDLE_MS ? panelRoleOf(deps.db, session.user_key, deps.superKeys) : undefined;
    if (!session || !role) {
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      const loc = deps.defaultLocale;
      return new Response(
        shell(
          loc,
          t(loc, 'panel.login.title'),
          h`<main id="main" class="narrow"><h1>${t(loc, 'panel.login.title')}</h1><p>${t(loc, 'panel.login.how')}</p></main>`,
        ).value,
        { status: 401, headers: { 'content-type': 'text/html; charset=utf-8' } },
      );
    }
    if (at - session.last_seen_at >= TOUCH_EVERY_MS) auth.touch(session.id_hash, at);
    c.set('session', session);
    c.set('role', role);
    c.set('userName', users.user(session.user_key)?.name ?? null);
    c.set('locale', asLocale(session.locale));
    c.set('now', at);
    await next();
  };
}

/** Refuses a state-changing request whose CSRF token (form field `_csrf` or header `x-csrf-token`) is not the session's. */
export function csrfMiddleware(): MiddlewareHandler<PanelEnv> {
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const header = c.req.header('x-csrf-token');
      const body = header ? undefined : await c.req.parseBody();
      const token = header ?? (typeof body?._csrf === 'string' ? body._csrf : '');
      if (token !== c.get('session').csrf) return refusal(c, 403, 'panel.error.csrf');
    }
    await next();
  };
}

/** Lets only the roles allowed in an area through. */
export function allow(area: Area): MiddlewareHandler<PanelEnv> {
  return async (c, next) => {
    if (!(ACCESS[area] as readonly string[]).includes(c.get('role').kind)) return refusal(c, 403, 'panel.error.forbidden');
    await next();
  };
}

/** Ends the session. */
export function logout(deps: PanelDeps) {
  return (c: Context<PanelEnv>) => {
    panelAuthStore(deps.db).removeSession(c.get('session').id_hash);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/login', 303);
  };
}
