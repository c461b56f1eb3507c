import { existsSync, readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Incoming } from '../../src/channels/channel.ts';
import { createTerminalChannel } from '../../src/channels/terminal.ts';
import { tempDir } from '../support/harness.ts';

function capture() {
  const output = new PassThrough();
  let text = '';
  output.on('data', (c: Buffer) => {
    text += c.toString('utf8');
  });
  // Interactive readline repaints the line with ANSI escapes; the tests read what a person would see.
  return { output, read: () => stripVTControlCharacters(text) };
}

describe('terminal channel', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir('daftarin-term-');
  });
  afterEach(() => tmp.cleanup());

  it('answers piped lines in order, skipping blank ones, then calls onEnd', async () => {
    const input = new PassThrough();
    const { output, read } = capture();
    const ended = vi.fn();
    const channel = createTerminalChannel({
      input,
      output,
      userId: 'local',
      interactive: false,
      onEnd: ended,
      now: () => 1_700_000_000_000,
      fileDir: tmp.dir,
    });
    const seen: Incoming[] = [];
    let release!: () => void;
    const firstTurnHeld = new Promise<void>((r) => {
      release = r;
    });
    await channel.start(async (m) => {
      seen.push(m);
      // The first turn is slow; the second must still wait for it.
      if (seen.length === 1) await firstTurnHeld;
      await channel.send(m.chatId, { text: `jawaban untuk ${m.text}`, ...(seen.length === 2 ? { choices: ['Ya', 'Tidak'] } : {}) });
    });
    input.end('  daftar \n\n   \nlanjut\n');
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    expect(ended).not.toHaveBeenCalled();
    release();
    await vi.waitFor(() => expect(ended).toHaveBeenCalledTimes(1));
    expect(seen.map((m) => m.text)).toEqual(['daftar', 'lanjut']);
    expect(seen.map((m) => m.messageId)).toEqual([`1700000000000-${process.pid}-1`, `1700000000000-${process.pid}-2`]);
    expect(seen.every((m) => m.chatId === 'local' && m.kind === 'text')).toBe(true);
    expect(read()).toBe('jawaban untuk daftar\n\njawaban untuk lanjut\n\n1. Ya\n2. Tidak\n\n');
    await channel.stop();
  });

  it('keeps going after a failed turn and reports it', async () => {
    const input = new PassThrough();
    const { output } = capture();
    const onError = vi.fn();
    const ended = vi.fn();
    const channel = createTerminalChannel({ input, output, userId: 'local', interactive: false, onEnd: ended, onError, fileDir: tmp.dir });
    const seen: string[] = [];
    await channel.start(async (m) => {
      seen.push(m.text);
      if (m.text === 'rusak') throw new Error('turn failed');
    });
    input.end('rusak\nhalo\n');
    await vi.waitFor(() => expect(ended).toHaveBeenCalled());
    expect(seen).toEqual(['rusak', 'halo']);
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'turn failed' }));
  });

  it('writes images and documents to files and prints their paths and captions', async () => {
    const input = new PassThrough();
    const { output, read } = capture();
    const channel = createTerminalChannel({ input, output, userId: 'local', interactive: false, fileDir: tmp.dir });
    await channel.start(async () => undefined);
    const png = Buffer.from('89504e470d0a1a0a', 'hex');
    await channel.send('local', { text: 'Kartu kamu:', image: { png, caption: 'Kartu BPJS' } });
    await channel.send('local', { text: '', document: { content: Buffer.from('%PDF'), filename: '../bukti daftar.pdf' } });
    const paths = [...read().matchAll(/\[(?:image|document)\] (\S+)/g)].map((m) => m[1] ?? '');
    expect(paths).toHaveLength(2);
    expect(paths.every((p) => p.startsWith(tmp.dir))).toBe(true);
    expect(readFileSync(paths[0] ?? '')).toEqual(png);
    expect(paths[1]).toMatch(/bukti_daftar\.pdf$/);
    expect(existsSync(paths[1] ?? '')).toBe(true);
    expect(read()).toContain('Kartu kamu:\n\n[image] ');
    expect(read()).toContain('\nKartu BPJS\n\n');
    await channel.stop();
  });

  it('in interactive mode shows a prompt, re-shows it on an empty line, and ends on Ctrl+D', async () => {
    const input = new PassThrough() as PassThrough & { isTTY?: boolean };
    const { output, read } = capture();
    const ended = vi.fn();
    const channel = createTerminalChannel({ input, output, userId: 'local', interactive: true, onEnd: ended, fileDir: tmp.dir });
    const seen: string[] = [];
    await channel.start(async (m) => {
      seen.push(m.text);
      await channel.send(m.chatId, { text: 'Halo! Mau apa?', choices: ['Daftar', 'Bantuan'] });
    });
    expect(read()).toBe('> ');
    input.write('\r');
    await vi.waitFor(() => expect(read().match(/> /g)).toHaveLength(2));
    input.write('halo\r');
    await vi.waitFor(() => expect(read()).toContain('Halo! Mau apa?\n\n1. Daftar\n2. Bantuan\n\n> '));
    expect(seen).toEqual(['halo']);
    input.write('\u0004');
    await vi.waitFor(() => expect(ended).toHaveBeenCalledTimes(1));
    await channel.stop();
  });

  it('stop() closes readline and does not call onEnd', async () => {
    const input = new PassThrough();
    const { output } = capture();
    const ended = vi.fn();
    const seen: string[] = [];
    const channel = createTerminalChannel({ input, output, userId: 'local', interactive: false, onEnd: ended, fileDir: tmp.dir });
    await channel.start(async (m) => {
      seen.push(m.text);
    });
    await channel.stop();
    input.write('halo\n');
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual([]);
    expect(ended).not.toHaveBeenCalled();
    expect(input.listenerCount('data')).toBe(0);
  });
});
