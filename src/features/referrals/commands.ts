import { normalizeReferralCode } from '../../domain/codes.ts';
import { sectorOf } from '../../domain/occupations.ts';
import type { TurnApi } from '../../engine/bot.ts';
import type { Intent } from '../../engine/intents.ts';
import type { MessageKey } from '../../i18n.ts';
import { clip } from '../../util/clip.ts';
import type { ReferralCtx } from './context.ts';

/** "mau daftarin tukang bakso": the registration, for whom the words said (else asked), the occupation prefilled. */
export function registerAsWanted(turn: TurnApi, intent: Intent): boolean {
  if (intent.kind !== 'register') return false;
  const { forWhom, occupation } = intent;
  const prefill = occupation && occupation !== 'lainnya' ? { occupation, sector: sectorOf(occupation) } : undefined;
  turn.startFlow('registration', { ...(forWhom && { forWhom }), ...(prefill && { prefill }) });
  return true;
}

/** `tarik KODE`: withdraw one's own open referral (words in locales/commands.json). */
export function withdrawCommand(ctx: ReferralCtx, turn: TurnApi, typed: string | undefined): boolean {
  const code = normalizeReferralCode(typed ?? '');
  const r = code ? ctx.referrals.byCode(code) : undefined;
  if (!r || r.referrer_key !== turn.user.key) turn.reply('withdraw.unknown', { code: clip(typed ?? '', 20) });
  else if (r.status !== 'diajukan') turn.reply('withdraw.not_open', { code: r.code, status: { key: `status.${r.status}` as MessageKey } });
  else turn.startFlow('withdraw', { code: r.code, name: r.worker_name });
  return true;
}
