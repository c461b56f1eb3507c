import { assign } from 'xstate';
import { createRegistrationFlow, type RegistrationDraft } from '../../../flows/registration.ts';
import { createWithdrawFlow } from '../../../flows/withdraw.ts';
import { phoneFromWhatsAppId } from '../../domain/phone.ts';
import type { TurnMeta } from '../../engine/flow-types.ts';
import type { FlowDefinition } from '../../engine/run-flow.ts';
import type { ReferralCtx } from './context.ts';
import { submitReferral } from './submit.ts';

/** The registration flow, wired to the vault, the duplicate check and the referral store (plus the share links). */
export function registrationFlow(ctx: ReferralCtx): FlowDefinition {
  const { deps, referrals } = ctx;
  const registration = createRegistrationFlow({
    minAge: deps.minAge,
    maxAge: deps.maxAge,
    seal: (nik) => deps.vault.encrypt(nik),
    unseal: (sealed) => deps.vault.decrypt(sealed),
    hash: (nik) => deps.vault.hmac(nik),
    existingReferral: (hash) => {
      const r = referrals.openByNikHash(hash);
      return r && { status: r.status, code: r.code, referrerKey: r.referrer_key };
    },
    referrerPhone: (userKey) => (userKey.startsWith('whatsapp:') ? phoneFromWhatsAppId(userKey.slice('whatsapp:'.length)) : undefined),
  });
  return {
    ...registration,
    machine: registration.machine.provide({
      actions: {
        submit: assign(({ context, event }) => completeRegistration(ctx, context as RegistrationDraft, (event as { meta: TurnMeta }).meta)),
      },
    }),
  };
}

/**
 * The registration's last step: stores the referral (contribution computed, community attributed) and gives the
 * referrer their own share code and links. Also what bench/peer's wizard calls, so only the engine differs there.
 */
export function completeRegistration(
  ctx: ReferralCtx,
  draft: RegistrationDraft,
  meta: TurnMeta,
): { code: string; share: { code: string; links: string } | undefined } {
  const code = submitReferral(ctx, draft, meta);
  const share = ctx.deps.share?.(meta.userKey, meta.now);
  const links = [share?.links.telegram, share?.links.whatsapp].filter((l): l is string => Boolean(l));
  return { code, share: share && { code: share.code, links: links.map((l) => `• ${l}`).join('\n') } };
}

/** The withdraw flow, wired to cancel the referral if it is still open at confirmation. */
export function withdrawFlow(ctx: ReferralCtx): FlowDefinition {
  const withdraw = createWithdrawFlow();
  return {
    ...withdraw,
    machine: withdraw.machine.provide({
      actions: {
        withdraw: ({ context, event }) => {
          const { code } = context as { code: string };
          const r = ctx.referrals.byCode(code);
          // Checked again at confirmation time: an operator may have processed it meanwhile.
          if (r?.status !== 'diajukan') throw new Error('referral no longer withdrawable');
          ctx.referrals.setStatus(code, 'dibatalkan', (event as { meta: TurnMeta }).meta.now);
        },
      },
    }),
  };
}
