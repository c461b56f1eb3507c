/**
 * NIK encryption at rest (UU 27/2022 treats a NIK as personal data): AES-256-GCM for the stored
 * value, a keyed hash for finding duplicates without decrypting.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Encrypts, decrypts and hashes NIKs with keys derived from one master key. */
export interface Vault {
  /** Encrypts with a fresh random IV: `v1:` + base64(iv | tag | ciphertext). */
  encrypt(plain: string): string;
  /** Decrypts a value from {@link Vault.encrypt}; throws if it was altered or the key is wrong. */
  decrypt(blob: string): string;
  /** HMAC-SHA256 (hex) of a normalized NIK, stable for one master key, for lookups and duplicates. */
  hmac(nik: string): string;
  /** A value that identifies the master key without revealing it, stored beside the data to catch a wrong or lost key. */
  checkValue(): string;
}

/** A key that cannot be used: missing where data needs it, malformed, or not the database's key. One line, for the operator. */
export class VaultKeyError extends Error {}

/** Where the master key comes from: `dataKeyHex` (e.g. DATA_KEY) if set, else `keyFile` (created when missing, if allowed). */
export interface VaultOptions {
  dataKeyHex?: string | undefined;
  keyFile: string;
  warn: (msg: string) => void;
  /** False when sealed data exists: a missing key file is then an error, never a reason to make a new key. Default true. */
  mayCreateKey?: boolean;
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/** Opens the vault, reading or (first run) creating the key file, with mode 0600. */
export function openVault(opts: VaultOptions): Vault {
  return vaultFromKey(readMasterKey(opts));
}

/** The master key of {@link openVault}'s options (creating the key file only when allowed). */
export function readMasterKey(opts: VaultOptions): Buffer {
  if (opts.dataKeyHex !== undefined) return parseKey(opts.dataKeyHex, 'DATA_KEY');
  if (opts.mayCreateKey === false) {
    const existing = readKeyFile(opts.keyFile, opts.warn);
    if (existing) return existing;
    throw new VaultKeyError(
      `The data key is missing: ${opts.keyFile} does not exist and DATA_KEY is not set, but this database already uses a key. Restore the key file from your backup (or set DATA_KEY); a new key would make every stored NIK unreadable.`,
    );
  }
  return loadOrCreateKeyFile(opts.keyFile, opts.warn);
}

/** A fresh random master key (for a first start or a key rotation). */
export function newMasterKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/** Writes a master key to a new file with mode 0600; refuses to overwrite (losing a key loses every NIK). */
export function writeKeyFile(path: string, key: Buffer): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
}

/** A vault over a 32-byte master key (tests and tools; the app uses {@link openVault}). */
export function vaultFromKey(master: Buffer): Vault {
  if (master.length !== KEY_BYTES) throw new Error(`master key must be ${KEY_BYTES} bytes`);
  // Separate keys per purpose, so the hash key never equals the encryption key and a leak of
  // hashes reveals nothing about ciphertexts (and vice versa).
  const encKey = derive(master, 'daftarin/nik/aes-256-gcm/v1');
  const macKey = derive(master, 'daftarin/nik/hmac-sha256/v1');
  // Its own derived key: the check value says nothing about the encryption or hash keys.
  const check = createHmac('sha256', derive(master, 'daftarin/key-check/v1')).update('daftarin key check').digest('hex');
  const aad = Buffer.from(VERSION);

  return {
    encrypt(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      cipher.setAAD(aad);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    decrypt(blob) {
      const prefix = `${VERSION}:`;
      if (!blob.startsWith(prefix)) throw new Error('vault: unknown format');
      const b64 = blob.slice(prefix.length);
      const raw = Buffer.from(b64, 'base64');
      // Buffer.from skips invalid base64 characters; insist on an exact round trip instead.
      if (raw.toString('base64') !== b64 || raw.length < IV_BYTES + TAG_BYTES) throw new Error('vault: malformed data');
      const decipher = createDecipheriv('aes-256-gcm', encKey, raw.subarray(0, IV_BYTES));
      decipher.setAAD(aad);
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      try {
        return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        throw new Error('vault: cannot decrypt (wrong key or altered data)');
      }
    },
    hmac(nik) {
      return createHmac('sha256', macKey).update(nik, 'utf8').digest('hex');
    },
    checkValue: () => check,
  };
}

function derive(master: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, KEY_BYTES));
}

function parseKey(hex: string, where: string): Buffer {
  const h = hex.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(h)) throw new VaultKeyError(`${where}: the data key must be 64 hex characters (32 bytes)`);
  return Buffer.from(h, 'hex');
}

function loadOrCreateKeyFile(path: string, warn: (msg: string) => void): Buffer {
  const existing = readKeyFile(path, warn);
  if (existing) return existing;
  const key = newMasterKey();
  try {
    // 'wx': never overwrite a key another process wrote a moment ago; losing a key loses every NIK.
    writeKeyFile(path, key);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      const raced = readKeyFile(path, warn);
      if (raced) return raced;
    }
    throw e;
  }
  warn(
    `Generated a new data encryption key in ${path}. Back it up now and keep it secret: without it the stored NIKs cannot be decrypted. (Or set DATA_KEY to a 64-hex-character key.)`,
  );
  return key;
}

function readKeyFile(path: string, warn: (msg: string) => void): Buffer | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) {
    warn(`The data key file ${path} can be read by other users; restrict it with: chmod 600 ${path}`);
  }
  return parseKey(text, path);
}
