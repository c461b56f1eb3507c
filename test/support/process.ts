import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root, where `npm start` runs. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** `npm start` as a user runs it, in its own process group so a kill reaches tsx and node too. */
export class BotProcess {
  readonly child: ChildProcessWithoutNullStreams;
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  /** `command` defaults to `npm start`; the README's systemd unit runs node directly, so its exit code is the bot's. */
  constructor(env: Record<string, string>, command: readonly string[] = ['npm', 'start', '--silent']) {
    const [program = 'npm', ...args] = command;
    this.child = spawn(program, args, {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'info', ...env },
      detached: true,
    });
    this.child.stdout.on('data', (d: Buffer) => {
      this.stdout += d.toString();
    });
    this.child.stderr.on('data', (d: Buffer) => {
      this.stderr += d.toString();
    });
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Resolves once stdout (from `from` on) contains `text`; rejects after `timeoutMs` with what was seen. */
  async waitFor(text: string, from = 0, timeoutMs = 30_000): Promise<string> {
    await this.until('stdout', (out) => out.slice(from).includes(text) || undefined, `${JSON.stringify(text)} on stdout`, timeoutMs);
    return this.stdout.slice(from);
  }

  /** Resolves with the first match of `pattern` on stderr; rejects after `timeoutMs` with what was seen. */
  stderrMatch(pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> {
    return this.until('stderr', (err) => pattern.exec(err) ?? undefined, `${pattern} on stderr`, timeoutMs);
  }

  /** Checks `found` on the stream's text as each chunk arrives (no polling); fails at the deadline or when the process is gone. */
  private until<T>(stream: 'stdout' | 'stderr', found: (text: string) => T | undefined, what: string, timeoutMs: number): Promise<T> {
    const first = found(this[stream]);
    if (first !== undefined) return Promise.resolve(first);
    return new Promise<T>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.child[stream].off('data', check);
        this.child.off('close', gone);
      };
      const fail = (why: string) => {
        done();
        reject(new Error(`${why} waiting for ${what}\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`));
      };
      // Registered after the constructor's listener, so this[stream] already holds the chunk.
      const check = () => {
        const hit = found(this[stream]);
        if (hit === undefined) return;
        done();
        resolve(hit);
      };
      const gone = () => fail('the process ended');
      const timer = setTimeout(() => fail('timed out'), timeoutMs);
      this.child[stream].on('data', check);
      this.child.once('close', gone);
    });
  }

  /** True until the process has exited or been killed. */
  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Types one line and waits for `expect` in the answer. */
  async say(line: string, expect: string): Promise<string> {
    const from = this.stdout.length;
    this.child.stdin.write(`${line}\n`);
    return this.waitFor(expect, from);
  }

  /** Kills the whole process group with a signal. */
  kill(signal: NodeJS.Signals): void {
    try {
      if (this.child.pid) process.kill(-this.child.pid, signal);
    } catch (err) {
      // The group is already gone (it exited or was killed): nothing left to signal.
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    }
  }
}
