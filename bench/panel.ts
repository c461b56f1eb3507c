// `npx tsx bench/panel.ts [--referrals N] [--requests R]`: the web panel with 100,000 referrals seeded — the
// queue page (filtered, paginated) and the home page (Beranda), p50/p95 over R requests each, measured
// in-process through the panel's own request handler (routing, session, SQL, HTML), as a super-admin and as an
// operator limited to one kabupaten/kota. Prints a table and, with --json, one JSON object on stdout.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { warmAreas } from '../src/domain/areas.ts';
import { openVault } from '../src/domain/vault.ts';
import { issuePanelLink } from '../src/features/panel-access.ts';
import { SESSION_COOKIE } from '../src/panel/auth.ts';
import { createPanelApp } from '../src/panel/server.ts';
import { type Db, openDatabase } from '../src/store/db.ts';
import { operatorStore } from '../src/store/operators.ts';
import { isMain } from './is-main.ts';

const NOW = Date.parse('2026-11-23T03:00:00Z');
const DAY = 86_400_000;
// Villages in six kabupaten/kota of three provinces; the operator works in Kota Tangerang (36.71).
const VILLAGES = ['36.71.01.1005', '36.71.07.1001', '36.03.01.2001', '32.03.03.2013', '32.01.01.2001', '35.78.01.1001'];
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

