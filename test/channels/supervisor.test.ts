import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/channels/backoff.ts';
import {
  type Channel,
  ChannelError,
  type ChannelLink,
  ChannelRejectedError,
  type Incoming,
  type Outgoing,
} from '../../src/channels/channel.ts';
import { SupervisedChannel, superviseChannels } from '../../src/channels/supervisor.ts';
import { createLogger } from '../../src/log.ts';
import { ManualTimer } from '../resilience/manual-timer.ts';

/** A channel whose connection attempts fail as scripted; `link` is what the supervisor handed its last start(). */
class ScriptedChannel implements Channel {
  startCalls = 0;
  stopCalls = 0;
  readonly startFailures: unknown[] = [];
  readonly sendFailures: unknown[] = [];
  readonly sent: string[] = [];
  link: ChannelLink | undefined;
  onMessage: ((m: Incoming) => Promise<void>) | undefined;

  constructor(readonly name = 'scripted') {}

  async start(onMessage: (m: Incoming) => Promise<void>, link?: ChannelLink): Promise<void> {
    this.startCalls++;
    this.onMessage = onMessage;
    this.link = link;
    const failure = this.startFailures.shift();
    if (failure) throw failure;
  }

  async send(_chatId: string, reply: Outgoing): Promise<void> {
    const failure = this.sendFailures.shift();
    if (failure) throw failure;
    this.sent.push(reply.text);
  }

  async stop(): Promise<void> {
    this.stopCalls++;
  }
}

/** A real pino logger writing into an array, to count the lines a state change produces. */
function capturedLogger() {
  const lines: { level: number; msg: string; state?: string; error?: string }[] = [];
  const logger = createLogger('debug', { write: (s: string) => void lines.push(JSON.parse(s)) });
  return { logger, lines, atInfoOrAbove: () => lines.filter((l) => l.level >= 30) };
}

function setup(inner = new ScriptedChannel(), extra: Partial<ConstructorParameters<typeof SupervisedChannel>[1]> = {}) {
  const timer = new ManualTimer();
  const log = capturedLogger();
  const channel = new SupervisedChannel(inner, {
    logger: log.logger,
    clock: timer.clock,
    sleep: timer.sleep,
    random: () => 0,
    backoff: { baseMs: 1_000, maxMs: 4_000 },
    ...extra,
  });
  return { inner, channel, timer, log };
}

describe('backoffDelay', () => {
  it('doubles from the base, stops at the cap, and jitters between half and all of it', () => {
    const b = { baseMs: 1_000, maxMs: 8_000 };
    expect([0, 1, 2, 3, 4, 10].map((n) => backoffDelay(n, b, () => 0))).toEqual([500, 1_000, 2_000, 4_000, 4_000, 4_000]);
    expect([0, 1, 2, 3, 4].map((n) => backoffDelay(n, b, () => 1))).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
    expect(backoffDelay(1_000, b, () => 0.5)).toBe(6_000);
  });
});

