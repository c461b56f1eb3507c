import { dirname, join } from 'node:path';
import { ConfigError, loadConfig } from '../config.ts';
import { warmAreas } from '../domain/areas.ts';
import { statusCommand } from '../health/status.ts';
import { openDataVault } from '../store/data-key.ts';
import { type Db, openDatabase } from '../store/db.ts';
import { lookup } from '../util/own-key.ts';
import { communityCommand, qrCommand, statsCommand } from './community-commands.ts';
import { desaCommand } from './desa-commands.ts';
import { eraseCommand } from './erase-command.ts';
import { rotateKeyCommand } from './key-commands.ts';
import { operatorCommand, panelLinkCommand } from './panel-commands.ts';
import { paymentsCommand } from './payment-commands.ts';
import { type AdminContext, backupDatabase, exportReferrals, listAudit, listUnanswered, markReferral } from './referral-commands.ts';
import { remindersCommand } from './reminder-commands.ts';

const USAGE = `daftarin admin — usage: npm run admin -- <command>
  export [--status S] [--since YYYY-MM-DD] [--reveal-nik]   referrals as CSV on stdout
  mark CODE registered --kpj 12345678901                     mark registered and tell the referrer
  mark CODE rejected --reason "…"                            mark rejected and tell the referrer
  erase CODE                                                 erase a referral's personal data (audited; counts stay)
  audit [--limit N]                                          the audit trail, newest first
  unanswered [--limit N] [--since YYYY-MM-DD]                questions the FAQ could not answer, newest first
  community create --name "…" [--admin telegram:123]         create a community; prints its code and sign-up links
  community add-admin CODE channel:chatId                    make someone an admin of a community
  community remove-admin CODE channel:chatId                 remove an admin from a community
  community list                                             every community with its members and admins
  qr CODE --out file.png [--link telegram|whatsapp]          an A4 poster with the sign-up QR code
  desa list | desa approve REQ-… | desa decline REQ-… --reason "…" [--as channel:chatId]
                                                             village community requests (audited; the requester is told)
  stats [--community CODE]                                   figures of one community, or of all
  payments import FILE                                       record payments from a CSV kpj,paid_until (YYYY-MM)
  reminders preview --date YYYY-MM-DD                        print the reminders that would go out that day, without sending
  reminders run                                              queue the reminders due now (the bot also does this by itself)
  backup FILE                                                a consistent copy of the database, safe while the bot runs
  status                                                     each channel's state (from the running bot) and the outbox backlog
  rotate-key [--force]                                       re-encrypt every NIK under a new data key (refused while the bot runs)
  panel-link [--as channel:chatId]                           a one-time web panel login link (10 minutes)
  operator add channel:chatId [--region 36.71]               someone who processes referrals (of a region) in the panel
  operator remove channel:chatId | operator list             remove an operator, list them`;

const commands: Record<string, (ctx: AdminContext, args: string[]) => void> = {
  export: exportReferrals,
  mark: markReferral,
  erase: eraseCommand,
  audit: listAudit,
  unanswered: listUnanswered,
  community: communityCommand,
  qr: qrCommand,
  desa: desaCommand,
  stats: statsCommand,
  payments: paymentsCommand,
  reminders: remindersCommand,
  backup: backupDatabase,
  'rotate-key': rotateKeyCommand,
  'panel-link': panelLinkCommand,
  operator: operatorCommand,
};

/** Runs one admin command; returns the process exit code. */
export function runAdmin(
  argv: string[],
  base: Omit<AdminContext, 'db' | 'vault' | 'now' | 'timeZone' | 'actor'> & { env?: NodeJS.ProcessEnv },
): number {
  const [name, ...args] = argv;
  const command = name ? lookup(commands, name) : undefined;
  if (!command) {
    base.err(name && name !== 'help' && name !== '--help' ? `Unknown command "${name}".\n\n${USAGE}` : USAGE);
    return name && name !== 'help' && name !== '--help' ? 1 : 0;
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(base.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      base.err(`daftarin admin: ${oneLine(e)}`);
      return 1;
    }
    throw e;
  }
  let db: Db | undefined;
  try {
    db = openDatabase(config.DATABASE_PATH);
    const vault = openDataVault(db, {
      dataKeyHex: config.DATA_KEY,
      keyFile: join(dirname(config.DATABASE_PATH), 'secret.key'),
      warn: base.err,
    });
    command(
      { ...base, db, vault, now: Date.now(), timeZone: config.TIMEZONE, actor: `cli:${process.env.USER ?? 'operator'}`, config },
      args,
    );
    return 0;
  } catch (e) {
    // Every failure is one line for the operator (a bad key, an unwritable path, a bad flag), never a stack trace.
    base.err(`daftarin admin: ${oneLine(e)}`);
    return 1;
  } finally {
    db?.close();
  }
}

function oneLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, ' ').trim();
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
// status asks the running bot over HTTP, so it is asynchronous and stays apart from the synchronous commands.
if (isMain && process.argv[2] === 'status')
  process.exitCode = await statusCommand(undefined, {
    out: (s) => process.stdout.write(`${s}\n`),
    err: (s) => process.stderr.write(`${s}\n`),
  });
else if (isMain) {
  // Exports and stats name each desa; the area data is read asynchronously, so load it before the command.
  await warmAreas();
  process.exitCode = runAdmin(process.argv.slice(2), {
    out: (s) => process.stdout.write(`${s}\n`),
    err: (s) => process.stderr.write(`${s}\n`),
  });
}
