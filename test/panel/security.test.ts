import { afterEach, describe, expect, it } from 'vitest';
import { issuePanelLink, tokenHash } from '../../src/features/panel-access.ts';
import { IDLE_MS, REDEEM_PER_MINUTE, SESSION_COOKIE } from '../../src/panel/auth.ts';
import { escapeHtml, h } from '../../src/panel/html.ts';
import { CSP } from '../../src/panel/server.ts';
import { CODE_TANGERANG, PEOPLE, panelFixture } from './support.ts';

let f: ReturnType<typeof panelFixture>;
afterEach(() => f?.close());

const redeem = (token: string, headers: Record<string, string> = {}) =>
  f.app.request('/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ t: token }).toString(),
  });
const tokenOf = (url: string) => new URL(url).searchParams.get('t') ?? '';

describe('panel login links', () => {
  it('stores only the hash of a link, works once, and sets an HttpOnly SameSite=Lax session cookie', async () => {
    f = panelFixture();
    const token = tokenOf(issuePanelLink(f.db, PEOPLE.super, f.now(), 'http://panel.test'));
    const stored = f.db.prepare('SELECT token_hash FROM panel_links').all() as { token_hash: string }[];
    expect(stored).toEqual([{ token_hash: tokenHash(token) }]);
    expect(JSON.stringify(f.db.prepare('SELECT * FROM panel_links').all())).not.toContain(token);

    // GET only shows a button: a chat app's link preview must not use the link up.
    const shown = await f.app.request(`/login?t=${token}`);
    expect(await shown.text()).toContain('<button type="submit" autofocus>Masuk</button>');
    const first = await redeem(token);
    expect(first.status).toBe(303);
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[\\w-]{43}; Path=/; HttpOnly; SameSite=Lax$`));
    const second = await redeem(token);
    expect(second.status).toBe(400);
    expect(await second.text()).toContain('Tautan ini tidak berlaku');
  });

  it('refuses a link after 10 minutes, and one for someone without a panel role', async () => {
    f = panelFixture();
    const old = tokenOf(issuePanelLink(f.db, PEOPLE.super, f.now(), 'http://panel.test'));
    f.setNow(f.now() + 10 * 60_000 + 1);
    expect((await redeem(old)).status).toBe(400);
    const nobody = tokenOf(issuePanelLink(f.db, 'telegram:999', f.now(), 'http://panel.test'));
    expect((await redeem(nobody)).status).toBe(400);
  });

  it('marks the cookie Secure when the panel is served over https', async () => {
    f = panelFixture();
    f.deps.secureCookies = true;
    const { createPanelApp } = await import('../../src/panel/server.ts');
    const app = createPanelApp(f.deps);
    const token = tokenOf(issuePanelLink(f.db, PEOPLE.super, f.now(), 'https://panel.test'));
    const res = await app.request('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ t: token }).toString(),
    });
    expect(res.headers.get('set-cookie')).toContain('; Secure');
  });

  it(`rate-limits redemption to ${REDEEM_PER_MINUTE} attempts a minute per client`, async () => {
    f = panelFixture();
    for (let i = 0; i < REDEEM_PER_MINUTE; i++) expect((await redeem(`guess${i}`)).status).toBe(400);
    const good = tokenOf(issuePanelLink(f.db, PEOPLE.super, f.now(), 'http://panel.test'));
    expect((await redeem(good)).status).toBe(429);
    f.setNow(f.now() + 60_000);
    expect((await redeem(good)).status).toBe(303);
  });

  it('refuses a login form posted from another site', async () => {
    f = panelFixture();
    const token = tokenOf(issuePanelLink(f.db, PEOPLE.super, f.now(), 'http://panel.test'));
    expect((await redeem(token, { origin: 'https://evil.example', host: 'localhost' })).status).toBe(403);
    expect((await redeem(token, { origin: 'https://panel.example.org', host: '127.0.0.1:8080' })).status).toBe(403);
    f.deps.publicUrl = 'https://panel.example.org';
    expect((await redeem(token, { origin: 'https://panel.example.org', host: '127.0.0.1:8080' })).status).toBe(303);
  });
});

describe('panel sessions', () => {
  it('end after 8 idle hours, stay alive while used, and end at logout', async () => {
    f = panelFixture();
    const me = await f.loginAs(PEOPLE.super);
    f.setNow(f.now() + IDLE_MS - 60_000);
    expect((await me.get('/')).status).toBe(200);
    f.setNow(f.now() + IDLE_MS - 60_000);
    expect((await me.get('/')).status).toBe(200);
    f.setNow(f.now() + IDLE_MS + 1);
    expect((await me.get('/')).status).toBe(401);

    const again = await f.loginAs(PEOPLE.super);
    expect((await again.post('/logout')).status).toBe(303);
    expect((await again.get('/')).status).toBe(401);
  });

  it('loses its rights as soon as the role is taken away', async () => {
    f = panelFixture();
    const op = await f.loginAs(PEOPLE.operatorIn);
    expect((await op.get('/referrals')).status).toBe(200);
    f.db.prepare('DELETE FROM operators WHERE user_key = ?').run(PEOPLE.operatorIn);
    expect((await op.get('/referrals')).status).toBe(401);
  });
});

describe('CSRF', () => {
  it('refuses every form post without the session token, or with another session’s', async () => {
    f = panelFixture();
    const me = await f.loginAs(PEOPLE.super);
    const other = await f.loginAs(PEOPLE.operatorIn);
    for (const token of ['', 'forged', other.csrf()]) {
      const res = await me.post(`/referrals/${CODE_TANGERANG}/register`, { kpj: '12345678901', _csrf: token });
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('Formulir kedaluwarsa');
    }
    expect(f.db.prepare('SELECT status FROM referrals WHERE code = ?').get(CODE_TANGERANG)).toEqual({ status: 'diajukan' });
    expect((await me.post(`/referrals/${CODE_TANGERANG}/register`, { kpj: '12345678901' })).status).toBe(303);
  });

  it('puts the token in every form of every page', async () => {
    f = panelFixture();
    const me = await f.loginAs(PEOPLE.super);
    for (const path of ['/', `/referrals/${CODE_TANGERANG}`, '/upload', '/communities', '/communities/BAKSO-CKK', '/broadcasts']) {
      const page = await (await me.get(path)).text();
      const posts = page.match(/<form method="post"[^>]*>/g) ?? [];
      expect(posts.length).toBeGreaterThan(0);
      const withToken = page.match(/<form method="post"[^>]*>(?:<input type="hidden" name="_csrf" value="[\w-]+">)/g) ?? [];
      expect({ path, n: withToken.length }).toEqual({ path, n: posts.length });
    }
  });
});

describe('Content-Security-Policy and escaping', () => {
  it('sends a CSP without inline script on every response, and serves its own script and style', async () => {
    f = panelFixture();
    expect(CSP).toContain("script-src 'self'");
    expect(CSP).not.toContain('unsafe-inline');
    const me = await f.loginAs(PEOPLE.super);
    for (const res of [
      await me.get('/'),
      await f.client().get('/'),
      await f.app.request('/login'),
      await f.app.request('/static/panel.js'),
    ]) {
      expect(res.headers.get('content-security-policy')).toBe(CSP);
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
    const page = await (await me.get('/')).text();
    // No inline script or style anywhere: every <script> has a src, no on* handlers, no style attributes.
    expect(page).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(page).not.toMatch(/\son[a-z]+=/);
    expect(page).not.toMatch(/\sstyle=/);
    expect((await f.app.request('/static/panel.css')).headers.get('content-type')).toContain('text/css');
  });

  it('escapes what users typed wherever it is shown', async () => {
    f = panelFixture();
    f.db.prepare('UPDATE referrals SET worker_name = ? WHERE code = ?').run('<script>alert(1)</script>', CODE_TANGERANG);
    const me = await f.loginAs(PEOPLE.super);
    for (const path of ['/referrals', `/referrals/${CODE_TANGERANG}`]) {
      const page = await (await me.get(path)).text();
      expect(page).not.toContain('<script>alert(1)</script>');
      expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
    expect(escapeHtml(`"'<>&`)).toBe('&quot;&#39;&lt;&gt;&amp;');
    expect(h`<p title="${'" onmouseover="x'}">${['<b>', h`<i>ok</i>`]}</p>`.value).toBe(
      '<p title="&quot; onmouseover=&quot;x">&lt;b&gt;<i>ok</i></p>',
    );
  });
});

describe('serving', () => {
  it("answers /healthz with the bot's health report when it has one: 503 and the channel states while a channel is down", async () => {
    f = panelFixture();
    const { createPanelApp } = await import('../../src/panel/server.ts');
    const { healthReport } = await import('../../src/health/report.ts');
    const down = [{ channel: 'telegram', state: 'retrying' as const, since: 1, lastError: 'ECONNREFUSED', failures: 2 }];
    const app = createPanelApp({ ...f.deps, health: () => healthReport(down, { telegram: 3 }, 2) });
    const res = await app.request('/healthz');
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(JSON.stringify(body)).toContain('retrying');
    expect(JSON.stringify(body)).toContain('ECONNREFUSED');
  });

  it('listens on an ephemeral port when asked for port 0, and refuses a port already taken', async () => {
    f = panelFixture();
    const { startPanel } = await import('../../src/panel/server.ts');
    const first = await startPanel(f.deps, { port: 0, host: '127.0.0.1' });
    try {
      expect(first.port).toBeGreaterThan(0);
      expect(await (await fetch(`${first.url}/healthz`)).text()).toBe('ok');
      await expect(startPanel(f.deps, { port: first.port, host: '127.0.0.1' })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
    }
  });
});
