import { existsSync, renameSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { newMasterKey, vaultFromKey, writeKeyFile } from '../domain/vault.ts';
import { auditStore } from '../store/audit.ts';
import { rotateDataKey } from '../store/data-key.ts';
import { readHeartbeat } from '../store/heartbeat.ts';
import { AdminError } from './admin-error.ts';
import type { AdminContext } from './referral-commands.ts';

/** A heartbeat younger than this means a bot is running (it refreshes every 30 s; three beats missed = stopped). */
const RUNNING_HEARTBEAT_MS = 90_000;

/**
 * A bot running on this database keeps sealing NIKs with the old key while the rotation re-encrypts them: those rows
 * would be unreadable afterwards. Its heartbeat says so; after a crash the stale one is overridden with `--force`.
 */
function refuseWhileBotRuns(ctx: AdminContext): void {
  const hb = readHeartbeat(ctx.db);
  if (!hb) return;
  const age = ctx.now - hb.at;
  if (age >= RUNNING_HEARTBEAT_MS) return;
  throw new AdminError(
    `The bot is running on this database (pid ${hb.pid} on ${hb.host}, heartbeat ${Math.max(0, Math.round(age / 1000))} s ago): stop it first, or use --force if it crashed.`,
  );
}

/**
 * `rotate-key [--force]`: a new data key; every sealed NIK is re-encrypted and re-hashed under it in one transaction.
 * The new key is written to `secret.key.new` before any NIK depends on it; with a key file it then replaces
 * `secret.key` (the old one is kept as `secret.key.old-<time>`: backups made before need it); with DATA_KEY the
 * operator moves the new key into DATA_KEY (until then the start refuses, the data being under the new key).
 */
export function rotateKeyCommand(ctx: AdminContext, args: string[]): void {
  const { values } = parseArgs({ args, options: { force: { type: 'boolean', default: false } }, strict: true });
  if (!ctx.config) throw new AdminError('rotate-key needs the configuration (DATABASE_PATH, DATA_KEY).');
  if (!values.force) refuseWhileBotRuns(ctx);
  const keyFile = join(dirname(ctx.config.DATABASE_PATH), 'secret.key');
  const newFile = `${keyFile}.new`;
  if (existsSync(newFile))
    throw new AdminError(`${newFile} already exists (an earlier rotation?): move it away after checking which key the database uses.`);
  const key = newMasterKey();
  writeKeyFile(newFile, key);
  let moved: ReturnType<typeof rotateDataKey>;
  try {
    moved = rotateDataKey(ctx.db, ctx.vault, vaultFromKey(key));
  } catch (e) {
    unlinkSync(newFile);
    throw new AdminError(`Key rotation failed, nothing changed: ${(e as Error).message}`);
  }
  auditStore(ctx.db).record(
    ctx.actor,
    'rotate-key',
    `referrals=${moved.referrals} drafts=${moved.drafts} batch_rows=${moved.batchRows}`,
    ctx.now,
  );
  ctx.out(
    `Re-encrypted ${moved.referrals} referral(s), ${moved.drafts} unfinished registration(s) and ${moved.batchRows} uploaded row(s) under a new key.`,
  );
  if (ctx.config.DATA_KEY !== undefined) {
    ctx.out(`DATA_KEY is set: put the new key from ${newFile} into DATA_KEY, then delete that file. Until then the bot refuses to start.`);
    return;
  }
  const old = `${keyFile}.old-${new Date(ctx.now).toISOString().replace(/[:.]/g, '-')}`;
  if (existsSync(keyFile)) renameSync(keyFile, old);
  renameSync(newFile, keyFile);
  ctx.out(`The new key is in ${keyFile}; back it up now. The old key is kept in ${old}: backups made before today need it.`);
}
