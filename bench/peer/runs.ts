// The two runs of the peer comparison, on the same 16-message script and the same interleaving (round-robin over
// N users, one message in flight): the telegraf peer, and daftarin's engine (runFlow + the registration flow +
// its store + locale rendering, without the channel, queue, menu or dedupe of the full pipeline).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildFeatures } from '../../src/app.ts';
import { warmAreas } from '../../src/domain/areas.ts';
import { type FlowEvent, type Say, say, type TurnMeta } from '../../src/engine/flow-types.ts';
import { runFlow } from '../../src/engine/run-flow.ts';
import { type MessageKey, t } from '../../src/i18n.ts';
import { startCheckpointer } from '../../src/store/checkpoint.ts';
import { conversationStore } from '../../src/store/conversations.ts';
import { todayIn } from '../../src/util/time.ts';
import { benchDeps } from '../deps.ts';
import { cpuSecondsSince, heapAfterGc, latency, RssPeak, type RunFigures } from '../measure.ts';
import { buildPeer, textUpdate } from './wizard.ts';

/** What one peer or engine run measured (the same fields as the pipeline's, where they apply). */
export interface PeerRunResult extends RunFigures {
  kind: 'peer' | 'engine';
}

/** The script, the clock and the key of a run: the same as the pipeline's. */
export interface Script {
  script: (i: number) => string[];
  now: number;
  dataKey: string;
}

