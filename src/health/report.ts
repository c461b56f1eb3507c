import type { ChannelState, ChannelStatus } from '../channels/supervisor.ts';

/** One channel in the health report. */
export interface ChannelHealth {
  state: ChannelState;
  /** ISO time the channel entered its state. */
  since: string;
  lastError: string | null;
  /** Failed connection attempts since it was last up. */
  failures: number;
  /** Outbox messages still to deliver on this channel. */
  outboxBacklog: number;
}

/** The JSON `/healthz` answers and `npm run admin -- status` prints. */
export interface HealthBody {
  /** `ok` when every configured channel is up. */
  status: 'ok' | 'degraded';
  checkedAt: string;
  channels: Record<string, ChannelHealth>;
  /** Backlog of every channel with messages waiting, configured or not (the CLI may have queued for one that is off). */
  outboxBacklog: Record<string, number>;
  /** The process's memory, when the report comes from the running bot (what an operator watches for growth). */
  memory?: MemoryFigures;
}

/** Memory in MB: resident set, the V8 heap (used, reserved) and memory outside it (buffers, the area index). */
export interface MemoryFigures {
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
}

/** `process.memoryUsage()` (or an equal reading) in MB with one decimal. */
export function memoryFigures(m: Pick<NodeJS.MemoryUsage, 'rss' | 'heapUsed' | 'heapTotal' | 'external'>): MemoryFigures {
  const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;
  return { rssMb: mb(m.rss), heapUsedMb: mb(m.heapUsed), heapTotalMb: mb(m.heapTotal), externalMb: mb(m.external) };
}

/** The body plus the HTTP status a process manager or load balancer acts on: 200 only when all channels are up. */
export interface HealthReport {
  httpStatus: 200 | 503;
  body: HealthBody;
}

/** Builds the health report from the channels' statuses, the outbox backlog per channel and, optionally, memory. */
export function healthReport(
  statuses: readonly ChannelStatus[],
  backlog: Readonly<Record<string, number>>,
  now: number,
  memory?: MemoryFigures,
): HealthReport {
  const channels: Record<string, ChannelHealth> = {};
  for (const s of statuses)
    channels[s.channel] = {
      state: s.state,
      since: new Date(s.since).toISOString(),
      lastError: s.lastError ?? null,
      failures: s.failures,
      outboxBacklog: backlog[s.channel] ?? 0,
    };
  const healthy = statuses.length > 0 && statuses.every((s) => s.state === 'up');
  return {
    httpStatus: healthy ? 200 : 503,
    body: {
      status: healthy ? 'ok' : 'degraded',
      checkedAt: new Date(now).toISOString(),
      channels,
      outboxBacklog: { ...backlog },
      ...(memory ? { memory } : {}),
    },
  };
}

/** The report as an operator reads it in a terminal: one line per channel. */
export function formatHealth(body: HealthBody): string {
  const lines = [`daftarin is running: ${body.status === 'ok' ? 'every channel is up' : 'not every channel is up'} (${body.checkedAt})`];
  for (const [name, c] of Object.entries(body.channels)) {
    const error = c.lastError ? `  last error: ${c.lastError}` : '';
    lines.push(`  ${name.padEnd(9)} ${c.state.padEnd(9)} since ${c.since}  outbox backlog ${c.outboxBacklog}${error}`);
  }
  lines.push(formatBacklog(body.outboxBacklog));
  const m = body.memory;
  if (m) lines.push(`memory: RSS ${m.rssMb} MB, V8 heap ${m.heapUsedMb} of ${m.heapTotalMb} MB, outside the heap ${m.externalMb} MB`);
  return lines.join('\n');
}

/** The outbox backlog line, also printed when the bot is not running. */
export function formatBacklog(backlog: Readonly<Record<string, number>>): string {
  const entries = Object.entries(backlog);
  return `outbox backlog: ${entries.length === 0 ? 'empty' : entries.map(([channel, n]) => `${channel} ${n}`).join(', ')}`;
}
