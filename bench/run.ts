// `npm run bench [-- --users N] [--quick] [--concurrency C] [--messages M]`: pipeline vs baseline (and the pipeline at
// 1,000 and 10,000 users; --quick leaves out 10,000), village search, outbox drain. About a minute on 2 cores.
// Each measurement runs in its own child process, so peak RSS and heap belong to that measurement alone.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createActor } from 'xstate';
import { buildApp, buildFeatures } from '../src/app.ts';
import type { Channel, Outgoing } from '../src/channels/channel.ts';
import { loadConfig } from '../src/config.ts';
import { drainOutbox } from '../src/delivery/outbox-runner.ts';
import { outboxLimits } from '../src/delivery/pacing.ts';
import { warmAreas } from '../src/domain/areas.ts';
import { silentLogger } from '../src/log.ts';
import { type Db, openDatabase } from '../src/store/db.ts';
import { outboxStore } from '../src/store/outbox.ts';
import { todayIn } from '../src/util/time.ts';
import { type BulkResult, measureBulkValidation } from './bulk.ts';
import { benchDeps } from './deps.ts';
import { isMain } from './is-main.ts';
import { cpuSecondsSince, heapAfterGc, type Latency, latency, RssPeak, type RunFigures } from './measure.ts';
import { measurePanel, type PanelResult } from './panel.ts';
import { type PeerRunResult, runEngine, runPeer } from './peer/runs.ts';
import { measureStart, repoRoot, type StartResult, startNodeFlags } from './start.ts';
import { measureVillageSearch, rng } from './villages.ts';

const DATA_KEY = 'b2'.repeat(32);
/** A fixed instant (like the tests' TestClock) so rates, ages and discounts are the same on every run. */
const NOW = Date.parse('2026-11-23T03:00:00Z');
const SELF = fileURLToPath(import.meta.url);

/** What one pipeline or baseline run measured. */
export interface RunResult extends RunFigures {
  kind: 'pipeline' | 'baseline';
  concurrency: number;
  dbBytesPerRegistration: number;
}

/** Village search figures. */
export interface VillageResult {
  villages: number;
  districts: number;
  coldLoadMs: number;
  heapAfterLoadMb: number;
  rssAfterLoadMb: number;
  queries: number;
  withHits: number;
  latencyMs: Latency;
  byKind: Record<string, Latency>;
}

/** One outbox drain: how many went out, over what span of send times, at what pace. */
export interface DrainResult {
  messages: number;
  /** First send to last send. */
  spanSeconds: number;
  /** Messages over the span, counting the span's last second: the long-run rate. */
  messagesPerSecond: number;
  /** Most sends in any one-second window (the Telegram limit's own definition). */
  maxInOneSecond: number;
  minGapMs: number;
  meanGapMs: number;
  /** When drainOutbox returned, from its start. */
  returnedAfterSeconds: number;
}

/** Outbox drain figures: unlimited, and each limited channel against its configured pace. */
export interface OutboxResult {
  unlimited: DrainResult;
  limited: (DrainResult & { channel: string; clock: 'virtual' | 'real'; configured: string })[];
}

/** The whole `bench/results.json`. */
export interface BenchResults {
  at: string;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; platform: string };
  settings: { users: number; scaling: number[]; concurrency: number; outboxMessages: number };
  pipeline: RunResult;
  pipelineConcurrent?: RunResult;
  baseline: RunResult;
  ratio: number;
  /** telegraf 4 WizardScene + @telegraf/session SQLite on the same script: the median of `peerRuns` by msg/s. */
  peer: PeerRunResult;
  /** daftarin's engine (runFlow + registration flow + store + rendering, no channel) on the same script: the median of `engineRuns`. */
  engine: PeerRunResult;
  /** Every peer and engine run; they alternate (peer, engine, peer, …) so a change in the machine's load hits both. */
  peerRuns: PeerRunResult[];
  engineRuns: PeerRunResult[];
  /** engine msg/s over peer msg/s (medians). */
  engineToPeer: number;
  /** The same ratio per second of CPU time (medians): what a shared machine's load moves least. */
  engineToPeerCpu: number;
  /** full pipeline msg/s over peer msg/s. */
  pipelineToPeer: number;
  scaling: RunResult[];
  villages: VillageResult;
  /** `npm start` and `node src/launch.mjs` as a user starts them: first reply, RSS after a village search. */
  start: StartResult;
  /** Figures of bench/bulk.ts and bench/panel.ts. */
  extras: { bulk?: BulkResult; panel?: PanelResult };
  outbox: OutboxResult;
  targets: { name: string; target: string; measured: string; met: boolean }[];
  totalSeconds: number;
}

