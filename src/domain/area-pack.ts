/**
 * A small binary container for named strings and typed arrays: a header with a length and a checksum of the rest, a
 * JSON directory (key and sections), then each section 8-byte aligned, so typed arrays are read as views without a copy.
 */
import * as zlib from 'node:zlib';

/** What a container holds: strings (UTF-8) and unsigned typed arrays (native byte order, which the key must name). */
export type PackSection = string | Uint8Array | Uint16Array | Uint32Array;

type Kind = 's' | 'u8' | 'u16' | 'u32';
type DirectoryEntry = [name: string, kind: Kind, offset: number, bytes: number];

const MAGIC = Buffer.from('DAFTAREA', 'latin1');
// magic (8) + total length (4) + checksum of everything after it (4) + directory length (4)
const CHECKED_FROM = 16;
const HEADER = 20;

let crcTable: Uint32Array | undefined;

// CRC-32 in JavaScript, for Node before 20.15 (no zlib.crc32); the same numbers, ~10× slower.
function crc32(bytes: Uint8Array): number {
  crcTable ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c;
  });
  let crc = 0xffffffff;
  for (const b of bytes) crc = crcTable[(crc ^ b) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * CRC-32 of the bytes (2 ms for 10 MB; SHA-1 takes 20, and loading node:crypto another 10 at start). It guards
 * against torn or damaged files, not against tampering: whoever can write node_modules can change the code too.
 */
export function checksum(bytes: Uint8Array): number {
  return typeof zlib.crc32 === 'function' ? zlib.crc32(bytes) : crc32(bytes);
}

function kindOf(s: PackSection): Kind {
  if (typeof s === 'string') return 's';
  return s instanceof Uint8Array ? 'u8' : s instanceof Uint16Array ? 'u16' : 'u32';
}

const align8 = (n: number) => (n + 7) & ~7;

/** Packs `sections` with `key` (which a reader must name to accept the container). */
export function packSections(key: string, sections: Record<string, PackSection>): Buffer {
  const bodies = Object.entries(sections).map(([name, s]) => {
    const bytes = typeof s === 'string' ? Buffer.from(s, 'utf8') : new Uint8Array(s.buffer, s.byteOffset, s.byteLength);
    return { name, kind: kindOf(s), bytes };
  });
  // The directory names every section's offset, which depends on the directory's own length: sized with
  // placeholder offsets of the final width, then written for real.
  const layout = (dirLength: number): DirectoryEntry[] => {
    let at = align8(HEADER + dirLength);
    return bodies.map((b) => {
      const entry: DirectoryEntry = [b.name, b.kind, at, b.bytes.length];
      at = align8(at + b.bytes.length);
      return entry;
    });
  };
  const directory = (dirLength: number) => Buffer.from(JSON.stringify({ key, sections: layout(dirLength) }), 'utf8');
  let dir = directory(0);
  for (let guess = dir.length; ; guess = dir.length) {
    dir = directory(guess);
    if (dir.length === guess) break;
  }
  const entries = layout(dir.length);
  const last = entries[entries.length - 1];
  const buf = Buffer.alloc(last ? align8(last[2] + last[3]) : align8(HEADER + dir.length));
  MAGIC.copy(buf, 0);
  buf.writeUInt32LE(buf.length, 8);
  buf.writeUInt32LE(dir.length, CHECKED_FROM);
  dir.copy(buf, HEADER);
  bodies.forEach((b, i) => {
    buf.set(b.bytes, entries[i]![2]);
  });
  buf.writeUInt32LE(checksum(buf.subarray(CHECKED_FROM)), 12);
  return buf;
}

/** The sections of a container packed with `key`; undefined for a short, corrupt or foreign buffer. */
export function unpackSections(buf: Buffer, key: string): Record<string, PackSection> | undefined {
  if (buf.length < HEADER || !buf.subarray(0, 8).equals(MAGIC) || buf.readUInt32LE(8) !== buf.length) return undefined;
  if (checksum(buf.subarray(CHECKED_FROM)) !== buf.readUInt32LE(12)) return undefined;
  const dirLength = buf.readUInt32LE(CHECKED_FROM);
  let dir: { key?: unknown; sections?: DirectoryEntry[] };
  try {
    dir = JSON.parse(buf.toString('utf8', HEADER, HEADER + dirLength));
  } catch {
    return undefined;
  }
  if (dir.key !== key || !Array.isArray(dir.sections)) return undefined;
  const out: Record<string, PackSection> = {};
  for (const [name, kind, offset, bytes] of dir.sections) {
    const size = kind === 's' || kind === 'u8' ? 1 : kind === 'u16' ? 2 : kind === 'u32' ? 4 : 0;
    if (size === 0 || offset % 8 !== 0 || bytes % size !== 0 || offset + bytes > buf.length) return undefined;
    out[name] = kind === 's' ? buf.toString('utf8', offset, offset + bytes) : view(buf, kind, offset, bytes);
  }
  return out;
}

// A typed array over the buffer's own memory; a copy only if the buffer itself is not 8-byte aligned.
function view(buf: Buffer, kind: Exclude<Kind, 's'>, offset: number, bytes: number): Uint8Array | Uint16Array | Uint32Array {
  const Type = kind === 'u8' ? Uint8Array : kind === 'u16' ? Uint16Array : Uint32Array;
  const start = buf.byteOffset + offset;
  if (start % Type.BYTES_PER_ELEMENT === 0) return new Type(buf.buffer as ArrayBuffer, start, bytes / Type.BYTES_PER_ELEMENT);
  return new Type(new Uint8Array(buf.subarray(offset, offset + bytes)).buffer);
}