function seed(db: Db, n: number): void {
  const insertUser = db.prepare(
    "INSERT INTO users (key, channel, chat_id, name, locale, created_at, last_seen_at) VALUES (?, 'telegram', ?, ?, 'id', ?, ?)",
  );
  const insertCommunity = db.prepare("INSERT INTO communities (code, name, created_at, created_by) VALUES (?, ?, ?, 'bench')");
  const insert = db.prepare(
    `INSERT INTO referrals (code, status, created_at, updated_at, referrer_key, for_whom, worker_name, nik_sealed, nik_hash, nik_masked,
      gender, phone, phone_owner, occupation, sector, village_code, income_base, jht, period_months, payer,
      monthly_iuran, period_iuran, estimate, community_id)
     VALUES (?, ?, ?, ?, ?, 'other', ?, 'sealed', ?, '************0001', 'L', '+6281234567890', 'worker', 'pedagang', 'other',
      ?, 1000000, 0, 1, 'referrer', 16800, 16800, 0, ?)`,
  );
  const statuses = ['diajukan', 'diajukan', 'terdaftar', 'ditolak', 'dibatalkan'] as const;
  db.transaction(() => {
    for (let u = 0; u < 2000; u++) insertUser.run(`telegram:${u}`, String(u), `Pendaftar ${u}`, NOW, NOW);
    for (let c = 0; c < 20; c++) insertCommunity.run(`KOM-${ALPHABET[c]}`, `Komunitas ${c}`, NOW);
    for (let i = 0; i < n; i++) {
      let code = '';
      for (let k = 0, x = i; k < 5; k++, x = Math.floor(x / ALPHABET.length)) code += ALPHABET[x % ALPHABET.length];
      const at = NOW - (i % 90) * DAY - (i % 1000) * 1000;
      insert.run(
        `DFT-${code}`,
        statuses[i % statuses.length],
        at,
        at,
        `telegram:${i % 2000}`,
        `Pekerja ${i}`,
        `hash${i}`,
        VILLAGES[i % VILLAGES.length],
        i % 3 === 0 ? null : (i % 20) + 1,
      );
    }
  })();
  db.pragma('optimize');
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** What one panel measurement reports: the seeding time and p50/p95/max per case. */
export interface PanelResult {
  referrals: number;
  requests: number;
  seedMs: number;
  rows: { name: string; p50: number; p95: number; max: number }[];
}

/** Seeds `n` referrals and times `requests` requests of each case through the panel's own request handler. */
export async function measurePanel(n = 100_000, requests = 200): Promise<PanelResult> {
  const dir = mkdtempSync(join(tmpdir(), 'daftarin-bench-panel-'));
  try {
    const db = openDatabase(join(dir, 'daftarin.db'));
    const seedStart = performance.now();
    seed(db, n);
    const seedMs = performance.now() - seedStart;
    await warmAreas();
    operatorStore(db).add('telegram:op', '36.71', 'bench', NOW);
    const deps = {
      db,
      vault: openVault({ dataKeyHex: 'c3'.repeat(32), keyFile: join(dir, 'secret.key'), warn: () => {} }),
      superKeys: ['terminal:local'],
      timeZone: 'Asia/Jakarta',
      defaultLocale: 'id' as const,
      targetPerDesa: 100,
      secureCookies: false,
      linkTargets: () => ({}),
      clock: () => NOW,
    };
    const app = createPanelApp(deps);
    const login = async (userKey: string) => {
      const token = new URL(issuePanelLink(db, userKey, NOW, 'http://bench')).searchParams.get('t') ?? '';
      const res = await app.request('/login', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `t=${token}`,
      });
      return `${SESSION_COOKIE}=${/daftarin_panel=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1]}`;
    };
    const cookies = { super: await login('terminal:local'), operator: await login('telegram:op') };
    const cases: { name: string; who: keyof typeof cookies; path: (i: number) => string }[] = [
      {
        name: 'queue: status + region, page 1..20',
        who: 'super',
        path: (i) => `/referrals?status=diajukan&region=36.71&page=${1 + (i % 20)}`,
      },
      {
        name: 'queue: community + dates, page 1..20',
        who: 'super',
        path: (i) => `/referrals?community=KOM-C&from=2026-10-01&to=2026-11-20&page=${1 + (i % 20)}`,
      },
      { name: 'queue: code search', who: 'super', path: (i) => `/referrals?q=${ALPHABET[i % 31]}${ALPHABET[(i * 7) % 31]}` },
      {
        name: 'queue: operator (36.71), status, page 1..20',
        who: 'operator',
        path: (i) => `/referrals?status=terdaftar&page=${1 + (i % 20)}`,
      },
      { name: 'dashboard: super-admin (all)', who: 'super', path: () => '/' },
      { name: 'dashboard: operator (36.71)', who: 'operator', path: () => '/' },
    ];
    const rows: { name: string; p50: number; p95: number; max: number }[] = [];
    for (const c of cases) {
      for (let i = 0; i < 5; i++) await (await app.request(c.path(i), { headers: { cookie: cookies[c.who] } })).text();
      const times: number[] = [];
      for (let i = 0; i < requests; i++) {
        const t0 = performance.now();
        const res = await app.request(c.path(i), { headers: { cookie: cookies[c.who] } });
        await res.text();
        times.push(performance.now() - t0);
        if (res.status !== 200) throw new Error(`${c.path(i)} answered ${res.status}`);
      }
      times.sort((a, b) => a - b);
      rows.push({ name: c.name, p50: percentile(times, 50), p95: percentile(times, 95), max: times[times.length - 1] ?? 0 });
    }
    db.close();
    return { referrals: n, requests, seedMs, rows };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      referrals: { type: 'string', default: '100000' },
      requests: { type: 'string', default: '200' },
      json: { type: 'boolean', default: false },
    },
  });
  const { referrals: n, requests, seedMs, rows } = await measurePanel(Number(values.referrals), Number(values.requests));
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ referrals: n, requests, seedMs, rows })}\n`);
    return;
  }
  process.stdout.write(
    `panel with ${n.toLocaleString('en')} referrals (seeded in ${(seedMs / 1000).toFixed(1)} s), ${requests} requests each\n`,
  );
  process.stdout.write(`${'case'.padEnd(46)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)}\n`);
  for (const r of rows)
    process.stdout.write(
      `${r.name.padEnd(46)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)} ${r.max.toFixed(1).padStart(8)}\n`,
    );
}

if (isMain('bench/panel.ts')) await main();
