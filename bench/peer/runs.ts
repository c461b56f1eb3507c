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

/**
 * The telegraf WizardScene peer through `bot.handleUpdate`, with @telegraf/session's SQLite store on daftarin's
 * own file database (WAL), whose referral writes go through the same `submitRegistration` as the engine's.
 */
export async function runPeer(users: number, s: Script, warm = 100): Promise<PeerRunResult> {
  await warmAreas();
  const dir = mkdtempSync(join(tmpdir(), 'daftarin-peer-'));
  try {
    const deps = benchDeps(dir, s.dataKey, s.now);
    const { db, config } = deps;
    const peer = buildPeer(db, deps.vault, todayIn(config.TIMEZONE, s.now), s.now, buildFeatures(deps).submitRegistration);
    const scripts = scriptCache(s);
    let updateId = 0;
    // The database is daftarin's, kept as daftarin keeps it (the WAL copied back on a timer), as in the engine run.
    const checkpointer = startCheckpointer(db);
    const m = await roundRobin(
      users,
      16,
      (u, step) => peer.bot.handleUpdate(textUpdate(u, ++updateId, scripts.text(u, step)) as never),
      warm,
    );
    checkpointer.stop();
    const stored = (db.prepare('SELECT count(*) AS n FROM referrals').get() as { n: number }).n;
    if (peer.referrals() !== users + warm || stored !== users + warm)
      throw new Error(`peer: ${peer.referrals()} submitted, ${stored} stored for ${users + warm} users`);
    scripts.clear();
    const bytes = walSize(config.DATABASE_PATH);
    peer.close();
    return result('peer', users, m, bytes, peer.replies());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * daftarin's engine on the same script: per message one transaction that reads the flow state, runs
 * `runFlow` on the registration flow (whose submit writes the referral), renders the replies with `t()`
 * and stores the snapshot. 'halo' is answered with the greeting; 'daftar' starts the flow.
 */
export async function runEngine(users: number, s: Script, warm = 100): Promise<PeerRunResult> {
  await warmAreas();
  const dir = mkdtempSync(join(tmpdir(), 'daftarin-engine-'));
  try {
    const deps = benchDeps(dir, s.dataKey, s.now);
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
    const scripts = scriptCache(s);
    // As the app runs it (app.startBackground): the WAL is copied back on a timer between turns, not inside one.
    const checkpointer = startCheckpointer(db);
    const m = await roundRobin(users, 16, (u, step) => turn(u, step, scripts.text(u, step)), warm);
    checkpointer.stop();
    const registered = (db.prepare('SELECT count(*) AS n FROM referrals').get() as { n: number }).n;
    if (registered !== users + warm) throw new Error(`engine: ${registered} referrals for ${users + warm} users`);
    scripts.clear();
    const bytes = walSize(config.DATABASE_PATH);
    db.close();
    return result('engine', users, m, bytes, replies);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
