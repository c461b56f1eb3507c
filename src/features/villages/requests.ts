import { assign } from 'xstate';
import { createDesaRequestFlow, roleIn, roleLabel, villageLine } from '../../../flows/desa-request.ts';
import { queueNotice } from '../../delivery/notices.ts';
import { newReferralCode } from '../../domain/codes.ts';
import type { CommandHandler, TurnApi } from '../../engine/bot.ts';
import type { CommandId } from '../../engine/command-table.ts';
import type { TurnMeta } from '../../engine/flow-types.ts';
import type { FlowDefinition } from '../../engine/run-flow.ts';
import { auditStore } from '../../store/audit.ts';
import { normalizeCommunityName } from '../../store/create-community.ts';
import type { Db } from '../../store/db.ts';
import { type DesaRole, desaRequestStore } from '../../store/desa-requests.ts';
import { clip } from '../../util/clip.ts';
import { approveDesaRequest, declineDesaRequest } from './decisions.ts';

/** What the desa request feature needs from the app. */
export interface RequestDeps {
  db: Db;
  /** `channel:chatId` keys of the super-admins, who decide requests. */
  superAdmins: readonly string[];
  /**
   * Operators of a region (by village code) who also get requests from it. No operators table exists yet (it may come
   * with the web panel); until then this is absent and super-admins decide everything.
   */
  regionOperators?: (villageCode: string) => readonly string[];
  target: number;
  linkTargets: () => { telegramUsername?: string; whatsappNumber?: string };
}

/** Self-serve desa community requests: the request flow, and the super-admins' `setujui` / `tolak` in chat. */
export function desaRequestFeature(deps: RequestDeps) {
  const requests = desaRequestStore(deps.db);
  const audit = auditStore(deps.db);

  /** Who is told about a request from this village: super-admins and the region's operators, each once. */
  const reviewers = (villageCode: string) => [...new Set([...deps.superAdmins, ...(deps.regionOperators?.(villageCode) ?? [])])];

  const flow = createDesaRequestFlow({ normalizeName: normalizeCommunityName });
  const requestFlow: FlowDefinition = {
    ...flow,
    machine: flow.machine.provide({
      actions: {
        submitRequest: assign(({ context, event }) => {
          const meta = (event as { meta: TurnMeta }).meta;
          const c = context as { role?: DesaRole; villageCode?: string; name?: string; note?: string | null };
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
            village: villageLine(c.villageCode),
            name: c.name,
            note: c.note ?? '-',
            requester: meta.userKey,
          };
          for (const key of reviewers(c.villageCode)) queueNotice(deps.db, key, 'village.req.notice', params, meta.now);
          return { code };
        }),
      },
    }),
  };

  /** Starts a request, unless one is already waiting; the role is taken from the words when they name it. */
  const startRequest = (turn: TurnApi, words?: string) => {
    const open = requests.openOf(turn.user.key);
    if (open) {
      turn.reply('village.req.already_waiting', { code: open.code });
      return;
    }
    const role = words ? roleIn(words) : undefined;
    turn.startFlow('desa-request', role ? { role } : {});
  };

  const decided = (turn: TurnApi, typed: string, r: ReturnType<typeof approveDesaRequest>) => {
    if (r.ok) return true;
    if (r.why === 'unknown') turn.reply('village.req.unknown', { code: clip(typed, 20) });
    else turn.reply('village.req.already_decided', { code: r.request?.code ?? '', status: r.request?.status ?? '' });
    return false;
  };

  const commands: Partial<Record<CommandId, CommandHandler>> = {
    desa_request: (turn) => {
      startRequest(turn, turn.text);
      return true;
    },
    desa_request_about: (turn) => {
      startRequest(turn, turn.text);
      return true;
    },
    desa_approve: (turn, code) => {
      if (!turn.isAdmin || !code) return false;
      const r = approveDesaRequest(
        { db: deps.db, by: turn.user.key, now: turn.meta.now, target: deps.target, linkTargets: deps.linkTargets() },
        code,
      );
      if (decided(turn, code, r) && r.ok && r.community)
        turn.reply('village.req.approve_done', { code: r.request.code, name: r.community.name, community: r.community.code });
      return true;
    },
    desa_decline: (turn, arg) => {
      if (!turn.isAdmin) return false;
      const m = /^(\S+)\s+(.{3,300})$/s.exec((arg ?? '').trim());
      if (!m) {
        turn.reply('village.req.decline_usage');
        return true;
      }
      const r = declineDesaRequest({ db: deps.db, by: turn.user.key, now: turn.meta.now }, m[1] ?? '', m[2] ?? '');
      if (decided(turn, m[1] ?? '', r) && r.ok) turn.reply('village.req.decline_done', { code: r.request.code });
      return true;
    },
    desa_requests: (turn) => {
      if (!turn.isAdmin) return false;
      const waiting = requests.pending();
      if (waiting.length === 0) turn.reply('village.req.none_waiting');
      else
        turn.reply('village.req.waiting', {
          count: waiting.length,
          lines: {
            lines: waiting.slice(0, 20).map((r) => ({
              key: 'village.req.waiting_line' as const,
              params: { code: r.code, name: r.name, village: villageLine(r.village_code), role: { key: roleLabel(r.role) } },
            })),
          },
        });
      return true;
    },
  };

  return { flows: [requestFlow], commands, startRequest, hasOpenRequest: (userKey: string) => requests.openOf(userKey) !== undefined };
}
