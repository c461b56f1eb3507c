import { chmodSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import { normalizeReferralCode } from '../domain/codes.ts';
import type { Vault } from '../domain/vault.ts';
import { decideReferral, type StatusDecision, type StatusRefusal } from '../features/referral-status.ts';
import { referralCsvLines } from '../reports/referral-csv.ts';
import { auditStore } from '../store/audit.ts';
import { copyDatabaseTo } from '../store/backup.ts';
import type { Db } from '../store/db.ts';
import { referralStore, STATUSES, type Status } from '../store/referrals.ts';
import { unansweredStore } from '../store/unanswered.ts';
import { lookup } from '../util/own-key.ts';
import { startOfDayIn } from '../util/time.ts';
import { AdminError } from './admin-error.ts';
import { newOutputFile } from './output-file.ts';

export { AdminError };

/** Where admin output goes, and what the commands need. */
export interface AdminContext {
  db: Db;
  vault: Vault;
  out: (text: string) => void;
  err: (text: string) => void;
  now: number;
  timeZone: string;
  /** Who runs the command, for the audit trail. */
  actor: string;
  /** The loaded configuration, for commands that need sign-up links or targets. */
  config?: Config;
}

const STATUS_ALIASES: Record<string, Status> = {
  diajukan: 'diajukan',
  submitted: 'diajukan',
  terdaftar: 'terdaftar',
  registered: 'terdaftar',
  ditolak: 'ditolak',
  rejected: 'ditolak',
  dibatalkan: 'dibatalkan',
  withdrawn: 'dibatalkan',
  cancelled: 'dibatalkan',
};

/** `npm run admin -- export [--status S] [--since YYYY-MM-DD] [--reveal-nik]`: CSV on stdout. */
export function exportReferrals(ctx: AdminContext, args: string[]): void {
  const { values } = parseArgs({
    args,
    options: { status: { type: 'string' }, since: { type: 'string' }, 'reveal-nik': { type: 'boolean', default: false } },
    strict: true,
  });
  const status = values.status === undefined ? undefined : lookup(STATUS_ALIASES, values.status.toLowerCase());
  if (values.status !== undefined && !status)
    throw new AdminError(
      `Unknown status "${values.status}". Use one of: ${STATUSES.join(', ')} (or registered, rejected, submitted, withdrawn).`,
    );
  let since = 0;
  if (values.since !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values.since) || Number.isNaN(Date.parse(`${values.since}T00:00:00Z`)))
      throw new AdminError(`--since wants a date as YYYY-MM-DD, got "${values.since}".`);
    // The day starts at midnight in the bot's time zone.
    since = startOfDayIn(ctx.timeZone, values.since);
  }
  const reveal = values['reveal-nik'] === true;
  // Audit first: whatever happens while printing, a reveal that showed even one NIK is on record.
  if (reveal) auditStore(ctx.db).record(ctx.actor, 'export.reveal_nik', `status=${status ?? '*'} since=${values.since ?? '*'}`, ctx.now);
  const unreadable: string[] = [];
  const open = reveal ? (sealed: string) => ctx.vault.decrypt(sealed) : undefined;
  for (const line of referralCsvLines(ctx.db, { status, since }, open, (code) => unreadable.push(code))) ctx.out(line);
  if (unreadable.length > 0)
    throw new AdminError(
      `${unreadable.length} NIK(s) could not be decrypted (marked UNREADABLE): ${unreadable.join(', ')}. The key may be wrong or the data altered; see SECURITY.md.`,
    );
}

