import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelStatus } from '../../src/channels/supervisor.ts';
import { formatHealth, healthReport, memoryFigures } from '../../src/health/report.ts';
import { type HealthServer, startHealthServer } from '../../src/health/server.ts';
import { statusCommand } from '../../src/health/status.ts';
import { createLogger, silentLogger } from '../../src/log.ts';
import { openDatabase } from '../../src/store/db.ts';
import { outboxStore } from '../../src/store/outbox.ts';
import { TEST_DATA_KEY } from '../support/app.ts';
import { freePort, tempDir } from '../support/harness.ts';

const T0 = Date.parse('2026-12-01T08:00:00Z');
const status = (channel: string, state: ChannelStatus['state'], lastError?: string): ChannelStatus => ({
  channel,
  state,
  since: T0,
  failures: state === 'retrying' ? 3 : 0,
  ...(lastError ? { lastError } : {}),
});

describe('healthReport', () => {
  it('is 200 only when every configured channel is up', () => {
    expect(healthReport([status('terminal', 'up'), status('telegram', 'up')], {}, T0).httpStatus).toBe(200);
    for (const state of ['starting', 'retrying', 'stopped'] as const) {
      const r = healthReport([status('terminal', 'up'), status('telegram', state)], {}, T0);
      expect(r.httpStatus).toBe(503);
      expect(r.body.status).toBe('degraded');
      expect(r.body.channels.telegram?.state).toBe(state);
    }
    expect(healthReport([], {}, T0).httpStatus).toBe(503);
  });

  it('carries since, the last error and the outbox backlog per channel', () => {
    const r = healthReport([status('whatsapp', 'retrying', 'net::ERR_NAME_NOT_RESOLVED')], { whatsapp: 4, telegram: 1 }, T0 + 1_000);
    expect(r.body).toEqual({
      status: 'degraded',
      checkedAt: '2026-12-01T08:00:01.000Z',
      channels: {
        whatsapp: {
          state: 'retrying',
          since: '2026-12-01T08:00:00.000Z',
          lastError: 'net::ERR_NAME_NOT_RESOLVED',
          failures: 3,
          outboxBacklog: 4,
        },
      },
      outboxBacklog: { whatsapp: 4, telegram: 1 },
    });
  });

  it('carries the process memory in MB when given, and prints it for admin status', () => {
    const memory = memoryFigures({ rss: 112_345_678, heapUsed: 30_050_000, heapTotal: 41_000_000, external: 18_260_000 });
    expect(memory).toEqual({ rssMb: 112.3, heapUsedMb: 30.1, heapTotalMb: 41, externalMb: 18.3 });
    const r = healthReport([status('terminal', 'up')], {}, T0, memory);
    expect(r.body.memory).toEqual(memory);
    expect(formatHealth(r.body)).toContain('memory: RSS 112.3 MB, V8 heap 30.1 of 41 MB, outside the heap 18.3 MB');
    expect(healthReport([status('terminal', 'up')], {}, T0).body).not.toHaveProperty('memory');
  });
});

describe('the health server and npm run admin -- status', () => {
  let tmp: ReturnType<typeof tempDir>;
  let server: HealthServer | undefined;
  let statuses: ChannelStatus[];

  beforeEach(() => {
    tmp = tempDir();
    statuses = [status('terminal', 'up'), status('telegram', 'retrying', 'connect ECONNREFUSED 127.0.0.1:9')];
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    tmp.cleanup();
  });

  async function serve() {
    server = await startHealthServer({
      port: 0,
      host: '127.0.0.1',
      report: () => healthReport(statuses, { telegram: 2 }, T0),
      logger: silentLogger,
    });
    if (!server) throw new Error('health server did not start');
    return `http://127.0.0.1:${server.port}`;
  }

  it('answers GET /healthz with the JSON report: 503 while a channel is down, 200 once all are up; 404 elsewhere', async () => {
    const base = await serve();
    const down = await fetch(`${base}/healthz`);
    expect(down.status).toBe(503);
    expect(down.headers.get('content-type')).toContain('application/json');
    expect(((await down.json()) as { channels: Record<string, { state: string }> }).channels.telegram?.state).toBe('retrying');
    statuses = [status('terminal', 'up'), status('telegram', 'up')];
    const up = await fetch(`${base}/healthz`);
    expect(up.status).toBe(200);
    expect(((await up.json()) as { status: string }).status).toBe('ok');
    expect((await fetch(`${base}/`)).status).toBe(404);
  });

  it('logs and goes on when its port is taken, instead of stopping the bot', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    const lines: { msg: string; port?: number }[] = [];
    const logger = createLogger('info', { write: (s: string) => void lines.push(JSON.parse(s)) });
    expect(await startHealthServer({ port, host: '127.0.0.1', report: () => healthReport([], {}, T0), logger })).toBeUndefined();
    expect(lines.at(-1)).toMatchObject({ msg: 'health server could not listen; /healthz is off', port });
    await new Promise<void>((resolve) => taken.close(() => resolve()));
  });

  it('status prints the running bot’s channel states with the backlog from the database', async () => {
    const base = await serve();
    const dbPath = `${tmp.dir}/d.db`;
    const db = openDatabase(dbPath);
    outboxStore(db).enqueue('telegram', '42', 'a', T0);
    outboxStore(db).enqueue('telegram', '43', 'b', T0);
    outboxStore(db).enqueue('whatsapp', '6281@c.us', 'c', T0);
    db.close();
    const out: string[] = [];
    const env = { DATABASE_PATH: dbPath, DATA_KEY: TEST_DATA_KEY, HEALTH_PORT: new URL(base).port };
    const code = await statusCommand(env, { out: (s) => out.push(s), err: (s) => out.push(s) });
    expect(code).toBe(1);
    const text = out.join('\n');
    expect(text).toContain('daftarin is running: not every channel is up');
    expect(text).toMatch(/telegram\s+retrying\s+since 2026-12-01T08:00:00.000Z\s+outbox backlog 2\s+last error: connect ECONNREFUSED/);
    expect(text).toMatch(/terminal\s+up\s+since/);
    expect(text).toContain('outbox backlog: telegram 2, whatsapp 1');

    statuses = [status('terminal', 'up'), status('telegram', 'up')];
    expect(await statusCommand(env, { out: () => undefined, err: () => undefined })).toBe(0);
  });

  it('status says the bot is not running when nothing answers, and still shows the backlog', async () => {
    const port = await freePort();
    const out: string[] = [];
    const env = { DATABASE_PATH: `${tmp.dir}/d.db`, DATA_KEY: TEST_DATA_KEY, HEALTH_PORT: String(port) };
    expect(await statusCommand(env, { out: (s) => out.push(s), err: (s) => out.push(s) })).toBe(1);
    expect(out.join('\n')).toBe(`daftarin is not running (no answer from http://127.0.0.1:${port}/healthz).\noutbox backlog: empty`);
  });
});
