import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono, type MiddlewareHandler } from 'hono';
import { asLocale } from '../i18n.ts';
import { panelAuthStore } from '../store/panel-auth.ts';
import { auditRoutes } from './audit.ts';
import { csrfMiddleware, loginRoutes, logout, sessionMiddleware } from './auth.ts';
import { broadcastRoutes } from './broadcasts.ts';
import { communityRoutes } from './communities.ts';
import type { PanelDeps, PanelEnv } from './context.ts';
import { dashboardRoutes } from './dashboard.ts';
import { questionRoutes } from './questions.ts';
import { referralRoutes } from './referrals.ts';
import { uploadRoutes } from './upload.ts';

/** The panel's Content-Security-Policy: only its own scripts, styles and images; no inline script, no framing. */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

const STATIC: Record<string, { type: string; file: string }> = {
  'panel.css': { type: 'text/css; charset=utf-8', file: 'panel.css' },
  'panel.js': { type: 'text/javascript; charset=utf-8', file: 'panel.js' },
};

/** Security headers on every response; pages are never cached (they hold personal data). */
function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.res.headers.set('content-security-policy', CSP);
    c.res.headers.set('x-content-type-options', 'nosniff');
    // The login link carries its token in the URL: never send it on as a Referer.
    c.res.headers.set('referrer-policy', 'no-referrer');
    c.res.headers.set('x-frame-options', 'DENY');
    if (!c.req.path.startsWith('/static/')) c.res.headers.set('cache-control', 'no-store');
  };
}

/** The panel as a Hono app (tests call `app.request()` on it without a network). */
export function createPanelApp(deps: PanelDeps): Hono<PanelEnv> {
  const app = new Hono<PanelEnv>();
  app.use('*', securityHeaders());
  // Read once at start: the panel must work offline on a LAN, so every asset is served from here.
  const assets = Object.fromEntries(
    Object.entries(STATIC).map(([name, a]) => [name, { type: a.type, body: readFileSync(new URL(`./static/${a.file}`, import.meta.url)) }]),
  );
  app.get('/static/:name', (c) => {
    const a = assets[c.req.param('name')];
    return a ? c.body(new Uint8Array(a.body), 200, { 'content-type': a.type, 'cache-control': 'public, max-age=3600' }) : c.notFound();
  });
  // The same report as HEALTH_PORT's, so a load balancer in front of the panel sees the channels too.
  app.get('/healthz', (c) => {
    if (!deps.health) return c.text('ok');
    const { httpStatus, body } = deps.health();
    return c.json(body, httpStatus as 200 | 503);
  });
  const login = loginRoutes(deps);
  app.get('/login', login.show);
  app.post('/login', login.redeem);

  const authed = new Hono<PanelEnv>();
  authed.use('*', sessionMiddleware(deps), csrfMiddleware());
  authed.post('/logout', logout(deps));
  authed.post('/lang', async (c) => {
    const body = await c.req.parseBody();
    panelAuthStore(deps.db).setLocale(c.get('session').id_hash, asLocale(typeof body.locale === 'string' ? body.locale : 'id'));
    // Only a path of this panel: never an open redirect to another site.
    const back = typeof body.back === 'string' && /^\/(?!\/)[\w\-./]*$/.test(body.back) ? body.back : '/';
    return c.redirect(back, 303);
  });
  dashboardRoutes(authed, deps);
  referralRoutes(authed, deps);
  uploadRoutes(authed, deps);
  communityRoutes(authed, deps);
  broadcastRoutes(authed, deps);
  questionRoutes(authed, deps);
  auditRoutes(authed, deps);
  app.route('/', authed);
  return app;
}

/** A running panel: its address and how to stop it. */
export interface RunningPanel {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serves the panel on `host:port` (`port: 0` picks a free port, for tests); rejects when the port is taken. */
export function startPanel(deps: PanelDeps, opts: { port: number; host: string }): Promise<RunningPanel> {
  const app = createPanelApp(deps);
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: opts.port, hostname: opts.host }, (info: AddressInfo) => {
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${host}:${info.port}`,
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
          }),
      });
    });
    server.once('error', reject);
  });
}
