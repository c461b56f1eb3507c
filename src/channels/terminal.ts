import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { type Channel, type Incoming, type Outgoing, renderWithNumberedChoices } from './channel.ts';

/** How the terminal channel is wired: streams, the one local user, and whether a person is typing. */
export interface TerminalChannelOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** The chat id every line is attributed to (config TERMINAL_USER). */
  userId: string;
  /** A TTY with a prompt; otherwise lines are piped in and answered in order. */
  interactive: boolean;
  /** Called once input ended (Ctrl+D, Ctrl+C, end of a pipe) and every line was handled; not after stop(). */
  onEnd?: () => void;
  now?: () => number;
  /** Where a failed turn is reported (the core normally answers failures itself); default stderr. */
  onError?: (err: unknown) => void;
  /** Where images and documents sent to the terminal are written (default `data/terminal`). */
  fileDir?: string;
}

const PROMPT = '> ';

/** The terminal channel's mutable state, shared by its module-level handlers. */
interface TerminalState {
  opts: TerminalChannelOptions;
  startMillis: number;
  fileDir: string;
  rl: Interface | undefined;
  seq: number;
  files: number;
  stopped: boolean;
  pending: number;
  onError: (err: unknown) => void;
  // Why a chain: piped input arrives faster than turns finish, and answers must keep input order.
  chain: Promise<void>;
}

/** A chat in the terminal: each input line is one message, replies are printed as plain text. */
export function createTerminalChannel(opts: TerminalChannelOptions): Channel {
  const state: TerminalState = {
    opts,
    startMillis: (opts.now ?? Date.now)(),
    fileDir: opts.fileDir ?? join('data', 'terminal'),
    rl: undefined,
    seq: 0,
    files: 0,
    stopped: false,
    pending: 0,
    onError: opts.onError ?? ((err: unknown) => console.error(err)),
    chain: Promise.resolve(),
  };
  return {
    name: 'terminal',
    start: async (onMessage) => startReading(state, onMessage),
    send: async (_chatId, reply) => printReply(state, reply),
    stop: () => stopTerminal(state),
  };
}

/** Opens readline on the input and turns each non-empty line into one message, in input order. */
function startReading(state: TerminalState, onMessage: (m: Incoming) => Promise<void>): void {
  const { opts } = state;
  const reader = createInterface({
    input: opts.input,
    // Why no output when piped: readline would echo every input line into the transcript.
    output: opts.interactive ? opts.output : undefined,
    terminal: opts.interactive,
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  state.rl = reader;
  if (opts.interactive) {
    reader.setPrompt(PROMPT);
    // Why: in raw mode Ctrl+C reaches readline, not the process; treat it as the end of the session.
    reader.on('SIGINT', () => reader.close());
  }
  reader.on('line', (raw: string) => handleLine(state, reader, onMessage, raw));
  reader.on('close', () => {
    if (state.stopped) return;
    void state.chain.then(() => {
      if (opts.interactive) state.opts.output.write('\n');
      opts.onEnd?.();
    });
  });
  if (opts.interactive) reader.prompt();
}

/** Queues one input line as a message behind the turns before it; prompts again once all are answered. */
function handleLine(state: TerminalState, reader: Interface, onMessage: (m: Incoming) => Promise<void>, raw: string): void {
  const { opts } = state;
  const text = raw.trim();
  if (!text) {
    if (opts.interactive && !state.stopped && state.pending === 0) reader.prompt();
    return;
  }
  const message: Incoming = {
    chatId: opts.userId,
    messageId: `${state.startMillis}-${process.pid}-${++state.seq}`,
    text,
    kind: 'text',
  };
  state.pending++;
  state.chain = state.chain.then(async () => {
    try {
      if (!state.stopped) await onMessage(message);
    } catch (err) {
      state.onError(err);
    } finally {
      state.pending--;
    }
    if (opts.interactive && !state.stopped && state.pending === 0) reader.prompt();
  });
}

/** Writes an image or document sent to the terminal under `fileDir` and returns its path. */
function saveFile(state: TerminalState, content: Buffer, name: string): string {
  mkdirSync(state.fileDir, { recursive: true, mode: 0o700 });
  const safe = basename(name).replace(/[^\w.-]+/g, '_') || 'file';
  const path = join(state.fileDir, `${state.startMillis}-${process.pid}-${++state.files}-${safe}`);
  // Owner-only: a document sent here may be a CSV of personal data.
  writeFileSync(path, content, { mode: 0o600 });
  return path;
}

/** Prints a reply as plain text blocks; attachments are saved to files and printed as their paths. */
function printReply(state: TerminalState, reply: Outgoing): void {
  const blocks: string[] = [];
  const text = renderWithNumberedChoices(reply);
  if (text) blocks.push(text);
  if (reply.image) {
    const path = saveFile(state, reply.image.png, 'image.png');
    blocks.push([`[image] ${path}`, reply.image.caption].filter(Boolean).join('\n'));
  }
  if (reply.document) {
    const path = saveFile(state, reply.document.content, reply.document.filename);
    blocks.push([`[document] ${path}`, reply.document.caption].filter(Boolean).join('\n'));
  }
  for (const block of blocks) state.opts.output.write(`${block}\n\n`);
}

/** Closes the input; a turn already running finishes writing its replies before the caller tears the core down. */
async function stopTerminal(state: TerminalState): Promise<void> {
  if (state.stopped) return;
  state.stopped = true;
  state.rl?.close();
  state.rl = undefined;
  await state.chain;
}