describe('SupervisedChannel', () => {
  it('retries a failing start with capped exponential backoff, logging one line per change of state', async () => {
    const { inner, channel, timer, log } = setup();
    for (let i = 0; i < 4; i++) inner.startFailures.push(new Error(`getaddrinfo ENOTFOUND api.telegram.org (${i + 1})`));
    expect(channel.status()).toMatchObject({ state: 'starting', failures: 0 });
    await channel.start(async () => undefined);

    const waits: number[] = [];
    for (let i = 0; i < 4; i++) waits.push(await timer.fireNext());
    expect(waits).toEqual([500, 1_000, 2_000, 2_000]);
    await channel.reached('up');
    expect(inner.startCalls).toBe(5);
    expect(channel.status()).toMatchObject({ state: 'up', failures: 0, lastError: 'getaddrinfo ENOTFOUND api.telegram.org (4)' });
    expect(log.atInfoOrAbove().map((l) => [l.state, l.msg])).toEqual([
      ['retrying', 'scripted: cannot connect, retrying in 0.5 s'],
      ['up', 'scripted: up'],
    ]);
    await channel.stop();
  });

  it('records since when a state began, on the injected clock', async () => {
    const { inner, channel, timer } = setup();
    inner.startFailures.push(new Error('ECONNREFUSED'));
    const began = timer.clock();
    await channel.start(async () => undefined);
    await channel.reached('retrying');
    expect(channel.status().since).toBe(began);
    await timer.fireNext();
    await channel.reached('up');
    expect(channel.status().since).toBe(began + 500);
    await channel.stop();
  });

  it('stops only this channel, with the reason, when the platform rejects the token', async () => {
    const { inner, channel, timer, log } = setup();
    inner.startFailures.push(new ChannelRejectedError('Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized)'));
    await channel.start(async () => undefined);
    const status = await channel.reached('stopped');
    expect(status.lastError).toContain('401 Unauthorized');
    expect(timer.waiting).toEqual([]);
    expect(inner.startCalls).toBe(1);
    expect(inner.stopCalls).toBe(1);
    expect(log.atInfoOrAbove().at(-1)).toMatchObject({ level: 50, state: 'stopped' });
    await expect(channel.send('c', { text: 'x' })).rejects.toMatchObject({ code: 'transient' });
  });

  it('reconnects after the adapter reports a lost link', async () => {
    const { inner, channel, timer } = setup();
    await channel.start(async () => undefined);
    await channel.reached('up');
    inner.link?.lost(new Error('socket hang up'));
    expect(await channel.reached('retrying')).toMatchObject({ lastError: 'socket hang up', failures: 1 });
    expect(channel.isUp()).toBe(false);
    await timer.fireNext();
    await channel.reached('up');
    expect(inner.startCalls).toBe(2);
    await channel.stop();
  });

  it('holds a reply while the channel is down and sends it once it is back', async () => {
    const { inner, channel, timer } = setup();
    inner.startFailures.push(new Error('ECONNREFUSED'));
    await channel.start(async () => undefined);
    await channel.reached('retrying');
    const sending = channel.send('c1', { text: 'Terima kasih' });
    await timer.fireNext();
    await sending;
    expect(inner.sent).toEqual(['Terima kasih']);
    await channel.stop();
  });

  it('fails a held reply after holdMs, and tries transient send failures again', async () => {
    const { inner, channel, timer } = setup(new ScriptedChannel(), { holdMs: 100, backoff: { baseMs: 10_000, maxMs: 10_000 } });
    inner.startFailures.push(new Error('ECONNREFUSED'));
    await channel.start(async () => undefined);
    await channel.reached('retrying');
    const held = channel.send('c1', { text: 'lost' });
    await timer.fireNext();
    await expect(held).rejects.toMatchObject({ code: 'transient', message: 'scripted is down: ECONNREFUSED' });

    await timer.fireNext();
    await channel.reached('up');
    inner.sendFailures.push(new ChannelError('transient', '502 Bad Gateway'), new ChannelError('transient', '502 Bad Gateway'));
    const sending = channel.send('c1', { text: 'after two 502s' });
    await timer.fireNext();
    await timer.fireNext();
    await sending;
    expect(inner.sent).toEqual(['after two 502s']);
    inner.sendFailures.push(new ChannelError('unreachable', 'blocked'));
    await expect(channel.send('c1', { text: 'x' })).rejects.toMatchObject({ code: 'unreachable' });
    await channel.stop();
  });

  it('stop() during a retry pause ends the pause and starts nothing more', async () => {
    const { inner, channel, timer } = setup();
    inner.startFailures.push(new Error('ECONNREFUSED'));
    await channel.start(async () => undefined);
    await channel.reached('retrying');
    expect(timer.waiting).toEqual([500]);
    await channel.stop();
    expect(channel.status().state).toBe('stopped');
    expect(timer.waiting).toEqual([]);
    expect(inner.startCalls).toBe(1);
    expect(inner.stopCalls).toBe(1);
  });
});

describe('superviseChannels', () => {
  it('starts every channel at once: one that cannot connect never holds up another', async () => {
    const timer = new ManualTimer();
    const down = new ScriptedChannel('whatsapp');
    down.startFailures.push(new Error('net::ERR_NAME_NOT_RESOLVED'));
    const terminal = new ScriptedChannel('terminal');
    const supervisor = superviseChannels([down, terminal], { logger: capturedLogger().logger, clock: timer.clock, sleep: timer.sleep });
    const seen: string[] = [];
    supervisor.start(async (channel, m) => {
      seen.push(`${channel.name}:${m.text}`);
    });
    await supervisor.channels[1]?.reached('up');
    await supervisor.channels[0]?.reached('retrying');
    await terminal.onMessage?.({ chatId: 'local', messageId: '1', text: 'halo' });
    expect(seen).toEqual(['terminal:halo']);
    expect(supervisor.statuses().map((s) => [s.channel, s.state])).toEqual([
      ['whatsapp', 'retrying'],
      ['terminal', 'up'],
    ]);
    await supervisor.stop();
    expect(supervisor.statuses().map((s) => s.state)).toEqual(['stopped', 'stopped']);
  });
});
