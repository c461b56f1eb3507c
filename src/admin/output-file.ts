import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { AdminError } from './admin-error.ts';

/**
 * The absolute path of a file an admin command is about to create. A relative path means relative to where the
 * operator typed the command (npm runs scripts in the project folder but keeps the caller's in INIT_CWD). An
 * existing file is refused: `qr --out data/secret.key` once overwrote the data key, and with it every NIK.
 */
export function newOutputFile(file: string, env: NodeJS.ProcessEnv = process.env): string {
  const target = resolve(env.INIT_CWD ?? process.cwd(), file);
  if (existsSync(target)) throw new AdminError(`${target} already exists; choose a new file name (existing files are never overwritten).`);
  try {
    mkdirSync(dirname(target), { recursive: true });
  } catch (e) {
    throw new AdminError(`Could not write ${target}: its folder cannot be created (${(e as Error).message}).`);
  }
  return target;
}
