import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openVault, VaultKeyError, vaultFromKey } from '../../src/domain/vault.ts';

const KEY = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
const OTHER = 'ff'.repeat(32);
const NIK = '3201011505900001';
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'daftarin-vault-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const vault = (hex = KEY) => openVault({ dataKeyHex: hex, keyFile: '/nonexistent/never-used.key', warn: () => {} });

describe('encrypt / decrypt', () => {
  it('round-trips', () => {
    const v = vault();
    const blob = v.encrypt(NIK);
    expect(blob).toMatch(/^v1:[A-Za-z0-9+/]+=*$/);
    expect(blob).not.toContain(NIK);
    expect(v.decrypt(blob)).toBe(NIK);
    expect(v.decrypt(v.encrypt(''))).toBe('');
    expect(v.decrypt(v.encrypt('Siti Nur’aini ✓'))).toBe('Siti Nur’aini ✓');
    // A second vault with the same key reads it.
    expect(vault().decrypt(blob)).toBe(NIK);
  });

  it('uses a fresh IV each time', () => {
    const v = vault();
    const a = v.encrypt(NIK);
    const b = v.encrypt(NIK);
    expect(a).not.toBe(b);
    const iv = (s: string) => Buffer.from(s.slice(3), 'base64').subarray(0, 12).toString('hex');
    expect(iv(a)).not.toBe(iv(b));
  });

  it('detects tampering anywhere', () => {
    const v = vault();
    const raw = Buffer.from(v.encrypt(NIK).slice(3), 'base64');
    for (const at of [0, 11, 12, 27, 28, raw.length - 1]) {
      const t = Buffer.from(raw);
      t[at]! ^= 0x01;
      expect(() => v.decrypt(`v1:${t.toString('base64')}`), `byte ${at}`).toThrow(/cannot decrypt/);
    }
    expect(() => v.decrypt(`v1:${raw.subarray(0, raw.length - 1).toString('base64')}`)).toThrow();
    expect(() => v.decrypt(`v1:${raw.subarray(0, 20).toString('base64')}`)).toThrow(/malformed/);
    expect(() => v.decrypt(`v2:${raw.toString('base64')}`)).toThrow(/format/);
    expect(() => v.decrypt(`v1:${raw.toString('base64')}!`)).toThrow(/malformed/);
    expect(() => v.decrypt(NIK)).toThrow();
  });

  it('fails with the wrong key', () => {
    expect(() => vault(OTHER).decrypt(vault().encrypt(NIK))).toThrow(/cannot decrypt/);
  });
});

describe('hmac', () => {
  it('is stable, keyed and not keyed with the master key itself', () => {
    const h = vault().hmac(NIK);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(vault().hmac(NIK)).toBe(h);
    expect(vault().hmac('3201011505900002')).not.toBe(h);
    expect(vault(OTHER).hmac(NIK)).not.toBe(h);
    expect(createHmac('sha256', Buffer.from(KEY, 'hex')).update(NIK).digest('hex')).not.toBe(h);
  });
});

describe('openVault key handling', () => {
  it('creates a key file with mode 0600 (parent directories too) and warns once', () => {
    const file = join(tempDir(), 'nested', 'data', 'secret.key');
    const warnings: string[] = [];
    const v = openVault({ keyFile: file, warn: (m) => warnings.push(m) });
    expect(readFileSync(file, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/back it up/i);
    expect(v.decrypt(v.encrypt(NIK))).toBe(NIK);
  });

  it('reuses an existing key file without warning', () => {
    const file = join(tempDir(), 'secret.key');
    const first = openVault({ keyFile: file, warn: () => {} });
    const blob = first.encrypt(NIK);
    const before = readFileSync(file, 'utf8');
    const warnings: string[] = [];
    const second = openVault({ keyFile: file, warn: (m) => warnings.push(m) });
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(second.decrypt(blob)).toBe(NIK);
    expect(second.hmac(NIK)).toBe(first.hmac(NIK));
    expect(warnings).toEqual([]);
  });

  it('prefers DATA_KEY and then touches no file', () => {
    const file = join(tempDir(), 'secret.key');
    const v = openVault({ dataKeyHex: KEY, keyFile: file, warn: () => {} });
    expect(existsSync(file)).toBe(false);
    expect(v.hmac(NIK)).toBe(vaultFromKey(Buffer.from(KEY, 'hex')).hmac(NIK));
  });

  it('refuses malformed keys', () => {
    expect(() => vault('abc')).toThrow(/64 hex/);
    const file = join(tempDir(), 'secret.key');
    writeFileSync(file, 'not a key\n', { mode: 0o600 });
    expect(() => openVault({ keyFile: file, warn: () => {} })).toThrow(/64 hex/);
    expect(() => vaultFromKey(Buffer.alloc(16))).toThrow();
  });

  it('warns about a key file other users can read', () => {
    if (process.platform === 'win32') return;
    const file = join(tempDir(), 'secret.key');
    writeFileSync(file, `${KEY}\n`, { mode: 0o644 });
    const warnings: string[] = [];
    openVault({ keyFile: file, warn: (m) => warnings.push(m) });
    expect(warnings.join()).toMatch(/chmod 600/);
  });
});

describe('key check value and a missing key (issue 12, item 2)', () => {
  it('names the key without revealing it: stable per key, different across keys, unlike any NIK hash', () => {
    expect(vault().checkValue()).toBe(vault().checkValue());
    expect(vault().checkValue()).not.toBe(vault(OTHER).checkValue());
    expect(vault().checkValue()).toMatch(/^[0-9a-f]{64}$/);
    expect(vault().checkValue()).not.toBe(createHmac('sha256', Buffer.from(KEY, 'hex')).update('daftarin key check').digest('hex'));
    expect(vault().checkValue()).not.toBe(vault().hmac('daftarin key check'));
  });

  it('never creates a key file when that is not allowed (sealed data exists)', () => {
    const file = join(tempDir(), 'data', 'secret.key');
    expect(() => openVault({ keyFile: file, warn: () => {}, mayCreateKey: false })).toThrow(VaultKeyError);
    expect(existsSync(file)).toBe(false);
  });
});
