import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openWhatsAppClient, type WhatsAppClientLike } from '../../src/channels/whatsapp.ts';
import { tempDir } from '../support/harness.ts';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);

/** Pids of processes whose command line mentions `marker` (the session dir is unique to this test). */
function processesMentioning(marker: string): number[] {
  if (!existsSync('/proc')) return [];
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

async function eventually(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

describe('whatsapp-web.js with the real Chromium', () => {
  let cleanup: (() => Promise<void>) | undefined;

  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  it.skipIf(!hasChromium)(
    `launches headless Chromium from openWhatsAppClient and closes it on destroy()${hasChromium ? '' : ` (skipped: no Chromium at ${chromiumPath}; apt-get install chromium)`}`,
    async () => {
      const tmp = tempDir('daftarin-wa-real-');
      // The real Client must fit the structural type the channel accepts.
      const client = openWhatsAppClient({ sessionDir: tmp.dir, chromiumPath }) satisfies WhatsAppClientLike;
      const events: string[] = [];
      for (const event of ['qr', 'loading_screen', 'authenticated', 'auth_failure', 'ready']) client.on(event, () => events.push(event));
      cleanup = async () => {
        await client.destroy().catch(() => undefined);
        // Last resort so a failed assertion never leaves a browser behind: only the processes of this session dir.
        for (const pid of processesMentioning(tmp.dir)) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // Already gone.
          }
        }
        tmp.cleanup();
      };

      let outcome = 'pending';
      const init = client.initialize().then(
        () => {
          outcome = 'initialized';
        },
        (err: unknown) => {
          outcome = `initialize rejected: ${err instanceof Error ? err.message : String(err)}`;
        },
      );

      // Without network the page load fails (net::ERR_NAME_NOT_RESOLVED) right after Chromium started;
      // with network WhatsApp Web loads and shows a QR code. Either way the browser is up first.
      const launched = await eventually(() => client.pupBrowser?.connected === true || outcome !== 'pending' || events.length > 0, 45_000);
      expect(launched, 'Chromium did not start within 45 s').toBe(true);
      const browser = client.pupBrowser;
      expect(browser?.connected, `browser not connected (${outcome})`).toBe(true);
      const version = await browser?.version();
      const pid = browser?.process()?.pid;
      expect(version).toMatch(/Chrom/);
      expect(pid).toBeGreaterThan(0);
      expect(processesMentioning(tmp.dir).length).toBeGreaterThan(0);
      // Give the page load a moment to end one way or the other, for the record below.
      await eventually(() => outcome !== 'pending' || events.length > 0, 15_000);
      console.info(`[whatsapp-real] ${version}, pid ${pid}; ${outcome}; events: ${events.join(', ') || 'none'}`);

      await client.destroy();
      await init;
      expect(browser?.connected).toBe(false);
      expect(await eventually(() => processesMentioning(tmp.dir).length === 0, 10_000), 'Chromium processes left behind').toBe(true);
    },
    60_000,
  );
});