/** `mark CODE registered --kpj 11DIGITS` or `mark CODE rejected --reason "…"`: updates and tells the referrer. */
export function markReferral(ctx: AdminContext, args: string[]): void {
  const { values, positionals } = parseArgs({
    args,
    options: { kpj: { type: 'string' }, reason: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [rawCode, rawStatus] = positionals;
  if (!rawCode || !rawStatus) throw new AdminError('Usage: mark CODE registered --kpj 12345678901 | mark CODE rejected --reason "…"');
  const status = lookup(STATUS_ALIASES, rawStatus.toLowerCase());
  if (!referralStore(ctx.db).byCode(normalizeReferralCode(rawCode) ?? '')) throw new AdminError(`No referral with code "${rawCode}".`);
  if (status !== 'terdaftar' && status !== 'ditolak')
    throw new AdminError(`Status must be "registered" or "rejected", got "${rawStatus}".`);
  const decision: StatusDecision =
    status === 'terdaftar' ? { to: status, kpj: values.kpj ?? '' } : { to: status, reason: values.reason ?? '' };
  const outcome = decideReferral(ctx.db, rawCode, decision, ctx.actor, ctx.now);
  if (!outcome.ok) {
    const r = outcome.referral;
    const why: Record<StatusRefusal, string> = {
      unknown_code: `No referral with code "${rawCode}".`,
      not_open: `${r?.code} is already "${r?.status}"; only "diajukan" referrals can be marked.`,
      bad_kpj: `--kpj must be the 11-digit KPJ number, got "${values.kpj ?? ''}".`,
      no_reason: '--reason is required for rejected: say what the referrer should fix.',
    };
    throw new AdminError(why[outcome.refusal]);
  }
  const code = outcome.referral.code;
  ctx.out(
    outcome.changed
      ? `${code} → ${status}; the referrer will be told by the running bot.`
      : `${code} is already ${status}; nothing changed.`,
  );
}

/** `audit [--limit N]`: the newest audit entries. */
export function listAudit(ctx: AdminContext, args: string[]): void {
  const { values } = parseArgs({ args, options: { limit: { type: 'string', default: '100' } }, strict: true });
  for (const a of auditStore(ctx.db).recent(Number(values.limit) || 100))
    ctx.out(`${new Date(a.at).toISOString()}\t${a.actor}\t${a.action}\t${a.detail}`);
}

/** `unanswered [--limit N] [--since YYYY-MM-DD]`: questions the FAQ could not answer, newest first (personal data already stripped). */
export function listUnanswered(ctx: AdminContext, args: string[]): void {
  const { values } = parseArgs({ args, options: { limit: { type: 'string', default: '100' }, since: { type: 'string' } }, strict: true });
  let since = 0;
  if (values.since !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values.since) || Number.isNaN(Date.parse(`${values.since}T00:00:00Z`)))
      throw new AdminError(`--since wants a date as YYYY-MM-DD, got "${values.since}".`);
    since = startOfDayIn(ctx.timeZone, values.since);
  }
  const rows = unansweredStore(ctx.db).recent(Number(values.limit) || 100, since);
  if (rows.length === 0) ctx.err('No unanswered questions.');
  for (const r of rows) ctx.out(`${new Date(r.at).toISOString()}\t${r.locale}\t${r.question.replace(/[\t\r\n]+/g, ' ')}`);
}

/** `backup FILE`: a consistent copy of the live database, safe while the bot runs (see `copyDatabaseTo`). */
export function backupDatabase(ctx: AdminContext, args: string[]): void {
  const { positionals } = parseArgs({ args, allowPositionals: true, strict: true });
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new AdminError('Usage: backup FILE   (a new file; an existing one is never overwritten)');
  const target = newOutputFile(file);
  try {
    copyDatabaseTo(ctx.db, target);
  } catch (e) {
    throw new AdminError(`Could not write the backup to ${target}: ${(e as Error).message}`);
  }
  // The copy holds personal data, like the database itself.
  chmodSync(target, 0o600);
  const bytes = statSync(target).size;
  auditStore(ctx.db).record(ctx.actor, 'backup', `file=${target} bytes=${bytes}`, ctx.now);
  ctx.out(`Backup written to ${target} (${(bytes / 1e6).toFixed(1)} MB).`);
  ctx.out(
    'NIKs in it stay sealed: keep the data key (DATA_KEY or secret.key) to restore. Restore: stop the bot, put the file at DATABASE_PATH, start.',
  );
}
