import { parseArgs } from 'node:util';
import { villageByCode } from '../domain/areas.ts';
import { approveDesaRequest, declineDesaRequest } from '../features/villages/decisions.ts';
import { desaRequestStore } from '../store/desa-requests.ts';
import { AdminError } from './admin-error.ts';
import type { AdminContext } from './referral-commands.ts';

const USAGE = 'Usage: desa list | desa approve REQ-XXXXX | desa decline REQ-XXXXX --reason "…"';

/** `desa list` (waiting requests), `desa approve CODE`, `desa decline CODE --reason "…"`: the chat's decisions, audited alike. */
export function desaCommand(ctx: AdminContext, args: string[]): void {
  const [sub, code, ...rest] = args;
  if (sub === 'list') {
    const waiting = desaRequestStore(ctx.db).pending();
    if (waiting.length === 0) ctx.out('No village community requests are waiting.');
    for (const r of waiting) {
      const v = villageByCode(r.village_code);
      ctx.out(`${r.code}  ${r.name}  ${r.role}  ${v ? `${v.name}, ${v.district}, ${v.regency}` : r.village_code}  from ${r.requester_key}`);
    }
    return;
  }
  if ((sub !== 'approve' && sub !== 'decline') || !code) throw new AdminError(USAGE);
  const base = { db: ctx.db, by: ctx.actor, now: ctx.now };
  let result: ReturnType<typeof approveDesaRequest>;
  if (sub === 'approve') {
    const linkTargets = { telegramUsername: ctx.config?.TELEGRAM_BOT_USERNAME, whatsappNumber: ctx.config?.WHATSAPP_NUMBER };
    result = approveDesaRequest({ ...base, target: ctx.config?.DESA_TARGET ?? 100, linkTargets }, code);
  } else {
    const { values } = parseArgs({ args: rest, options: { reason: { type: 'string' } }, strict: true });
    const reason = values.reason?.trim() ?? '';
    if (reason.length < 3) throw new AdminError('--reason is required: why the request is declined (the requester is told).');
    result = declineDesaRequest(base, code, reason);
  }
  if (!result.ok)
    throw new AdminError(
      result.why === 'unknown'
        ? `No request "${code}". See: npm run admin -- desa list`
        : `${code} was already decided (${result.request?.status}).`,
    );
  ctx.out(
    result.community
      ? `Approved ${result.request.code}: community "${result.community.name}" with code ${result.community.code}; ${result.request.requester_key} is its admin and was told.`
      : `Declined ${result.request.code}; ${result.request.requester_key} was told why.`,
  );
}
