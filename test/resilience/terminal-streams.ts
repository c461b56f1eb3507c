import { PassThrough } from 'node:stream';
import { createTerminalChannel } from '../../src/channels/terminal.ts';

/** The terminal channel on in-memory streams: `say()` types a line and resolves with the output it produced. */
export function terminalOnStreams() {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  const waiters = new Set<() => void>();
  output.on('data', (d: Buffer) => {
    printed += d.toString();
    for (const w of [...waiters]) w();
  });
  const channel = createTerminalChannel({ input, output, userId: 'local', interactive: false, fileDir: '/nonexistent' });
  return {
    channel,
    say(line: string, expected: string): Promise<string> {
      const from = printed.length;
      input.write(`${line}\n`);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`terminal never printed ${expected}: ${printed.slice(from)}`)), 5_000);
        const check = () => {
          if (!printed.slice(from).includes(expected)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(printed.slice(from));
        };
        waiters.add(check);
        check();
      });
    },
  };
}
