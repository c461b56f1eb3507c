import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issuePanelLink } from '../../src/features/panel-access.ts';
import { type RunningPanel, startPanel } from '../../src/panel/server.ts';
import { CODE_CIANJUR, CODE_TANGERANG, giveRealCodes, PEOPLE, panelFixture, VILLAGE_TANGERANG } from './support.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;
const DOCS = new URL('../../docs/', import.meta.url).pathname;
/** A community whose name is longer than a phone is wide (names may be up to 80 characters). */
const LONG_COMMUNITY = 'Paguyuban Pedagang Kaki Lima dan Ojek Pangkalan Kelurahan Cikokol Kota Tangerang';
const SUPER_NAME = 'Ibu Ratna Kepala Desa Sukamaju';

/** Elements inside <main> that are drawn past the viewport's right edge (a table scrolling sideways counts). */
const offscreenInMain = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('main *')]
      .filter((e) => e.getClientRects().length > 0 && e.getBoundingClientRect().right > window.innerWidth + 0.5)
      .map((e) => `${e.tagName}.${e.className}`),
  );

// Real headless Chromium (Debian's, never a downloaded browser); skipped only where it is not installed.
describe.skipIf(!existsSync(CHROMIUM))('panel in a real browser', () => {
  let f: ReturnType<typeof panelFixture>;
  let panel: RunningPanel;
  let browser: Browser;
  let profile: string;
  const cspErrors: string[] = [];

  beforeAll(async () => {
    f = panelFixture();
    for (let i = 0; i < 40; i++) f.seed.referral(`telegram:${4000 + (i % 7)}`, { village: VILLAGE_TANGERANG, communityId: f.communityA });
    const long = f.seed.community('PKL-CKK', LONG_COMMUNITY);
    for (let i = 0; i < 3; i++) f.seed.referral(`telegram:${4100 + i}`, { village: VILLAGE_TANGERANG, communityId: long });
    f.seed.user(PEOPLE.super, { name: SUPER_NAME });
    giveRealCodes(f.db);
    // Spread over three weeks, so the chart on the home page has a shape.
    f.db.prepare('UPDATE referrals SET created_at = created_at - (id % 21) * 86400000 - (id % 5) * 86400000').run();
    panel = await startPanel(f.deps, { port: 0, host: '127.0.0.1' });
    profile = mkdtempSync(join(tmpdir(), 'daftarin-chromium-'));
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${profile}`,
      ],
    });
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await panel?.close();
    f?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  const open = async (width = 1280, height = 800): Promise<Page> => {
    const page = await browser.newPage();
    await page.setViewport({ width, height });
    page.on('console', (m) => {
      if (/Content.Security.Policy|Refused to/i.test(m.text())) cspErrors.push(m.text());
    });
    return page;
  };
  const outbox = () => f.db.prepare('SELECT chat_id, text FROM outbox ORDER BY id').all() as { chat_id: string; text: string }[];
  const statusOf = (code: string) => (f.db.prepare('SELECT status FROM referrals WHERE code = ?').get(code) as { status: string }).status;

  /** Logs in through a one-time link with the keyboard only (the button takes focus; Enter presses it). */
  const login = async (page: Page, userKey: string) => {
    await page.goto(issuePanelLink(f.db, userKey, f.now(), panel.url));
    await page.waitForFunction(() => document.activeElement?.tagName === 'BUTTON');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(new URL(page.url()).pathname).toBe('/');
  };

  it('logs in through a link, marks a referral registered and queues the referrer’s notice — keyboard only', async () => {
    const page = await open();
    await login(page, PEOPLE.operatorIn);
    expect(await page.$eval('h1', (e) => e.textContent)).toBe('Beranda');
    await page.screenshot({ path: join(ARTIFACTS, 'panel-home-1280.png') });

    await page.goto(`${panel.url}/referrals/${CODE_TANGERANG}`);
    await page.focus('input[name="kpj"]');
    await page.keyboard.type('1234 5678 901');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await page.$eval('[role="status"]', (e) => e.textContent)).toContain('Ditandai terdaftar');
    expect(statusOf(CODE_TANGERANG)).toBe('terdaftar');
    expect(outbox()).toEqual([{ chat_id: '3001', text: expect.stringContaining('Nomor peserta (KPJ): *12345678901*') }]);
    await page.close();
  }, 60_000);

  it('rejects one with a picked reason, using Tab, Space and Enter', async () => {
    const page = await open();
    await login(page, PEOPLE.super);
    await page.goto(`${panel.url}/referrals/${CODE_CIANJUR}`);
    await page.focus('input[name="preset"][value="1"]');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    // Radio buttons of one group are one tab stop: the next Tab reaches the free-text field.
    while (!(await page.evaluate(() => document.activeElement?.getAttribute('name') === 'reason'))) await page.keyboard.press('Tab');
    await page.keyboard.type('foto KTP buram');
    await page.keyboard.press('Tab');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(statusOf(CODE_CIANJUR)).toBe('ditolak');
    expect(outbox().at(-1)?.text).toContain('Nama tidak sesuai KTP — foto KTP buram');
    await page.close();
  }, 60_000);

  it('uploads a results CSV file, previews it and applies it', async () => {
    const page = await open();
    await login(page, PEOPLE.super);
    const codes = f.db.prepare("SELECT code FROM referrals WHERE status = 'diajukan' ORDER BY id LIMIT 2").all() as { code: string }[];
    const file = join(profile, 'hasil.csv');
    writeFileSync(file, `code,kpj\n${codes[0]?.code},22222222222\n${codes[1]?.code},ditolak,sudah terdaftar\nDFT-ZZZZ9,1\n`);
    await page.goto(`${panel.url}/upload`);
    const input = await page.$('input[type="file"]');
    await (input as NonNullable<typeof input> & { uploadFile(p: string): Promise<void> }).uploadFile(file);
    await Promise.all([page.waitForNavigation(), page.click('form[action="/upload"] button[type="submit"]')]);
    expect(await page.$eval('main', (e) => e.textContent)).toContain('2 siap diterapkan, 0 sudah sesuai, 1 bermasalah.');
    await page.focus('form[action="/upload/apply"] button');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await page.$eval('[role="status"]', (e) => e.textContent)).toContain('2 diubah, 0 tidak berubah, 1 bermasalah.');
    expect(statusOf(codes[0]?.code ?? '')).toBe('terdaftar');
    expect(statusOf(codes[1]?.code ?? '')).toBe('ditolak');
    await page.close();
  }, 60_000);

  it('starts a broadcast, watches its progress update live, and stops it', async () => {
    for (let i = 0; i < 3; i++) f.seed.member(f.communityA, `telegram:${5000 + i}`, { via: 'BAKSO-CKK' });
    const page = await open();
    await login(page, PEOPLE.communityAdmin);
    await page.goto(`${panel.url}/broadcasts`);
    await page.focus('textarea[name="text"]');
    await page.keyboard.type('Rapat anggota Jumat jam 8.');
    await page.keyboard.press('Tab');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await page.$eval('main', (e) => e.textContent)).toContain('Akan dikirim ke 4 anggota');
    await page.focus('form[action="/broadcasts"] button');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await page.$eval('[data-field="pending"]', (e) => e.textContent)).toBe('4');
    // The outbox runner would deliver these; the page polls and shows it without a reload.
    f.db
      .prepare(
        "UPDATE outbox SET state = 'sent', sent_at = 1 WHERE id IN (SELECT id FROM outbox WHERE broadcast_id IS NOT NULL ORDER BY id LIMIT 2)",
      )
      .run();
    await page.waitForFunction(() => document.querySelector('[data-field="sent"]')?.textContent === '2', { timeout: 10_000 });
    await page.focus('form[action$="/stop"] button');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await page.$eval('[data-field="stateLabel"]', (e) => e.textContent)).toBe('dihentikan');
    expect(await page.$eval('[data-field="cancelled"]', (e) => e.textContent)).toBe('2');
    await page.close();
  }, 60_000);

  it('works on a phone screen: cards instead of a sideways table, names wrap, the header names the person', async () => {
    const page = await open(360, 740);
    await login(page, PEOPLE.super);
    expect(await offscreenInMain(page)).toEqual([]);
    await page.goto(`${panel.url}/referrals?community=PKL-CKK`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    expect(await offscreenInMain(page)).toEqual([]);
    // Each referral is a card with its code, the worker's first name, status, desa, date and an action.
    const cards = await page.$$eval('.cards > li', (els) =>
      els
        .filter((e) => e.getClientRects().length > 0)
        .map((e) => ({ text: e.textContent ?? '', actions: e.querySelectorAll('a.button').length })),
    );
    expect(cards).toHaveLength(3);
    for (const card of cards) {
      expect(card.text).toMatch(/DFT-C\w{4}/);
      expect(card.text).toMatch(/Pekerja/);
      expect(card.text).toContain('diajukan');
      expect(card.text).toContain('Cikokol');
      expect(card.text).toMatch(/\d{4}-\d{2}-\d{2}/);
      expect(card.actions).toBeGreaterThanOrEqual(1);
    }
    // The long community name is shown whole somewhere visible: wrapped, not clipped.
    const shown = await page.evaluate((name) => {
      const leaves = [...document.querySelectorAll('main *')].filter(
        (e) => e.tagName !== 'OPTION' && e.getClientRects().length > 0 && e.textContent?.trim() === name,
      );
      return leaves.map((e) => ({ clipped: e.scrollWidth > e.clientWidth, right: e.getBoundingClientRect().right }));
    }, LONG_COMMUNITY);
    expect(shown.length).toBeGreaterThan(0);
    for (const s of shown) expect(s).toEqual({ clipped: false, right: expect.any(Number) });
    expect(Math.max(...shown.map((s) => s.right))).toBeLessThanOrEqual(360);
    // The header names the signed-in person and their role, never the raw user key.
    const who = await page.$eval('.who', (e) => e.textContent ?? '');
    expect(who).toContain(SUPER_NAME);
    expect(who).toContain('admin pusat');
    expect(who).not.toContain(PEOPLE.super);
    // The whole page, so the README shows the cards below the filters.
    await page.screenshot({ path: join(ARTIFACTS, 'panel-queue-360.png'), fullPage: true });
    // The skip link is the first tab stop.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Langsung ke isi');
    await Promise.all([page.waitForNavigation(), page.click('form[action="/lang"] button')]);
    expect(await page.$eval('h1', (e) => e.textContent)).toBe('Referrals');
    await page.goto(`${panel.url}/`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    expect(await offscreenInMain(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'panel-home-360.png') });
    expect(cspErrors).toEqual([]);
    // The README shows two of these (refreshed when this test runs where docs/ is writable).
    if (process.env.PANEL_DOCS_SCREENSHOTS) {
      copyFileSync(join(ARTIFACTS, 'panel-home-1280.png'), join(DOCS, 'panel-home.png'));
      copyFileSync(join(ARTIFACTS, 'panel-queue-360.png'), join(DOCS, 'panel-queue-phone.png'));
    }
    await page.close();
  }, 60_000);
});
