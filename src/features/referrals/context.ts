import type { Vault } from '../../domain/vault.ts';
import type { Db } from '../../store/db.ts';
import { type ReferralStore, referralStore } from '../../store/referrals.ts';

/** What the referral feature needs from the app. */
export interface ReferralDeps {
  db: Db;
  vault: Vault;
  minAge: number;
  maxAge: number;
  timeZone: string;
  /** The referrer's community and inviter, stamped on each referral. */
  attribution?: (userKey: string) => { communityId: number | null; attributedTo: string | null };
  /** The referrer's personal invitation code and links, shown after a registration. */
  share?: (userKey: string, now: number) => { code: string; links: { telegram?: string; whatsapp?: string } };
}

/** The app settings and the referral store every referral handler shares. */
export interface ReferralCtx {
  deps: ReferralDeps;
  referrals: ReferralStore;
}

/** Opens the referral store once for the feature's lifetime. */
export function referralContext(deps: ReferralDeps): ReferralCtx {
  return { deps, referrals: referralStore(deps.db) };
}
