import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { openVault, type Vault, VaultKeyError, type VaultOptions } from '../domain/vault.ts';
import { batchStore } from './batches.ts';
import { conversationStore } from './conversations.ts';
import type { Db } from './db.ts';
import { metaStore } from './meta.ts';
import { referralStore } from './referrals.ts';

/**
 * Opens the vault for this database and proves it is the database's key: the stored check value must match.
 * Why: a lost or swapped key used to start quietly with a new one, so duplicates slipped through and every
 * sealed NIK became unreadable. With sealed data present a missing key file is an error, never a new key.
 * Throws {@link VaultKeyError} (one line for the operator) on a missing or wrong key.
 */
export function openDataVault(db: Db, opts: Omit<VaultOptions, 'mayCreateKey'>): Vault {
  const meta = metaStore(db);
  const stored = meta.get('key_check');
  const sample = anySealedNik(db);
  const vault = openVault({ ...opts, mayCreateKey: stored === undefined && sample === undefined });
  warnIfFolderShared(dirname(opts.keyFile), opts.warn);
  if (stored !== undefined) {
    if (stored !== vault.checkValue()) throw wrongKey(opts);
    return vault;
  }
  // A database from before the check value: the key must still open its sealed data before it is recorded.
  if (sample !== undefined && !opens(vault, sample)) throw wrongKey(opts);
  meta.set('key_check', vault.checkValue());
  return vault;
}

/**
 * Re-encrypts every sealed NIK (referrals, unfinished drafts, uploaded batch rows) from `from` to `to`, recomputes the keyed
 * hashes and stores the new check value, all in one transaction: either everything moves to the new key or
 * nothing does. Throws if any sealed NIK cannot be opened with `from` (nothing is changed then).
 */
export function rotateDataKey(db: Db, from: Vault, to: Vault): { referrals: number; drafts: number; batchRows: number } {
  const referrals = referralStore(db);
  const conversations = conversationStore(db);
  const batches = batchStore(db);
  return db.transaction(() => {
    const rows = referrals.allSealed();
    for (const r of rows) {
      const nik = openOrFail(from, r.nik_sealed, `referral ${r.code}`);
      referrals.reseal(r.id, to.encrypt(nik), to.hmac(nik));
    }
    const drafts = conversations.sealedDrafts();
    for (const d of drafts) {
      const nik = openOrFail(from, d.sealed, `the unfinished ${d.flow_id} of ${d.key}`);
      conversations.resealDraft(d.key, d.flow_id, to.encrypt(nik), to.hmac(nik));
    }
    const batchRows = batches.sealedRows();
    for (const b of batchRows) {
      const nik = openOrFail(from, b.sealed, `row ${b.row_no} of upload ${b.batch_id}`);
      batches.resealRow(b.batch_id, b.row_no, to.encrypt(nik), to.hmac(nik));
    }
    metaStore(db).set('key_check', to.checkValue());
    return { referrals: rows.length, drafts: drafts.length, batchRows: batchRows.length };
  })();
}

/** One sealed NIK from anywhere it is kept, if any: proof that the data depends on the key. */
function anySealedNik(db: Db): string | undefined {
  return referralStore(db).anySealed() ?? conversationStore(db).sealedDrafts()[0]?.sealed ?? batchStore(db).sealedRows()[0]?.sealed;
}

/**
 * The data folder of an older install (or one made by hand) may be readable by others; it is not changed here
 * (it may be a shared folder), but the operator is told once per start.
 */
function warnIfFolderShared(folder: string, warn: (msg: string) => void): void {
  if (process.platform === 'win32' || !existsSync(folder)) return;
  if ((statSync(folder).mode & 0o077) !== 0)
    warn(`The data folder ${folder} can be read by other users; if only daftarin uses it, restrict it with: chmod 700 ${folder}`);
}

function opens(vault: Vault, sealed: string): boolean {
  try {
    vault.decrypt(sealed);
    return true;
  } catch {
    return false;
  }
}

function openOrFail(vault: Vault, sealed: string, what: string): string {
  try {
    return vault.decrypt(sealed);
  } catch {
    throw new VaultKeyError(`The NIK of ${what} cannot be decrypted with the current key; nothing was changed.`);
  }
}

function wrongKey(opts: Omit<VaultOptions, 'mayCreateKey'>): VaultKeyError {
  const source = opts.dataKeyHex !== undefined ? 'DATA_KEY' : opts.keyFile;
  return new VaultKeyError(
    `The data key (${source}) is not the key of this database: its sealed NIKs cannot be read with it. Restore the right key; see SECURITY.md.`,
  );
}
