import type { TurnApi } from '../../engine/bot.ts';
import { communityCsv } from '../../reports/referral-csv.ts';
import { type CommunityCtx, managedCommunities } from './context.ts';

/** `unduh`: each managed community's referrals as a CSV document, every export audited. */
export function sendCsv(ctx: CommunityCtx, turn: TurnApi): void {
  const list = managedCommunities(ctx, turn);
  if (list.length === 0) {
    turn.reply('comm.none');
    return;
  }
  for (const c of list) {
    const csv = communityCsv(ctx.deps.db, c.id);
    ctx.audit.record(turn.user.key, 'export.chat', `community=${c.code} rows=${csv.rows}`, turn.meta.now);
    turn.reply('comm.csv', { name: c.name, rows: csv.rows });
    turn.attach({ document: { content: Buffer.from(csv.text, 'utf8'), filename: `daftarin-${c.code}-${turn.meta.today}.csv` } });
  }
}
