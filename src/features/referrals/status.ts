import type { TurnApi } from '../../engine/bot.ts';
import type { MessageKey } from '../../i18n.ts';
import { todayIn } from '../../util/time.ts';
import type { ReferralCtx } from './context.ts';

/** `status`: the user's referrals, one line each, with a hint to withdraw an open one. */
export function showStatus(ctx: ReferralCtx, turn: TurnApi): void {
  const rows = ctx.referrals.byReferrer(turn.user.key);
  if (rows.length === 0) {
    turn.reply('status.none');
    return;
  }
  const lines = rows.map((r, i) => ({
    key: (r.status === 'terdaftar' ? 'status.line_registered' : 'status.line') as MessageKey,
    params: {
      n: i + 1,
      code: r.code,
      name: r.worker_name,
      date: { date: todayIn(ctx.deps.timeZone, r.created_at) },
      status: { key: `status.${r.status}` as MessageKey },
      kpj: r.kpj ?? '',
    },
  }));
  turn.reply('status.list', { count: rows.length, lines: { lines } });
  if (rows.some((r) => r.status === 'diajukan'))
    turn.reply('status.withdraw_hint', { code: rows.find((r) => r.status === 'diajukan')?.code ?? '' });
}
