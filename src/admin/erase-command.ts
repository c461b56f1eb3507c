import { parseArgs } from 'node:util';
import { normalizeReferralCode } from '../domain/codes.ts';
import { auditStore } from '../store/audit.ts';
import { truncateWal } from '../store/checkpoint.ts';
import { erasureStore } from '../store/erasure.ts';
import { referralStore } from '../store/referrals.ts';
import { type AdminContext, AdminError } from './referral-commands.ts';

/**
 * `erase CODE`: removes a referral's personal fields (name, NIK, phone, KPJ, reason) for a person who asked
 * (UU 27/2022), audited; its anonymous counts stay. The WAL is truncated after, so the old pages leave the disk.
 */
export function eraseCommand(ctx: AdminContext, args: string[]): void {
  const { positionals } = parseArgs({ args, allowPositionals: true, strict: true });
  const [raw, ...extra] = positionals;
  if (!raw || extra.length > 0) throw new AdminError('Usage: erase CODE   (e.g. erase DFT-7K3Q9)');
  const code = normalizeReferralCode(raw);
  const r = code ? referralStore(ctx.db).byCode(code) : undefined;
  if (!r) throw new AdminError(`No referral with code "${raw}".`);
  const erased = ctx.db.transaction(() => {
    const done = erasureStore(ctx.db).eraseReferral(r.code, ctx.now);
    if (done) auditStore(ctx.db).record(ctx.actor, 'erase.referral', r.code, ctx.now);
    return done;
  })();
  if (!erased) throw new AdminError(`${r.code} was already erased.`);
  // When the bot holds the database this fails quietly: its retention job truncates the WAL soon after.
  truncateWal(ctx.db);
  ctx.out(`${r.code} erased: name, NIK, phone, KPJ and reason removed; it is no longer exported (only counted in statistics).`);
}
