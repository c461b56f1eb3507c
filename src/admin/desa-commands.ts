import { parseArgs } from 'node:util';
import { villageByCode } from '../domain/areas.ts';
import { regionLabel } from '../domain/region.ts';
import { approveDesaRequest, declineDesaRequest } from '../features/villages/decisions.ts';
import { t } from '../i18n.ts';
import { desaRequestStore } from '../store/desa-requests.ts';
import { operatorStore } from '../store/operators.ts';
import { AdminError } from './admin-error.ts';
import type { AdminContext } from './referral-commands.ts';

const USAGE = 'Usage: desa list | desa approve REQ-XXXXX [--as channel:chatId] | desa decline REQ-XXXXX --reason "…" [--as channel:chatId]';

/**
 * Who decides and within which region: `--as channel:chatId` decides as that super-admin (every region) or operator
 * (their region only, so an operator of another region is refused as in chat); without it, the shell user decides.
 */
function decider(ctx: AdminContext, as: string | undefined): { by: string; region: string | null } {
  if (as === undefined) return { by: ctx.actor, region: null };
  if ([...(ctx.config?.ADMIN_IDS ?? []), `terminal:${ctx.config?.TERMINAL_USER ?? 'local'}`].includes(as)) return { by: as, region: null };
  const op = operatorStore(ctx.db).get(as);
  if (!op) throw new AdminError(`${as} is neither a super-admin nor an operator (operator add ${as} --region 36.71).`);
  return { by: as, region: op.region };
}

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
  const { values } = parseArgs({ args: rest, options: { reason: { type: 'string' }, as: { type: 'string' } }, strict: true });
  const base = { db: ctx.db, now: ctx.now, ...decider(ctx, values.as) };
  let result: ReturnType<typeof approveDesaRequest>;
  if (sub === 'approve') {
    const linkTargets = { telegramUsername: ctx.config?.TELEGRAM_BOT_USERNAME, whatsappNumber: ctx.config?.WHATSAPP_NUMBER };
    result = approveDesaRequest({ ...base, target: ctx.config?.DESA_TARGET ?? 100, linkTargets }, code);
  } else {
    const reason = values.reason?.trim() ?? '';
    if (reason.length < 3) throw new AdminError('--reason is required: why the request is declined (the requester is told).');
    result = declineDesaRequest(base, code, reason);
  }
  if (!result.ok) throw new AdminError(refusal(code, result));
  ctx.out(
    result.community
      ? `Approved ${result.request.code}: community "${result.community.name}" with code ${result.community.code}; ${result.request.requester_key} is its admin and was told.`
      : `Declined ${result.request.code}; ${result.request.requester_key} was told why.`,
  );
}

/** Why a decision did not go through, for the operator's terminal (the region refusal in the chat's own words). */
function refusal(code: string, r: Extract<ReturnType<typeof approveDesaRequest>, { ok: false }>): string {
  if (r.why === 'unknown') return `No request "${code}". See: npm run admin -- desa list`;
  if (r.why === 'region') return t('id', 'village.req.out_of_region', { code: r.request.code, region: regionLabel(r.region) });
  return `${code} was already decided (${r.request?.status}).`;
}