/** Runs `send(u, step)` round-robin over `users` after `warm` warm-up users, timing each message. */
async function roundRobin(
  users: number,
  perUser: number,
  send: (u: number, step: number) => Promise<void> | void,
  warm: number,
): Promise<{ times: number[]; seconds: number; cpuSeconds: number; rss: RssPeak }> {
  for (let step = 0; step < perUser; step++) for (let u = 0; u < warm; u++) await send(users + u, step);
  const times: number[] = [];
  const rss = new RssPeak();
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let step = 0; step < perUser; step++)
    for (let u = 0; u < users; u++) {
      const t0 = performance.now();
      await send(u, step);
      times.push(performance.now() - t0);
      if ((times.length & 255) === 0) rss.sample();
      // As in the pipeline run: messages from the network let timers run between turns (a loop of awaits never would).
      if ((times.length & 63) === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  const seconds = (performance.now() - start) / 1000;
  const cpuSeconds = cpuSecondsSince(cpu);
  rss.sample();
  return { times, seconds, cpuSeconds, rss };
}

function result(kind: PeerRunResult['kind'], users: number, m: Awaited<ReturnType<typeof roundRobin>>, dbBytes: number, replies: number) {
  const messages = m.times.length;
  const latencyMs = latency(m.times);
  m.times.length = 0;
  return {
    kind,
    users,
    messages,
    seconds: m.seconds,
    messagesPerSecond: messages / m.seconds,
    cpuSeconds: m.cpuSeconds,
    messagesPerCpuSecond: messages / m.cpuSeconds,
    registrationsPerSecond: users / m.seconds,
    latencyMs,
    peakRssMb: m.rss.peak / 1e6,
    peakHeapTotalMb: m.rss.peakHeapTotal / 1e6,
    heapAfterGcMb: heapAfterGc() / 1e6,
    dbBytes,
    replies,
  } satisfies PeerRunResult;
}

/** Each user's script, made once on first use (like the pipeline's, made before the timed loop). */
function scriptCache(s: Script) {
  const scripts = new Map<number, string[]>();
  return {
    text(u: number, step: number): string {
      let script = scripts.get(u);
      if (!script) {
        script = s.script(u);
        scripts.set(u, script);
      }
      return script[step] as string;
    },
    clear: () => scripts.clear(),
  };
}

function walSize(path: string): number {
  return statSync(path).size + (statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0);
}

/** What a run builds on daftarin's database before its timed loop. */
interface Runner {
  /** Answers user `u`'s message number `step`. */
  send(u: number, step: number, text: string): Promise<void> | void;
  /** Referrals the runner itself counted as submitted, where it counts them. */
  submitted?(): number;
  replies(): number;
  close(): void;
}

/**
 * The frame both runs share, in a fresh folder: daftarin's file database with the WAL copied back on a timer between
 * turns (as app.startBackground runs it), the round-robin timed, then a check that every user's referral is stored.
 */
async function timedRun(
  kind: PeerRunResult['kind'],
  users: number,
  s: Script,
  warm: number,
  build: (deps: ReturnType<typeof benchDeps>) => Runner,
): Promise<PeerRunResult> {
  await warmAreas();
  const dir = mkdtempSync(join(tmpdir(), `daftarin-${kind}-`));
  try {
    const deps = benchDeps(dir, s.dataKey, s.now);
    const { db, config } = deps;
    const runner = build(deps);
    const scripts = scriptCache(s);
    const checkpointer = startCheckpointer(db);
    const m = await roundRobin(users, 16, (u, step) => runner.send(u, step, scripts.text(u, step)), warm);
    checkpointer.stop();
    const stored = (db.prepare('SELECT count(*) AS n FROM referrals').get() as { n: number }).n;
    const submitted = runner.submitted?.() ?? stored;
    if (submitted !== users + warm || stored !== users + warm)
      throw new Error(`${kind}: ${submitted} submitted, ${stored} stored for ${users + warm} users`);
    scripts.clear();
    const bytes = walSize(config.DATABASE_PATH);
    runner.close();
    return result(kind, users, m, bytes, runner.replies());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The telegraf WizardScene peer through `bot.handleUpdate`, with @telegraf/session's SQLite store on daftarin's
 * own file database (WAL), whose referral writes go through the same `submitRegistration` as the engine's.
 */
export function runPeer(users: number, s: Script, warm = 100): Promise<PeerRunResult> {
  return timedRun('peer', users, s, warm, (deps) => {
    const peer = buildPeer(deps.db, deps.vault, todayIn(deps.config.TIMEZONE, s.now), s.now, buildFeatures(deps).submitRegistration);
    let updateId = 0;
    return {
      send: (u, _step, text) => peer.bot.handleUpdate(textUpdate(u, ++updateId, text) as never),
      submitted: () => peer.referrals(),
      replies: () => peer.replies(),
      close: () => peer.close(),
    };
  });
}

/**
 * daftarin's engine on the same script: per message one transaction that reads the flow state, runs
 * `runFlow` on the registration flow (whose submit writes the referral), renders the replies with `t()`
 * and stores the snapshot. 'halo' is answered with the greeting; 'daftar' starts the flow.
 */
export function runEngine(users: number, s: Script, warm = 100): Promise<PeerRunResult> {
  return timedRun('engine', users, s, warm, (deps) => {
    const { db, config } = deps;
    const flow = buildFeatures(deps).flows.find((f) => f.id === 'registration');
    if (!flow) throw new Error('no registration flow');
    const store = conversationStore(db);
    const today = todayIn(config.TIMEZONE, s.now);
    let replies = 0;
    const render = (s1: Say) => {
      const text = t('id', s1.key as MessageKey, s1.params);
      const labels = s1.choices?.map((c) => ('raw' in c ? c.raw : t('id', c.key, c.params)));
      replies += text.length > 0 ? 1 : 0;
      return labels ? `${text}\n${labels.join('\n')}` : text;
    };
    const turn = db.transaction((u: number, step: number, text: string) => {
      const key = `bench:c${u}`;
      const meta: TurnMeta = { userKey: key, locale: 'id', now: s.now, today };
      if (step === 0) {
        store.createUser({ key, channel: 'bench', chat_id: `c${u}`, name: null, locale: 'id', now: s.now });
        render(say('greeting.first'));
        return;
      }
      const stored = step === 1 ? undefined : store.flowState(key, 'registration');
      const event: FlowEvent | undefined = step === 1 ? undefined : { type: 'user.text', text, meta };
      const r = runFlow(flow, stored && { snapshot: JSON.parse(stored.snapshot) }, event, { meta, forWhom: 'other' });
      for (const one of r.says) render(one);
      if (r.done) store.deleteFlowState(key, 'registration');
      else
        store.saveFlowState({
          key,
          flow_id: 'registration',
          version: flow.version,
          snapshot: JSON.stringify(r.snapshot),
          input: '{}',
          updated_at: s.now,
        });
    });
    return {
      send: (u, step, text) => turn(u, step, text),
      replies: () => replies,
      close: () => db.close(),
    };
  });
}