/** The messages of user `i`: a whole third-party registration (16 messages), with a NIK and phone of its own. */
export function registrationScript(i: number): string[] {
  return ['halo', 'daftar', 'ya', '5', 'budi santoso', nikFor(i), 'ya', phoneFor(i), '1', 'sukamaju cibeber', '1', '1', '2', '3', '1', '1'];
}

/**
 * A distinct valid NIK per user: Kab. Bogor 32.01.01, born in 1985, serial 0001–9999; every 9,999 users
 * the birth day/month moves on (17 August first), so millions of users still get distinct NIKs.
 */
export function nikFor(i: number): string {
  const serial = String((i % 9999) + 1).padStart(4, '0');
  const k = Math.floor(i / 9999) + 16;
  const day = (k % 28) + 1;
  const month = ((Math.floor(k / 28) + 7) % 12) + 1;
  return `320101${String(day).padStart(2, '0')}${String(month).padStart(2, '0')}85${serial}`;
}

/** A distinct Telkomsel-shaped mobile number per user. */
export function phoneFor(i: number): string {
  return `0812${String(i).padStart(8, '0')}`;
}

/** Checkpoints the WAL into the main file and returns the file's size. */
function dbSize(db: Db, path: string): number {
  db.pragma('wal_checkpoint(TRUNCATE)');
  return statSync(path).size;
}

/** A channel that only counts what it is asked to send (keeping the replies would grow with N), and optionally when. */
class CountingChannel implements Channel {
  replies = 0;
  codes = 0;
  readonly times: number[] = [];
  constructor(
    readonly name = 'bench',
    private readonly now?: () => number,
  ) {}
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async send(_chatId: string, reply: Outgoing): Promise<void> {
    this.replies++;
    if (reply.text.includes('Kode rujukan: *DFT-')) this.codes++;
    if (this.now) this.times.push(this.now());
  }
}

function openBenchApp(dir: string) {
  const channel = new CountingChannel();
  const deps = benchDeps(dir, DATA_KEY, NOW, [channel]);
  return { config: deps.config, db: deps.db, vault: deps.vault, channel, deps, app: buildApp(deps) };
}

/**
 * The real app (queue, dedupe, XState restore + persist, domain writes, locale rendering) on a file DB.
 * concurrency 1: round-robin over all users, one message in flight (latency = one turn). concurrency C:
 * C chats in flight at once, users taken in a shuffled order (latency then includes waiting for the others).
 */
