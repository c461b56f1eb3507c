import { dirname, join } from 'node:path';
import { ConfigError, loadConfig } from '../config.ts';
import { openVault } from '../domain/vault.ts';
import { openDatabase } from '../store/db.ts';
import { type AdminContext, AdminError, exportReferrals, listAudit, listUnanswered, markReferral } from './commands.ts';

const USAGE = `daftarin admin — usage: npm run admin -- <command>
  export [--status S] [--since YYYY-MM-DD] [--reveal-nik]   referrals as CSV on stdout
  mark CODE registered --kpj 12345678901                     mark registered and tell the referrer
  mark CODE rejected --reason "…"                            mark rejected and tell the referrer
  audit [--limit N]                                          the audit trail, newest first
  unanswered [--limit N] [--since YYYY-MM-DD]                questions the FAQ could not answer, newest first`;

const commands: Record<string, (ctx: AdminContext, args: string[]) => void> = {
  export: exportReferrals,
  mark: markReferral,
  audit: listAudit,
  unanswered: listUnanswered,
};

/** Runs one admin command; returns the process exit code. */
export function runAdmin(
  argv: string[],
  base: Omit<AdminContext, 'db' | 'vault' | 'now' | 'timeZone' | 'actor'> & { env?: NodeJS.ProcessEnv },
): number {
  const [name, ...args] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    base.err(name && name !== 'help' && name !== '--help' ? `Unknown command "${name}".\n\n${USAGE}` : USAGE);
    return name && name !== 'help' && name !== '--help' ? 1 : 0;
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(base.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      base.err(e.message);
      return 1;
    }
    throw e;
  }
  const db = openDatabase(config.DATABASE_PATH);
  try {
    const vault = openVault({ dataKeyHex: config.DATA_KEY, keyFile: join(dirname(config.DATABASE_PATH), 'secret.key'), warn: base.err });
    command({ ...base, db, vault, now: Date.now(), timeZone: config.TIMEZONE, actor: `cli:${process.env.USER ?? 'operator'}` }, args);
    return 0;
  } catch (e) {
    if (e instanceof AdminError || (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))) {
      base.err(e.message);
      return 1;
    }
    throw e;
  } finally {
    db.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = runAdmin(process.argv.slice(2), {
    out: (s) => process.stdout.write(`${s}\n`),
    err: (s) => process.stderr.write(`${s}\n`),
  });
}
