import { describe, expect, it } from 'vitest';
import type { Channel, ChannelLink, Incoming, Outgoing } from '../../src/channels/channel.ts';
import { SupervisedChannel } from '../../src/channels/supervisor.ts';
import { channelStartTimeoutMs, loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { ManualTimer } from './manual-timer.ts';

/** One call of `start()`: settled by the test, so a start can hang as long as the test wants. */
interface StartCall {
  link: ChannelLink | undefined;
  resolve: () => void;
  reject: (err: unknown) => void;
  settled: boolean;
}

/** A channel whose every start waits until the test settles it (a Telegram API that accepts and never answers). */
class HangingChannel implements Channel {
  readonly calls: StartCall[] = [];
  stopCalls = 0;
  readonly name = 'telegram';

  start(_onMessage: (m: Incoming) => Promise<void>, link?: ChannelLink): Promise<void> {
    return new Promise((resolve, reject) => {
      const call: StartCall = {
        link,
        settled: false,
        resolve: () => {
          call.settled = true;
          resolve();
        },
        reject: (err) => {
          call.settled = true;
          reject(err);
        },
      };
      this.calls.push(call);
    });
  }

  async send(_chatId: string, _reply: Outgoing): Promise<void> {}

  async stop(): Promise<void> {
    this.stopCalls++;
  }
}

function setup(startTimeoutMs = 60_000) {
  const timer = new ManualTimer();
  const inner = new HangingChannel();
  const channel = new SupervisedChannel(inner, {
    logger: createLogger('silent'),
    clock: timer.clock,
    sleep: timer.sleep,
    random: () => 0,
    backoff: { baseMs: 1_000, maxMs: 4_000 },
    startTimeoutMs,
  });
  return { timer, inner, channel };
}

/** Lets the supervisor's promise chains run (no clock involved). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('a channel whose start never settles', () => {
  it('is abandoned after the start timeout, retried with backoff, and up once a later attempt connects', async () => {
    const { timer, inner, channel } = setup();
    await channel.start(async () => {});
    await timer.untilWaiting();
    expect(channel.status().state).toBe('starting');
    expect(timer.waiting).toEqual([60_000]);

    expect(await timer.fireNext()).toBe(60_000);
    const retrying = await channel.reached('retrying');
    expect(retrying).toMatchObject({ state: 'retrying', lastError: 'start timed out after 60 s', failures: 1 });
    // The adapter's stop() is final, so it is not called; one attempt so far, and only the backoff is pending.
    expect(inner.stopCalls).toBe(0);
    expect(inner.calls).toHaveLength(1);
    expect(timer.waiting).toEqual([500]);

    expect(await timer.fireNext()).toBe(500);
    await settle();
    expect(inner.calls).toHaveLength(2);
    expect(timer.waiting).toEqual([60_000]);
    inner.calls[1]?.resolve();
    expect(await channel.reached('up')).toMatchObject({ state: 'up', failures: 0, lastError: 'start timed out after 60 s' });
    // The second attempt's timer was called off when it connected: nothing is left pending on the clock.
    expect(timer.waiting).toEqual([]);

    // The abandoned attempt answering late changes nothing: still up, no further attempt, no timer.
    inner.calls[0]?.resolve();
    await settle();
    expect(channel.status().state).toBe('up');
    expect(inner.calls).toHaveLength(2);
    expect(timer.waiting).toEqual([]);

    await channel.stop();
    expect(channel.status().state).toBe('stopped');
    expect(inner.stopCalls).toBe(1);
  });

  it('never runs two attempts of its own at once: the next start waits for the backoff after the timeout', async () => {
    const { timer, inner, channel } = setup(10_000);
    await channel.start(async () => {});
    for (let round = 1; round <= 3; round++) {
      await timer.untilWaiting();
      expect(await timer.fireNext()).toBe(10_000);
      await channel.reached('retrying');
      expect(channel.status().lastError).toBe('start timed out after 10 s');
      // Between the timeout and the backoff's end no new start: exactly one per round.
      await settle();
      expect(inner.calls).toHaveLength(round);
      expect(timer.waiting).toHaveLength(1);
      await timer.fireNext();
      await settle();
      expect(inner.calls).toHaveLength(round + 1);
    }
    // A late failure of an abandoned attempt is swallowed (no unhandled rejection) and does not disturb the current one.
    inner.calls[0]?.reject(new Error('ECONNRESET'));
    await settle();
    expect(channel.status()).toMatchObject({ state: 'retrying', failures: 3 });
    await channel.stop();
    // Stopping calls off the pending start timer too.
    expect(timer.waiting).toEqual([]);
  });

  it('stops counting once the adapter waits for a person (a WhatsApp login QR code)', async () => {
    const { timer, inner, channel } = setup();
    await channel.start(async () => {});
    await timer.untilWaiting();
    inner.calls[0]?.link?.waiting?.('waiting for the login QR code to be scanned (Linked devices)');
    expect(timer.waiting).toEqual([]);
    expect(channel.status()).toMatchObject({
      state: 'starting',
      lastError: 'waiting for the login QR code to be scanned (Linked devices)',
    });
    inner.calls[0]?.resolve();
    await channel.reached('up');
    expect(inner.calls).toHaveLength(1);
  });

  it('a start that fails quickly is retried at once with its own error, its timer called off', async () => {
    const { timer, inner, channel } = setup();
    await channel.start(async () => {});
    await timer.untilWaiting();
    inner.calls[0]?.reject(new Error('getaddrinfo ENOTFOUND api.telegram.org'));
    const s = await channel.reached('retrying');
    expect(s.lastError).toBe('getaddrinfo ENOTFOUND api.telegram.org');
    expect(timer.waiting).toEqual([500]);
  });
});

describe('CHANNEL_START_TIMEOUT_SECONDS', () => {
  it('is 60 s by default, three times that for WhatsApp, and 0 turns the limit off', () => {
    const c = loadConfig({});
    expect(c.CHANNEL_START_TIMEOUT_SECONDS).toBe(60);
    expect(channelStartTimeoutMs(c, 'telegram')).toBe(60_000);
    expect(channelStartTimeoutMs(c, 'whatsapp')).toBe(180_000);
    expect(channelStartTimeoutMs(loadConfig({ CHANNEL_START_TIMEOUT_SECONDS: '0' }), 'telegram')).toBeUndefined();
    expect(() => loadConfig({ CHANNEL_START_TIMEOUT_SECONDS: '-1' })).toThrow(/CHANNEL_START_TIMEOUT_SECONDS/);
  });
});