async function runPipeline(users: number, concurrency: number): Promise<RunResult> {
  await warmAreas();
  await warmUp();
  const dir = mkdtempSync(join(tmpdir(), 'daftarin-bench-'));
  try {
    const { db, channel, app } = openBenchApp(dir);
    // As in production: the background work (outbox, pruning, WAL checkpoints between turns) runs alongside.
    app.startBackground();
    const scripts = Array.from({ length: users }, (_, i) => registrationScript(i));
    const perUser = scripts[0]?.length ?? 0;
    const times: number[] = [];
    const rss = new RssPeak();
    const cpu = process.cpuUsage();
    const send = async (u: number, step: number) => {
      const text = scripts[u]?.[step] as string;
      const t0 = performance.now();
      await app.bot.handle(channel, { chatId: `c${u}`, messageId: `m${u}-${step}`, text, name: 'Bench' });
      times.push(performance.now() - t0);
      if ((times.length & 255) === 0) rss.sample();
      // Real messages arrive from the network, which lets timers run between turns; a bare loop of awaits never would.
      if ((times.length & 63) === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    };
    const start = performance.now();
    if (concurrency <= 1) {
      for (let step = 0; step < perUser; step++) for (let u = 0; u < users; u++) await send(u, step);
    } else {
      const order = shuffled(users, 7);
      let next = 0;
      const worker = async () => {
        while (next < order.length) {
          const u = order[next++] as number;
          for (let step = 0; step < perUser; step++) await send(u, step);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
    }
    const seconds = (performance.now() - start) / 1000;
    const cpuSeconds = cpuSecondsSince(cpu);
    rss.sample();
    await app.stop();
    const registered = (db.prepare('SELECT count(*) AS n FROM referrals').get() as { n: number }).n;
    if (registered !== users || channel.codes !== users)
      throw new Error(
        `pipeline: ${registered} referrals stored and ${channel.codes} codes sent for ${users} users — the script went wrong`,
      );
    const dbBytes = dbSize(db, join(dir, 'daftarin.db'));
    db.close();
    const messages = times.length;
    const latencyMs = latency(times);
    // The harness's own per-user data must not count as the bot's memory; the app (and its flood guard) stays alive.
    times.length = 0;
    scripts.length = 0;
    const heapAfterGcMb = heapAfterGc() / 1e6;
    return {
      kind: 'pipeline',
      users,
      concurrency,
      messages,
      seconds,
      messagesPerSecond: messages / seconds,
      cpuSeconds,
      messagesPerCpuSecond: messages / cpuSeconds,
      registrationsPerSecond: users / seconds,
      latencyMs,
      peakRssMb: rss.peak / 1e6,
      peakHeapTotalMb: rss.peakHeapTotal / 1e6,
      heapAfterGcMb,
      dbBytes,
      dbBytesPerRegistration: dbBytes / users,
      replies: channel.replies,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs 100 registrations on a throw-away database so JIT compilation is not part of the figures. */
async function warmUp(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'daftarin-warm-'));
  try {
    const { db, channel, app } = openBenchApp(dir);
    for (let u = 0; u < 100; u++) {
      for (const [step, text] of registrationScript(u).entries())
        await app.bot.handle(channel, { chatId: `w${u}`, messageId: `w${u}-${step}`, text });
    }
    await app.stop();
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The bare minimum the same work needs, per message: read the snapshot JSON, restore an actor of the same
 * registration machine (with the same submit that writes the referral), send one event, persist the
 * snapshot — one transaction per message. 'halo' starts the actor; 'daftar' is a resume (re-prompt).
 */
function runBaseline(users: number): RunResult {
  const dir = mkdtempSync(join(tmpdir(), 'daftarin-base-'));
  try {
    const { db, deps } = openBenchApp(dir);
    const flow = buildFeatures(deps).flows.find((f) => f.id === 'registration');
    if (!flow) throw new Error('no registration flow');
    const today = todayIn(deps.config.TIMEZONE, NOW);
    const addUser = db.prepare(
      "INSERT INTO users (key, channel, chat_id, locale, created_at, last_seen_at) VALUES (?, 'bench', ?, 'id', ?, ?)",
    );
    const read = db.prepare<[string], { snapshot: string }>("SELECT snapshot FROM flow_states WHERE key = ? AND flow_id = 'registration'");
    const write = db.prepare(
      `INSERT INTO flow_states (key, flow_id, version, snapshot, input, updated_at) VALUES (?, 'registration', 1, ?, '{}', ?)
       ON CONFLICT(key, flow_id) DO UPDATE SET snapshot = excluded.snapshot, updated_at = excluded.updated_at`,
    );
    const drop = db.prepare("DELETE FROM flow_states WHERE key = ? AND flow_id = 'registration'");
    let emitted = 0;
    const message = db.transaction((u: number, step: number, text: string) => {
      const key = `bench:c${u}`;
      const meta = { userKey: key, locale: 'id' as const, now: NOW, today };
      if (step === 0) addUser.run(key, `c${u}`, NOW, NOW);
      const row = step === 0 ? undefined : read.get(key);
      const actor = row
        ? createActor(flow.machine, { snapshot: JSON.parse(row.snapshot), input: { meta } })
        : createActor(flow.machine, { input: { meta, forWhom: 'other' } });
      actor.on('*', () => {
        emitted++;
      });
      actor.start();
      if (step === 1) actor.send({ type: 'flow.resume', meta });
      else if (step > 1) actor.send({ type: 'user.text', text, meta });
      if (actor.getSnapshot().status === 'done') drop.run(key);
      else write.run(key, JSON.stringify(actor.getPersistedSnapshot()), NOW);
      actor.stop();
    });
    const run = (n: number, offset: number, times?: number[], rss?: RssPeak) => {
      const scripts = Array.from({ length: n }, (_, i) => registrationScript(offset + i));
      for (let step = 0; step < 16; step++)
        for (let u = 0; u < n; u++) {
          const t0 = performance.now();
          message(offset + u, step, scripts[u]?.[step] as string);
          if (times) {
            times.push(performance.now() - t0);
            if ((times.length & 255) === 0) rss?.sample();
          }
        }
    };
    // Warm-up users with NIKs beyond the measured ones, then the measured run on the same database.
    run(100, users + 10);
    const times: number[] = [];
    const rss = new RssPeak();
    const cpu = process.cpuUsage();
    const start = performance.now();
    run(users, 0, times, rss);
    const seconds = (performance.now() - start) / 1000;
    const cpuSeconds = cpuSecondsSince(cpu);
    const registered = (db.prepare('SELECT count(*) AS n FROM referrals').get() as { n: number }).n;
    if (registered !== users + 100) throw new Error(`baseline: ${registered} referrals stored for ${users + 100} users`);
    const dbBytes = dbSize(db, join(dir, 'daftarin.db'));
    db.close();
    return {
      kind: 'baseline',
      users,
      concurrency: 1,
      messages: times.length,
      seconds,
      messagesPerSecond: times.length / seconds,
      cpuSeconds,
      messagesPerCpuSecond: times.length / cpuSeconds,
      registrationsPerSecond: users / seconds,
      latencyMs: latency(times),
      peakRssMb: rss.peak / 1e6,
      peakHeapTotalMb: rss.peakHeapTotal / 1e6,
      heapAfterGcMb: heapAfterGc() / 1e6,
      dbBytes,
      dbBytesPerRegistration: dbBytes / (users + 100),
      replies: emitted,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runVillages(): Promise<VillageResult> {
  const m = await measureVillageSearch(1000);
  return {
    villages: m.villages,
    districts: m.districts,
    coldLoadMs: m.loadMs,
    heapAfterLoadMb: m.heapAfterLoadMb,
    rssAfterLoadMb: process.memoryUsage.rss() / 1e6,
    queries: m.times.length,
    withHits: m.withHits,
    latencyMs: latency(m.times),
    byKind: Object.fromEntries([...m.byKind].map(([k, xs]) => [k, latency(xs)])),
  };
}

/** Pace figures from send times in milliseconds. */
function pace(times: number[], returnedAfterSeconds: number): DrainResult {
  const first = times[0] ?? 0;
  const last = times.at(-1) ?? 0;
  let maxInOneSecond = 0;
  let minGapMs = Number.POSITIVE_INFINITY;
  for (let i = 0, j = 0; i < times.length; i++) {
    while ((times[j] as number) <= (times[i] as number) - 1000) j++;
    maxInOneSecond = Math.max(maxInOneSecond, i - j + 1);
    if (i > 0) minGapMs = Math.min(minGapMs, (times[i] as number) - (times[i - 1] as number));
  }
  const spanSeconds = (last - first) / 1000;
  return {
    messages: times.length,
    spanSeconds,
    messagesPerSecond: times.length / (spanSeconds + 1),
    maxInOneSecond,
    minGapMs,
    meanGapMs: times.length > 1 ? (last - first) / (times.length - 1) : 0,
    returnedAfterSeconds,
  };
}

/** A fresh database with `messages` outbox rows for `channel`, spread over `chats` chats. */
function outboxDb(dir: string, channel: string, messages: number, chats: number): Db {
  const db = openDatabase(join(mkdtempSync(join(dir, `${channel}-`)), 'outbox.db'));
  const outbox = outboxStore(db);
  db.transaction(() => {
    for (let i = 0; i < messages; i++) outbox.enqueue(channel, `c${i % chats}`, `Pemberitahuan ${i}`, NOW);
  })();
  return db;
}

/**
 * drainOutbox with no-op channels: unlimited (a channel without limits), then the configured limits —
 * on a virtual clock whose sleep only moves time on (the pacing decisions without the wait), and for
 * Telegram also for a few real seconds (real timers).
 */
async function runOutbox(messages: number): Promise<OutboxResult> {
  const dir = mkdtempSync(join(tmpdir(), 'daftarin-outbox-'));
  try {
    const limits = outboxLimits(loadConfig({ DATABASE_PATH: join(dir, 'x.db'), LOG_LEVEL: 'silent' }));
    const drain = async (name: string, n: number, chats: number, virtual: boolean): Promise<DrainResult> => {
      const db = outboxDb(dir, name, n, chats);
      let t = NOW;
      const clock = virtual ? () => t : () => performance.now();
      const channel = new CountingChannel(name, clock);
      const opts = virtual
        ? {
            limits,
            clock,
            sleep: async (ms: number) => {
              t += ms;
            },
            random: rng(1),
          }
        : { limits };
      const start = clock();
      const sent = await drainOutbox(db, [channel], silentLogger, opts);
      const returnedAfterSeconds = (clock() - start) / 1000;
      db.close();
      if (sent !== n || channel.replies !== n) throw new Error(`outbox ${name}: ${sent} of ${n} sent`);
      return pace(channel.times, returnedAfterSeconds);
    };
    const unlimited = await drain('bench', messages, 1000, false);
    const tg = limits.telegram ?? {};
    const wa = limits.whatsapp ?? {};
    const telegramPace = `${tg.perSecond}/s, ${tg.perChatGapMs} ms per chat`;
    return {
      unlimited,
      limited: [
        { channel: 'telegram', clock: 'virtual', ...(await drain('telegram', messages, 1000, true)), configured: telegramPace },
        // Real timers: about three seconds' worth.
        {
          channel: 'telegram',
          clock: 'real',
          ...(await drain('telegram', 3 * (tg.perSecond ?? 25), 1000, false)),
          configured: telegramPace,
        },
        {
          channel: 'whatsapp',
          clock: 'virtual',
          ...(await drain('whatsapp', wa.dailyCap ?? 200, 200, true)),
          configured: `${(wa.minGapMs ?? 0) / 1000}–${(wa.maxGapMs ?? 0) / 1000} s apart, ${wa.dailyCap}/day`,
        },
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Peer and engine runs each, alternating: one run of each swings with the machine's load by ±30 % here. */
const PEER_ROUNDS = 3;

/** The median element of `xs` by `key` (the lower middle for an even count). */
function medianBy<T>(xs: T[], key: (x: T) => number): T {
  const sorted = [...xs].sort((a, b) => key(a) - key(b));
  return sorted[Math.floor((sorted.length - 1) / 2)] as T;
}

function shuffled(n: number, seed: number): number[] {
  const xs = Array.from({ length: n }, (_, i) => i);
  let a = seed;
  for (let i = n - 1; i > 0; i--) {
    a = (Math.imul(a, 1_103_515_245) + 12_345) >>> 0;
    const j = a % (i + 1);
    [xs[i], xs[j]] = [xs[j] as number, xs[i] as number];
  }
  return xs;
}

/**
 * Runs one measurement in a fresh node process and returns its JSON: the same loader, the bot's own Node flags
 * (npm start's, for the peer too: same heap rules for both), and --expose-gc for the live-heap figure.
 */
function child<T>(args: string[]): T {
  const flags = [...process.execArgv, ...startNodeFlags().filter((f) => !process.execArgv.includes(f)), '--expose-gc'];
  const r = spawnSync(process.execPath, [...flags, SELF, '--child', ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`bench child ${args.join(' ')} failed with status ${r.status}`);
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as T;
}

const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);
const int = (x: number) => Math.round(x).toLocaleString('en-US');

function printTable(r: BenchResults): void {
  const rows = [r.pipeline, ...(r.pipelineConcurrent ? [r.pipelineConcurrent] : []), r.baseline, ...r.scaling];
  const head = [
    'run',
    'users',
    'in flight',
    'messages',
    'msg/s',
    'reg/s',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'max ms',
    'peak RSS MB',
    'peak V8 heap MB',
    'heap after GC MB',
    'DB MB',
    'DB B/reg',
  ];
  const body = rows.map((x) => [
    x.kind,
    int(x.users),
    String(x.concurrency),
    int(x.messages),
    int(x.messagesPerSecond),
    int(x.registrationsPerSecond),
    f2(x.latencyMs.p50),
    f2(x.latencyMs.p95),
    f2(x.latencyMs.p99),
    f2(x.latencyMs.max),
    f1(x.peakRssMb),
    f1(x.peakHeapTotalMb),
    f1(x.heapAfterGcMb),
    f1(x.dbBytes / 1e6),
    int(x.dbBytesPerRegistration),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  console.log(`\nmachine: ${r.machine.cpus} CPU (${r.machine.cpuModel}), ${f1(r.machine.memoryGb)} GB, node ${r.machine.node}`);
  console.log('\nPipeline (real app, file DB) vs baseline (restore + send + persist only)');
  console.log(line(head));
  for (const b of body) console.log(line(b));
  console.log(`pipeline / baseline throughput: ${(r.ratio * 100).toFixed(0)}%`);
  console.log('\nPeer comparison, same 16-message script, round-robin, 1 in flight');
  for (const x of [...r.peerRuns, ...r.engineRuns])
    console.log(
      `  ${x.kind.padEnd(8)} ${int(x.users)} users: ${int(x.messagesPerSecond)} msg/s (${int(x.messagesPerCpuSecond)} per CPU-s), p50 ${f2(x.latencyMs.p50)} ms, ` +
        `p99 ${f2(x.latencyMs.p99)} ms, max ${f2(x.latencyMs.max)} ms, peak RSS ${f1(x.peakRssMb)} MB, live heap ${f1(x.heapAfterGcMb)} MB, DB ${f1(x.dbBytes / 1e6)} MB`,
    );
  console.log(
    `  medians: peer ${int(r.peer.messagesPerSecond)}, engine ${int(r.engine.messagesPerSecond)} msg/s; engine / peer ${f2(r.engineToPeer)}× ` +
      `(per CPU-second ${f2(r.engineToPeerCpu)}×); full pipeline / peer ${f2(r.pipelineToPeer)}×`,
  );
  const v = r.villages;
  console.log(
    `\nVillage search: ${int(v.villages)} villages, cold load ${int(v.coldLoadMs)} ms, heap after load ${f1(v.heapAfterLoadMb)} MB`,
  );
  console.log(
    `  ${v.queries} queries (${v.withHits} with hits): p50 ${f2(v.latencyMs.p50)} ms, p99 ${f2(v.latencyMs.p99)} ms, max ${f2(v.latencyMs.max)} ms`,
  );
  for (const [kind, l] of Object.entries(v.byKind)) console.log(`  ${kind.padEnd(22)} p50 ${f2(l.p50)} ms, p99 ${f2(l.p99)} ms`);
  console.log('\nStart as a user starts it (fresh database, terminal channel, panel and health endpoint on)');
  for (const x of r.start.runs)
    console.log(
      `  ${x.command.padEnd(20)} first reply after ${int(x.firstReplyMs)} ms; RSS ${f1(x.rssAfterFirstReplyMb ?? Number.NaN)} MB then, ` +
        `${f1(x.rssAfterSearchMb ?? Number.NaN)} MB after a registration's village search (peak ${f1(x.peakRssMb ?? Number.NaN)} MB; ` +
        `V8 heap ${x.memory?.heapUsedMb} of ${x.memory?.heapTotalMb} MB, outside it ${x.memory?.externalMb} MB)`,
    );
  for (const [name, x] of Object.entries(r.extras)) console.log(`bench/${name}.ts: ${JSON.stringify(x)}`);
  const o = r.outbox;
  const u = o.unlimited;
  console.log('\nOutbox drain (no-op channel)');
  console.log(
    `  no rate limit: ${int(u.messages)} messages in ${f2(u.returnedAfterSeconds)} s = ${int(u.messages / u.returnedAfterSeconds)}/s`,
  );
  for (const l of o.limited)
    console.log(
      `  ${`${l.channel} (${l.clock} clock)`.padEnd(24)} ${int(l.messages).padStart(6)} messages over ${f1(l.spanSeconds)} s: ${f2(l.messagesPerSecond)}/s, ` +
        `max ${l.maxInOneSecond} in any second, gaps ≥ ${int(l.minGapMs)} ms (mean ${int(l.meanGapMs)}); returned after ${f1(l.returnedAfterSeconds)} s — configured ${l.configured}`,
    );
  console.log('\nTargets');
  for (const t of r.targets)
    console.log(`  ${t.met ? 'met   ' : 'MISSED'}  ${t.name.padEnd(34)} target ${t.target.padEnd(24)} measured ${t.measured}`);
  console.log(`\nwritten to bench/results.json (${f1(r.totalSeconds)} s)`);
}

async function childMain(values: Record<string, string | boolean | undefined>): Promise<void> {
  const users = Number(values.users);
  let out: unknown;
  switch (values.child) {
    case 'pipeline':
      out = await runPipeline(users, Number(values.concurrency));
      break;
    case 'baseline':
      await warmAreas();
      out = runBaseline(users);
      break;
    case 'peer':
      out = await runPeer(users, { script: registrationScript, now: NOW, dataKey: DATA_KEY });
      break;
    case 'engine':
      out = await runEngine(users, { script: registrationScript, now: NOW, dataKey: DATA_KEY });
      break;
    case 'panel':
      out = await measurePanel();
      break;
    case 'bulk':
      await warmAreas();
      out = await measureBulkValidation();
      break;
    case 'villages':
      out = await runVillages();
      break;
    case 'outbox': {
      // The outbox's pacing timers are unref'd (they must not keep a stopping bot alive): hold the process open.
      const keepAlive = setInterval(() => {}, 1000);
      out = await runOutbox(Number(values.messages));
      clearInterval(keepAlive);
      break;
    }
    default:
      throw new Error(`unknown child ${String(values.child)}`);
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      users: { type: 'string', default: '2000' },
      quick: { type: 'boolean', default: false },
      concurrency: { type: 'string', default: '64' },
      messages: { type: 'string', default: '10000' },
      child: { type: 'string' },
    },
    strict: true,
  });
  if (values.child) return childMain(values);

  const t0 = performance.now();
  const users = Number(values.users);
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(users) || users < 1) throw new Error(`--users wants a positive integer, got ${values.users}`);
  // Memory must stay flat as N grows: 1,000 and 10,000 users (--quick: 1,000 only, about 25 s less).
  const scalingUsers = [...new Set([1000, ...(values.quick ? [] : [10_000])])].filter((n) => n !== users);
  const progress = (s: string) => process.stderr.write(`bench: ${s}…\n`);

  progress(`pipeline, ${users} users`);
  const pipeline = child<RunResult>(['pipeline', '--users', String(users), '--concurrency', '1']);
  let pipelineConcurrent: RunResult | undefined;
  if (concurrency > 1) {
    progress(`pipeline, ${users} users, ${concurrency} chats in flight`);
    pipelineConcurrent = child<RunResult>(['pipeline', '--users', String(users), '--concurrency', String(concurrency)]);
  }
  progress(`baseline, ${users} users`);
  const baseline = child<RunResult>(['baseline', '--users', String(users)]);
  const peerRuns: PeerRunResult[] = [];
  const engineRuns: PeerRunResult[] = [];
  for (let i = 1; i <= PEER_ROUNDS; i++) {
    progress(`peer (telegraf WizardScene + SQLite session), ${users} users, round ${i} of ${PEER_ROUNDS}`);
    peerRuns.push(child<PeerRunResult>(['peer', '--users', String(users)]));
    progress(`engine on the peer's script, ${users} users, round ${i} of ${PEER_ROUNDS}`);
    engineRuns.push(child<PeerRunResult>(['engine', '--users', String(users)]));
  }
  const peer = medianBy(peerRuns, (x) => x.messagesPerSecond);
  const engine = medianBy(engineRuns, (x) => x.messagesPerSecond);
  const engineToPeerCpu =
    medianBy(engineRuns, (x) => x.messagesPerCpuSecond).messagesPerCpuSecond /
    medianBy(peerRuns, (x) => x.messagesPerCpuSecond).messagesPerCpuSecond;
  const scaling: RunResult[] = [];
  for (const n of scalingUsers) {
    progress(`pipeline, ${n} users (scaling)`);
    scaling.push(child<RunResult>(['pipeline', '--users', String(n), '--concurrency', '1']));
  }
  progress('village search');
  const villages = child<VillageResult>(['villages']);
  progress('start as a user starts it (npm start, node src/launch.mjs)');
  const start = await measureStart();
  progress('bulk validation and panel');
  const extras = { bulk: child<BulkResult>(['bulk']), panel: child<PanelResult>(['panel']) };
  progress('outbox drain');
  const outbox = child<OutboxResult>(['outbox', '--messages', values.messages as string]);

  const ratio = pipeline.messagesPerSecond / baseline.messagesPerSecond;
  const engineToPeer = engine.messagesPerSecond / peer.messagesPerSecond;
  const pipelineToPeer = pipeline.messagesPerSecond / peer.messagesPerSecond;
  const telegramPerSecond = outboxLimits(loadConfig({ LOG_LEVEL: 'silent' })).telegram?.perSecond ?? 25;
  const byUsers = [pipeline, ...scaling].sort((a, b) => a.users - b.users);
  const smallest = byUsers[0] as RunResult;
  const largest = byUsers.at(-1) as RunResult;
  const results: BenchResults = {
    at: new Date().toISOString(),
    machine: {
      cpus: availableParallelism(),
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGb: totalmem() / 2 ** 30,
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
    },
    settings: { users, scaling: byUsers.map((r) => r.users), concurrency, outboxMessages: outbox.unlimited.messages },
    pipeline,
    ...(pipelineConcurrent ? { pipelineConcurrent } : {}),
    baseline,
    ratio,
    peer,
    engine,
    peerRuns,
    engineRuns,
    engineToPeer,
    engineToPeerCpu,
    pipelineToPeer,
    scaling,
    villages,
    start,
    extras,
    outbox,
    targets: [
      {
        name: 'engine / peer',
        target: '≥ 1.2×',
        measured: `${f2(engineToPeer)}× (medians of ${PEER_ROUNDS}; per CPU-second ${f2(engineToPeerCpu)}×)`,
        met: engineToPeer >= 1.2,
      },
      { name: 'pipeline / baseline', target: '≥ 50%', measured: `${(ratio * 100).toFixed(0)}%`, met: ratio >= 0.5 },
      { name: 'pipeline p99 latency', target: '< 2 ms', measured: `${f2(pipeline.latencyMs.p99)} ms`, met: pipeline.latencyMs.p99 < 2 },
      {
        // Live memory (heap after a full GC) is what grows with users; peak RSS follows V8's heap sizing, which grows
        // with the run's length (a capped old space keeps it flat), so it is shown but not judged.
        name: 'memory flat as N grows',
        target: 'live heap ≤ +10%',
        measured:
          `live heap ${f1(smallest.heapAfterGcMb)} → ${f1(largest.heapAfterGcMb)} MB (${int(smallest.users)} → ${int(largest.users)} users); ` +
          `peak RSS ${f1(smallest.peakRssMb)} → ${f1(largest.peakRssMb)} MB, of which V8 heap ${f1(smallest.peakHeapTotalMb)} → ${f1(largest.peakHeapTotalMb)} MB`,
        met: largest.heapAfterGcMb <= 1.1 * smallest.heapAfterGcMb,
      },
      ...(largest.users >= 10_000
        ? [
            {
              name: `peak RSS at ${int(largest.users)} users`,
              target: '≤ 250 MB',
              measured: `${f1(largest.peakRssMb)} MB`,
              met: largest.peakRssMb <= 250,
            },
          ]
        : []),
      {
        name: 'RSS after start + 1 search',
        target: '≤ 150 MB',
        measured: `${f1(start.medianRssAfterSearchMb)} MB (median)`,
        met: start.medianRssAfterSearchMb <= 150,
      },
      {
        name: 'npm start to first reply',
        target: '≤ 1.5 s',
        measured: `${int(start.medianFirstReplyMs.npmStart)} ms (median; node src/launch.mjs ${int(start.medianFirstReplyMs.launcher)} ms)`,
        met: start.medianFirstReplyMs.npmStart <= 1500,
      },
      { name: 'village search p99', target: '< 5 ms', measured: `${f2(villages.latencyMs.p99)} ms`, met: villages.latencyMs.p99 < 5 },
      ...outbox.limited
        .filter((l) => l.channel === 'telegram')
        .map((l) => ({
          name: `outbox telegram pace (${l.clock})`,
          target: `≤ ${telegramPerSecond} in any 1 s`,
          measured: `${l.maxInOneSecond} (${f2(l.messagesPerSecond)}/s)`,
          met: l.maxInOneSecond <= telegramPerSecond,
        })),
    ],
    totalSeconds: 0,
  };
  results.totalSeconds = (performance.now() - t0) / 1000;
  // Short number arrays on one line, as Biome formats JSON, so `npm run lint` passes with the file present.
  const json = JSON.stringify(results, null, 2).replace(/\[\s+([-\d.,\s]+?)\s+\]/g, (_, xs: string) => `[${xs.split(/,\s*/).join(', ')}]`);
  // From the repository, not from beside this module: under `npm run bench` it runs from a bundle in node_modules/.cache.
  writeFileSync(join(repoRoot(), 'bench', 'results.json'), `${json}\n`);
  printTable(results);
}

if (isMain('bench/run.ts')) await main();
