import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWhatsAppChannel } from '../../src/channels/whatsapp.ts';
import { silentLogger } from '../../src/log.ts';
import { openDataVault } from '../../src/store/data-key.ts';
import { openDatabase } from '../../src/store/db.ts';
import { FakeWhatsAppClient } from '../support/fake-whatsapp-client.ts';
import { tempDir } from '../support/harness.ts';

/** Issue 12, item 10: the data folder is the owner's only, and the WhatsApp login QR does not outlive the login. */
const modeOf = (path: string) => statSync(path).mode & 0o777;

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

describe('file permissions (issue 12, item 10)', () => {
  it('creates the data folder 0700 and the database, WAL, SHM and key 0600', () => {
    const folder = join(tmp.dir, 'data');
    const path = join(folder, 'daftarin.db');
    const db = openDatabase(path);
    openDataVault(db, { keyFile: join(folder, 'secret.key'), warn: () => {} });
    db.prepare("INSERT INTO audit (at, actor, action) VALUES (1, 'test', 'x')").run();
    expect(modeOf(folder)).toBe(0o700);
    for (const f of ['daftarin.db', 'daftarin.db-wal', 'daftarin.db-shm', 'secret.key'])
      expect([f, modeOf(join(folder, f))]).toEqual([f, 0o600]);
    db.close();
  });

  it('tightens the files of an older install that were left readable by others', () => {
    const path = join(tmp.dir, 'daftarin.db');
    openDatabase(path).close();
    chmodSync(path, 0o644);
    const db = openDatabase(path);
    expect(modeOf(path)).toBe(0o600);
    db.close();
  });

  it('leaves an existing shared folder as it is, and says how to restrict it', () => {
    const shared = join(tmp.dir, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o755);
    const db = openDatabase(join(shared, 'daftarin.db'));
    const warnings: string[] = [];
    openDataVault(db, { keyFile: join(shared, 'secret.key'), warn: (m) => warnings.push(m) });
    db.close();
    expect(modeOf(shared)).toBe(0o755);
    expect(warnings.some((w) => w.includes(`chmod 700 ${shared}`))).toBe(true);
  });
});

describe('the WhatsApp login QR code (issue 12, item 10)', () => {
  it('is written while waiting for the scan and deleted once logged in', async () => {
    const client = new FakeWhatsAppClient();
    client.autoReady = false;
    const qrPngPath = join(tmp.dir, 'whatsapp-login-qr.png');
    const channel = createWhatsAppChannel({ client, logger: silentLogger, replyDelayMs: 0, printQr: () => undefined, qrPngPath });
    const started = channel.start(async () => undefined);
    await vi.waitFor(() => expect(client.initializeCalls).toBe(1));
    client.emit('qr', 'login-token-123');
    await vi.waitFor(() => expect(existsSync(qrPngPath)).toBe(true));
    client.emit('authenticated');
    client.emit('ready');
    await started;
    await vi.waitFor(() => expect(existsSync(qrPngPath)).toBe(false));
    await channel.stop();
  });
});
