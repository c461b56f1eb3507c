import { assign } from 'xstate';
import { createEraseFlow, type EraseTarget } from '../../flows/erase.ts';
import { normalizeReferralCode } from '../domain/codes.ts';
import { phoneFromWhatsAppId } from '../domain/phone.ts';
import type { CommandHandler } from '../engine/bot.ts';
import type { CommandId } from '../engine/command-table.ts';
import type { TurnMeta } from '../engine/flow-types.ts';
import type { FlowDefinition } from '../engine/run-flow.ts';
import { auditStore } from '../store/audit.ts';
import type { Db } from '../store/db.ts';
import { erasureStore, type Person } from '../store/erasure.ts';
import { referralStore } from '../store/referrals.ts';
import { clip } from '../util/clip.ts';

/** The person behind a chat: WhatsApp chat ids carry the phone number, so their referrals as a worker are found by it. */
function personOf(userKey: string): Person {
  const at = userKey.indexOf(':');
  const channel = userKey.slice(0, at);
  const chatId = userKey.slice(at + 1);
  return { key: userKey, channel, chatId, phone: channel === 'whatsapp' ? phoneFromWhatsAppId(chatId) : undefined };
}

/** Erasure in chat (UU 27/2022): `hapus KODE` for a referral one made, `hapus data saya` for oneself; both confirmed first. */
export function privacyFeature(deps: { db: Db }): {
  flows: FlowDefinition[];
  commands: Partial<Record<CommandId, CommandHandler>>;
} {
  const referrals = referralStore(deps.db);
  const erasure = erasureStore(deps.db);
  const audit = auditStore(deps.db);

  const eraseNow = (target: EraseTarget, meta: TurnMeta): number => {
    if (target.kind === 'referral') {
      // Checked again at confirmation time: only its referrer erases a referral in chat.
      if (referrals.byCode(target.code)?.referrer_key !== meta.userKey) throw new Error('erasing a referral the user did not make');
      erasure.eraseReferral(target.code, meta.now);
      audit.record(meta.userKey, 'erase.referral', target.code, meta.now);
      return 1;
    }
    const person = personOf(meta.userKey);
    const r = erasure.erasePerson(person, meta.now);
    // Counts only: the audit trail must not keep who asked to be forgotten.
    audit.record('chat', 'erase.person', `channel=${person.channel} referrals=${r.referrals} drafts=${r.drafts}`, meta.now);
    return r.referrals;
  };

  const erase = createEraseFlow();
  const eraseFlow: FlowDefinition = {
    ...erase,
    machine: erase.machine.provide({
      actions: {
        erase: assign(({ context, event }) => ({
          erased: eraseNow((context as { target: EraseTarget }).target, (event as { meta: TurnMeta }).meta),
        })),
      },
    }),
  };

  /** `hapus KODE`: a referral this user made and not yet erased; a word that is no code lets the next command try. */
  const eraseReferral: CommandHandler = (turn, typed) => {
    const code = normalizeReferralCode(typed ?? '');
    if (!code) return false;
    const r = referrals.byCode(code);
    const erased = (r as { erased_at?: number | null } | undefined)?.erased_at != null;
    if (!r || r.referrer_key !== turn.user.key || erased) turn.reply('erase.unknown', { code: clip(typed ?? '', 20) });
    else turn.startFlow('erase', { target: { kind: 'referral', code: r.code, name: r.worker_name } satisfies EraseTarget });
    return true;
  };

  /** `hapus data saya`: everything about this user, after saying what goes and what stays. */
  const eraseMe: CommandHandler = (turn) => {
    const referralsAsWorker = erasure.referralsOfWorker(personOf(turn.user.key)).length;
    turn.startFlow('erase', { target: { kind: 'me', referrals: referralsAsWorker } satisfies EraseTarget });
    return true;
  };

  return { flows: [eraseFlow], commands: { erase_referral: eraseReferral, erase_me: eraseMe } };
}
