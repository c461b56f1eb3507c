import { assign } from 'xstate';
import { createDesaRequestFlow, roleIn, roleLabel } from '../../../flows/desa-request.ts';
import { villageLabel } from '../../../flows/questions/village.ts';
import { queueNotice } from '../../delivery/notices.ts';
import { newReferralCode } from '../../domain/codes.ts';
import { regionLabel } from '../../domain/region.ts';
import type { CommandHandler, TurnApi } from '../../engine/bot.ts';
import type { CommandId } from '../../engine/command-table.ts';
import type { TurnMeta } from '../../engine/flow-types.ts';
import type { FlowDefinition } from '../../engine/run-flow.ts';
import { auditStore } from '../../store/audit.ts';
import { normalizeCommunityName } from '../../store/create-community.ts';
import type { Db } from '../../store/db.ts';
import { type DesaRole, desaRequestStore } from '../../store/desa-requests.ts';
import { operatorStore } from '../../store/operators.ts';
import { clip } from '../../util/clip.ts';
import { approveDesaRequest, declineDesaRequest, regionHolds } from './decisions.ts';

/** What the desa request feature needs from the app. */
export interface RequestDeps {
  db: Db;
  /** `channel:chatId` keys of the super-admins, who decide every request; operators decide their region's (`operators`). */
  superAdmins: readonly string[];
  target: number;
  linkTargets: () => { telegramUsername?: string; whatsappNumber?: string };
}

/** The app's settings plus the opened stores, handed to the request handlers. */
interface RequestContext {
  deps: RequestDeps;
  requests: ReturnType<typeof desaRequestStore>;
  audit: ReturnType<typeof auditStore>;
  operators: ReturnType<typeof operatorStore>;
}

/** Self-serve desa community requests: the request flow, and the super-admins' `setujui` / `tolak` in chat. */
export function desaRequestFeature(deps: RequestDeps) {
  const ctx: RequestContext = {
    deps,
    requests: desaRequestStore(deps.db),
    audit: auditStore(deps.db),
    operators: operatorStore(deps.db),
  };
  const flow = createDesaRequestFlow({ normalizeName: normalizeCommunityName });
  const requestFlow: FlowDefinition = {
    ...flow,
    machine: flow.machine.provide({
      actions: {
        submitRequest: assign(({ context, event }) => submitRequest(ctx, context as RequestDraft, (event as { meta: TurnMeta }).meta)),
      },
    }),
  };
  const startRequest = (turn: TurnApi, words?: string) => startDesaRequest(ctx, turn, words);
  const commands: Partial<Record<CommandId, CommandHandler>> = {
    desa_request: (turn) => {
      startRequest(turn, turn.text);
      return true;
    },
    desa_approve: (turn, code) => approveCommand(ctx, turn, code),
    desa_decline: (turn, arg) => declineCommand(ctx, turn, arg),
    desa_requests: (turn) => listCommand(ctx, turn),
  };
  return {
    flows: [requestFlow],
    commands,
    startRequest,
    hasOpenRequest: (userKey: string) => ctx.requests.openOf(userKey) !== undefined,
  };
}

/** What the request flow has gathered when it submits. */
type RequestDraft = { role?: DesaRole; villageCode?: string; name?: string; note?: string | null };

/** Who is told about a request from this village: super-admins and the operators whose region holds it, each once. */
function reviewers({ deps, operators }: RequestContext, villageCode: string): string[] {
  return [...new Set([...deps.superAdmins, ...operators.ofVillage(villageCode)])];
}

/**
 * The region a user may decide requests in: null for every region (a super-admin, an operator of all regions), an
 * operator's region code, or undefined when they decide nothing (so `setujui` goes on to whatever else it may mean).
 */
function decidingRegion({ operators }: RequestContext, turn: TurnApi): string | null | undefined {
  if (turn.isAdmin) return null;
  const op = operators.get(turn.user.key);
  return op ? op.region : undefined;
}

