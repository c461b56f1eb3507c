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

/** A chat in the terminal: each input line is one message, replies are printed as plain text. */
export function createTerminalChannel(opts: TerminalChannelOptions): Channel {
  const startMillis = (opts.now ?? Date.now)();
  const fileDir = opts.fileDir ?? join('data', 'terminal');
  let rl: Interface | undefined;
  let seq = 0;
  let files = 0;
  let stopped = false;
  let pending = 0;
  const onError = opts.onError ?? ((err: unknown) => console.error(err));
  // Why a chain: piped input arrives faster than turns finish, and answers must keep input order.
  let chain: Promise<void> = Promise.resolve();

  const write = (s: string) => {
    opts.output.write(s);
  };

  const saveFile = (content: Buffer, name: string): string => {
    mkdirSync(fileDir, { recursive: true, mode: 0o700 });
    const safe = basename(name).replace(/[^\w.-]+/g, '_') || 'file';
    const path = join(fileDir, `${startMillis}-${process.pid}-${++files}-${safe}`);
    // Owner-only: a document sent here may be a CSV of personal data.
    writeFileSync(path, content, { mode: 0o600 });
    return path;
  };

  return {
    name: 'terminal',

    async start(onMessage: (m: Incoming) => Promise<void>): Promise<void> {
      const reader = createInterface({
        input: opts.input,
        // Why no output when piped: readline would echo every input line into the transcript.
        output: opts.interactive ? opts.output : undefined,
        terminal: opts.interactive,
        crlfDelay: Number.POSITIVE_INFINITY,
      });
      rl = reader;
      if (opts.interactive) {
        reader.setPrompt(PROMPT);
        // Why: in raw mode Ctrl+C reaches readline, not the process; treat it as the end of the session.
        reader.on('SIGINT', () => reader.close());
      }

      reader.on('line', (raw: string) => {
        const text = raw.trim();
        if (!text) {
          if (opts.interactive && !stopped && pending === 0) reader.prompt();
          return;
        }
        const message: Incoming = {
          chatId: opts.userId,
          messageId: `${startMillis}-${process.pid}-${++seq}`,
          text,
          kind: 'text',
        };
        pending++;
        chain = chain.then(async () => {
          try {
            if (!stopped) await onMessage(message);
          } catch (err) {
            onError(err);
          } finally {
            pending--;
          }
          if (opts.interactive && !stopped && pending === 0) reader.prompt();
        });
      });

      reader.on('close', () => {
        if (stopped) return;
        void chain.then(() => {
          if (opts.interactive) write('\n');
          opts.onEnd?.();
        });
      });

      if (opts.interactive) reader.prompt();
    },

    async send(_chatId: string, reply: Outgoing): Promise<void> {
      const blocks: string[] = [];
      const text = renderWithNumberedChoices(reply);
      if (text) blocks.push(text);
      if (reply.image) {
        const path = saveFile(reply.image.png, 'image.png');
        blocks.push([`[image] ${path}`, reply.image.caption].filter(Boolean).join('\n'));
      }
      if (reply.document) {
        const path = saveFile(reply.document.content, reply.document.filename);
        blocks.push([`[document] ${path}`, reply.document.caption].filter(Boolean).join('\n'));
      }
      for (const block of blocks) write(`${block}\n\n`);
    },

    async stop(): Promise<void> {
      if (stopped) return;
      stopped = true;
      rl?.close();
      rl = undefined;
      // Why: a turn already running finishes writing its replies before the caller tears the core down.
      await chain;
    },
  };
}
