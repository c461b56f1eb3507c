import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { auditStore } from '../store/audit.ts';
import { paymentStore } from '../store/payments.ts';
import { type AdminContext, AdminError } from './referral-commands.ts';

const USAGE = 'Usage: payments import FILE   (CSV with the columns kpj,paid_until; paid_until as YYYY-MM or YYYY-MM-DD)';

/** One CSV line read as `kpj,paid_until`; a string says what is wrong with it. */
function parseLine(line: string): { kpj: string; month: string } | string {
  const [rawKpj = '', rawUntil = ''] = line.split(/[,;\t]/).map((c) => c.trim().replace(/^"|"$/g, ''));
  const kpj = rawKpj.replace(/[\s.-]/g, '');
  if (!/^\d{11}$/.test(kpj)) return `KPJ must be 11 digits, got "${rawKpj}"`;
  const m = /^(\d{4})-(\d{2})(?:-\d{2})?$/.exec(rawUntil);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return `paid_until must be YYYY-MM or YYYY-MM-DD, got "${rawUntil}"`;
  return { kpj, month: `${m[1]}-${m[2]}` };
}

/** `payments import FILE`: records the last month paid per KPJ from BPJS data, in one transaction; audited. */
function importPayments(ctx: AdminContext, file: string): void {
  // npm runs scripts in the package folder: a relative path means the operator's own folder.
  const path = resolve(process.env.INIT_CWD ?? process.cwd(), file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new AdminError(`Cannot read ${path}.`);
  }
  const payments = paymentStore(ctx.db);
  const problems: string[] = [];
  let recorded = 0;
  ctx.db.transaction(() => {
    for (const [i, line] of text.split(/\r?\n/).entries()) {
      if (!line.trim() || (i === 0 && /kpj/i.test(line))) continue;
      const row = parseLine(line);
      const codes = typeof row === 'string' ? [] : payments.codesByKpj(row.kpj);
      if (typeof row === 'string') problems.push(`line ${i + 1}: ${row}`);
      else if (codes.length === 0) problems.push(`line ${i + 1}: no registered referral has KPJ ${row.kpj}`);
      else {
        for (const code of codes) payments.recordImport(code, row.month, ctx.now);
        recorded++;
      }
    }
    auditStore(ctx.db).record(ctx.actor, 'payments.import', `file=${file} rows=${recorded} problems=${problems.length}`, ctx.now);
  })();
  for (const p of problems) ctx.err(p);
  ctx.out(`${recorded} payment(s) recorded${problems.length > 0 ? `; ${problems.length} line(s) skipped (above)` : ''}.`);
}

/** `npm run admin -- payments import FILE`. */
export function paymentsCommand(ctx: AdminContext, args: string[]): void {
  const [sub, file] = args;
  if (sub !== 'import' || !file) throw new AdminError(USAGE);
  importPayments(ctx, file);
}
