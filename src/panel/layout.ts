import type { Context } from 'hono';
import { type Locale, type MessageKey, type Params, t } from '../i18n.ts';
import { ACCESS, type Area, type PanelEnv } from './context.ts';
import { h, type SafeHtml } from './html.ts';
import { displayName } from './who.ts';

/** A request context of the panel. */
export type PanelContext = Context<PanelEnv>;

/** Panel text in the session's language. */
export function tr(c: PanelContext, key: MessageKey, params?: Params): string {
  return t(c.get('locale') ?? 'id', key, params);
}

/** The hidden CSRF field every form carries. */
export function csrfField(c: PanelContext): SafeHtml {
  return h`<input type="hidden" name="_csrf" value="${c.get('session').csrf}">`;
}

const NAV: { area: Area; href: string; key: MessageKey }[] = [
  { area: 'dashboard', href: '/', key: 'panel.nav.home' },
  { area: 'queue', href: '/referrals', key: 'panel.nav.referrals' },
  { area: 'process', href: '/upload', key: 'panel.nav.upload' },
  { area: 'communities', href: '/communities', key: 'panel.nav.communities' },
  { area: 'broadcasts', href: '/broadcasts', key: 'panel.nav.broadcasts' },
  { area: 'questions', href: '/questions', key: 'panel.nav.questions' },
  { area: 'audit', href: '/audit', key: 'panel.nav.audit' },
];

/** Whether the current user may use a part of the panel. */
export function may(c: PanelContext, area: Area): boolean {
  return (ACCESS[area] as readonly string[]).includes(c.get('role').kind);
}

/** A whole page: header with navigation, language switch and logout, then the content. */
export function page(c: PanelContext, opts: { title: string; active?: Area; body: SafeHtml | SafeHtml[] }): Response {
  const role = c.get('role');
  const nav = NAV.filter((n) => may(c, n.area)).map(
    (n) => h`<a href="${n.href}"${n.area === opts.active ? h` aria-current="page"` : ''}>${tr(c, n.key)}</a>`,
  );
  const other = c.get('locale') === 'id' ? 'en' : 'id';
  return c.html(
    shell(
      c.get('locale'),
      opts.title,
      h`<header class="top">
  <a class="brand" href="/">daftarin</a>
  <nav aria-label="${tr(c, 'panel.nav.label')}">${nav}</nav>
  <div class="who">
    <p class="person"><span class="visually-hidden">${tr(c, 'panel.who.label')} </span><span class="person-name">${displayName(c.get('locale'), role.key, c.get('userName'))}</span> <span class="person-role">${tr(c, `panel.role.${role.kind}`)}</span></p>
    <form method="post" action="/lang">${csrfField(c)}<input type="hidden" name="locale" value="${other}"><input type="hidden" name="back" value="${c.req.path}"><button type="submit" class="link">${tr(c, 'panel.lang.switch')}</button></form>
    <form method="post" action="/logout">${csrfField(c)}<button type="submit" class="link">${tr(c, 'panel.logout')}</button></form>
  </div>
</header>
<main id="main"><h1>${opts.title}</h1>${opts.body}</main>`,
    ).value,
  );
}

/** The HTML document around a page's content (also for the pages shown before login). */
export function shell(locale: Locale, title: string, body: SafeHtml): SafeHtml {
  return h`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · daftarin</title>
<link rel="stylesheet" href="/static/panel.css">
<script src="/static/panel.js" defer></script>
</head>
<body>
<a class="skip" href="#main">${t(locale, 'panel.skip')}</a>
${body}
</body>
</html>`;
}

/** A page that says the user may not do this (403) or something was not found (404). */
export function refusal(c: PanelContext, status: 403 | 404 | 400, key: MessageKey, params?: Params): Response {
  const res = page(c, {
    title: tr(c, status === 403 ? 'panel.error.forbidden_title' : 'panel.error.title'),
    body: h`<p class="error">${tr(c, key, params)}</p>`,
  });
  return new Response(res.body, { status, headers: res.headers });
}

/** A date and time in the bot's time zone, as operators read it. */
export function when(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(at);
}