/** Stores the request under a fresh `REQ-` code, audits it and tells its reviewers. */
function submitRequest(ctx: RequestContext, c: RequestDraft, meta: TurnMeta) {
  const { deps, requests, audit } = ctx;
  if (!c.role || !c.villageCode || !c.name) throw new Error('desa request submitted incomplete');
  let code = newReferralCode().replace(/^DFT-/, 'REQ-');
  while (requests.byCode(code)) code = newReferralCode().replace(/^DFT-/, 'REQ-');
  requests.insert({
    code,
    requester_key: meta.userKey,
    role: c.role,
    village_code: c.villageCode,
    name: c.name,
    note: c.note ?? null,
    created_at: meta.now,
  });
  audit.record(meta.userKey, 'desa.request', `request=${code} village=${c.villageCode} role=${c.role}`, meta.now);
  const params = {
    code,
    role: { key: roleLabel(c.role) },
    village: villageLabel(c.villageCode),
    name: c.name,
    note: c.note ?? '-',
    requester: meta.userKey,
  };
  for (const key of reviewers(ctx, c.villageCode)) queueNotice(deps.db, key, 'village.req.notice', params, meta.now);
  return { code };
}

/** Starts a request, unless one is already waiting; the role is taken from the words when they name it. */
function startDesaRequest({ requests }: RequestContext, turn: TurnApi, words?: string): void {
  const waiting = requests.openOf(turn.user.key);
  if (waiting) {
    turn.reply('village.req.already_waiting', { code: waiting.code });
    return;
  }
  // Starting the request pauses an open flow (a registration): say it is kept and how to go back to it.
  const open = turn.openFlow?.();
  if (open && open.id !== 'desa-request') turn.reply('village.req.paused', { flow: { key: open.titleKey } });
  const role = words ? roleIn(words) : undefined;
  turn.startFlow('desa-request', role ? { role } : {});
}

/** Whether a decision went through; otherwise tells the admin why not (unknown code, already decided). */
function decided(turn: TurnApi, typed: string, r: ReturnType<typeof approveDesaRequest>): boolean {
  if (r.ok) return true;
  if (r.why === 'unknown') turn.reply('village.req.unknown', { code: clip(typed, 20) });
  else if (r.why === 'region') turn.reply('village.req.out_of_region', { code: r.request.code, region: regionLabel(r.region) });
  else turn.reply('village.req.already_decided', { code: r.request?.code ?? '', status: r.request?.status ?? '' });
  return false;
}

/** `setujui <code>`: a super-admin, or an operator of the request's region, approves it, which creates its community. */
function approveCommand(ctx: RequestContext, turn: TurnApi, code: string | undefined): boolean {
  const { deps } = ctx;
  const region = decidingRegion(ctx, turn);
  if (region === undefined || !code) return false;
  const r = approveDesaRequest(
    { db: deps.db, by: turn.user.key, now: turn.meta.now, target: deps.target, linkTargets: deps.linkTargets(), region },
    code,
  );
  if (decided(turn, code, r) && r.ok && r.community)
    turn.reply('village.req.approve_done', { code: r.request.code, name: r.community.name, community: r.community.code });
  return true;
}

/** `tolak <code> <reason>`: a super-admin, or an operator of the request's region, declines it with a reason. */
function declineCommand(ctx: RequestContext, turn: TurnApi, arg: string | undefined): boolean {
  const { deps } = ctx;
  const region = decidingRegion(ctx, turn);
  if (region === undefined) return false;
  const m = /^(\S+)\s+(.{3,300})$/s.exec((arg ?? '').trim());
  if (!m) {
    turn.reply('village.req.decline_usage');
    return true;
  }
  const r = declineDesaRequest({ db: deps.db, by: turn.user.key, now: turn.meta.now, region }, m[1] ?? '', m[2] ?? '');
  if (decided(turn, m[1] ?? '', r) && r.ok) turn.reply('village.req.decline_done', { code: r.request.code });
  return true;
}

/** Lists the first 20 requests waiting for this user's decision (an operator: those of their region). */
function listCommand(ctx: RequestContext, turn: TurnApi): boolean {
  const region = decidingRegion(ctx, turn);
  if (region === undefined) return false;
  const waiting = ctx.requests.pending().filter((r) => regionHolds(region, r.village_code));
  if (waiting.length === 0) turn.reply('village.req.none_waiting');
  else
    turn.reply('village.req.waiting', {
      count: waiting.length,
      lines: {
        lines: waiting.slice(0, 20).map((r) => ({
          key: 'village.req.waiting_line' as const,
          params: { code: r.code, name: r.name, village: villageLabel(r.village_code), role: { key: roleLabel(r.role) } },
        })),
      },
    });
  return true;
}
