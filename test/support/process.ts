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
    const deadline = Date.now() + timeoutMs;
    while (!this.stdout.slice(from).includes(text)) {
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${JSON.stringify(text)}\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.stdout.slice(from);
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
