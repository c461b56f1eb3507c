import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createActor } from 'xstate';
import { buildFeatures } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openVault } from '../src/domain/vault.ts';
import { silentLogger } from '../src/log.ts';
import { openDatabase } from '../src/store/db.ts';
import { warmAreas } from '../src/domain/areas.ts';
const N = Number(process.argv[2] ?? 500);
const dir = mkdtempSync(join(tmpdir(), 'b-'));
const KEY = 'a1'.repeat(32);
const config = loadConfig({ DATABASE_PATH: join(dir, 'd.db'), DATA_KEY: KEY, LOG_LEVEL: 'silent' });
const db = openDatabase(config.DATABASE_PATH);
if (process.env.NOCKPT) db.pragma('wal_autocheckpoint = 0');
const vault = openVault({ dataKeyHex: KEY, keyFile: join(dir, 'k'), warn: () => {} });
const now = Date.parse('2026-11-23T03:00:00Z');
const { flows } = buildFeatures({ db, config, logger: silentLogger, vault, channels: [] , clock: () => now});
const reg = flows.find((f) => f.id === 'registration')!;
warmAreas();
const script = (i: number) => ['halo','daftar','ya','5','budi santoso',`320101170885${String(i+1).padStart(4,'0')}`,'ya','081234567890','1','sukamaju cibeber','1','1','2','3','1','1'];
const get = db.prepare<[string], { snapshot: string }>("SELECT snapshot FROM flow_states WHERE key = ? AND flow_id = 'registration'");
const put = db.prepare(`INSERT INTO flow_states (key, flow_id, version, snapshot, input, updated_at) VALUES (?, 'registration', 1, ?, '{}', ?) ON CONFLICT(key, flow_id) DO UPDATE SET snapshot = excluded.snapshot, updated_at = excluded.updated_at`);
const del = db.prepare(`DELETE FROM flow_states WHERE key = ? AND flow_id = 'registration'`);
const addUser = db.prepare(`INSERT INTO users (key, channel, chat_id, locale, created_at, last_seen_at) VALUES (?, 'bench', ?, 'id', ?, ?)`);
const lat: number[] = [];
const s0 = performance.now();
let says = 0;
for (let step = 0; step < 16; step++) {
  for (let u = 0; u < N; u++) {
    const key = `bench:c${u}`;
    const text = script(u)[step]!;
    const meta = { userKey: key, locale: 'id' as const, now, today: '2026-11-23' };
    const a = performance.now();
    db.transaction(() => {
      if (step === 0) addUser.run(key, `c${u}`, now, now);
      const row = step === 0 ? undefined : get.get(key);
      const actor = row ? createActor(reg.machine, { snapshot: JSON.parse(row.snapshot), input: { meta } }) : createActor(reg.machine, { input: { meta, forWhom: 'other' } });
      actor.on('*', () => { says++; });
      actor.start();
      if (step === 1) actor.send({ type: 'flow.resume', meta });
      else if (step > 1) actor.send({ type: 'user.text', text, meta });
      const snap = actor.getSnapshot();
      if (snap.status === 'done') del.run(key); else put.run(key, JSON.stringify(actor.getPersistedSnapshot()), now);
      actor.stop();
    })();
    lat.push(performance.now() - a);
  }
}
const el = performance.now() - s0;
lat.sort((a,b)=>a-b);
console.log({ msgs: lat.length, perSec: lat.length / el * 1000, p50: lat[lat.length*0.5|0], p95: lat[lat.length*0.95|0], p99: lat[lat.length*0.99|0], says });
console.log(db.prepare('select count(*) n from referrals').get(), db.prepare('select count(*) n from flow_states').get());
