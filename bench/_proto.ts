import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../src/app.ts';
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
const vault = openVault({ dataKeyHex: KEY, keyFile: join(dir, 'k'), warn: () => {} });
let sent = 0;
const ch = { name: 'bench', start: async () => {}, stop: async () => {}, send: async () => { sent++; } };
const now = Date.parse('2026-11-23T03:00:00Z');
if (process.env.NOCKPT) db.pragma('wal_autocheckpoint = 0');
if (process.env.SYNCOFF) db.pragma('synchronous = OFF');
const app = buildApp({ db, config, logger: silentLogger, vault, channels: [ch], clock: () => now });
const t0 = performance.now(); warmAreas(); console.log('warm', performance.now() - t0);
const script = (i: number) => ['halo','daftar','ya','5','budi santoso',`320101170885${String(i+1).padStart(4,'0')}`,'ya','081234567890','1','sukamaju cibeber','1','1','2','3','1','1'];
const lat: number[] = [];
const s0 = performance.now();
for (let step = 0; step < 16; step++) {
  for (let u = 0; u < N; u++) {
    const text = script(u)[step]!;
    const a = performance.now();
    await app.bot.handle(ch, { chatId: `c${u}`, messageId: `m${u}-${step}`, text });
    lat.push(performance.now() - a);
  }
}
const el = performance.now() - s0;
lat.sort((a,b)=>a-b);
console.log({ msgs: lat.length, perSec: lat.length / el * 1000, p50: lat[lat.length*0.5|0], p95: lat[lat.length*0.95|0], p99: lat[lat.length*0.99|0], sent });
console.log(db.prepare('select count(*) n from referrals').get());
// per step
const per: number[][] = Array.from({length:16},()=>[]);
const N2 = 300;
for (let step = 0; step < 16; step++) {
  for (let u = 0; u < N2; u++) {
    const text = script(5000+u)[step]!;
    const a = performance.now();
    await app.bot.handle(ch, { chatId: `d${u}`, messageId: `n${u}-${step}`, text });
    per[step]!.push(performance.now() - a);
  }
}
per.forEach((xs, i) => { xs.sort((a,b)=>a-b); console.log(i, script(0)[i], 'p50', xs[xs.length*0.5|0]!.toFixed(3), 'p99', xs[xs.length*0.99|0]!.toFixed(3), 'mean', (xs.reduce((a,b)=>a+b,0)/xs.length).toFixed(3)); });
