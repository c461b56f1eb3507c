import { randomInt } from 'node:crypto';

/** Characters of a referral code: no 0/O, 1/I/L, which people misread and mistype for each other. */
export const REFERRAL_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** The fixed prefix of every referral code. */
export const REFERRAL_PREFIX = 'DFT';

const PAYLOAD_LENGTH = 5;
const PAYLOAD = new RegExp(`^[${REFERRAL_ALPHABET}]{${PAYLOAD_LENGTH}}$`);

/** A new random code such as `DFT-7KQ2M` (31^5 ≈ 28.6 million codes); the caller checks uniqueness. */
export function newReferralCode(random: (max: number) => number = randomInt): string {
  let payload = '';
  for (let i = 0; i < PAYLOAD_LENGTH; i++) {
    const k = random(REFERRAL_ALPHABET.length);
    if (!Number.isInteger(k) || k < 0 || k >= REFERRAL_ALPHABET.length)
      throw new RangeError(`random(${REFERRAL_ALPHABET.length}) returned ${k}`);
    payload += REFERRAL_ALPHABET[k];
  }
  return `${REFERRAL_PREFIX}-${payload}`;
}

/**
 * The canonical code (`DFT-7KQ2M`) for what a user typed ("dft 7kq2m", "DFT7KQ2M", "7kq2m"), or
 * undefined. Characters outside the alphabet are not "corrected": 0 and O are both excluded (as are
 * 1, I and L), so no mapping between them yields a valid character, and any other guess could match
 * someone else's code and credit the wrong referrer. Such input is refused and the bot asks again.
 */
export function normalizeReferralCode(input: string): string | undefined {
  const s = input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\u200b-\u200d\ufeff\-\u2010-\u2015\u2212_.]/g, '');
  let payload: string;
  if (s.length === REFERRAL_PREFIX.length + PAYLOAD_LENGTH && s.startsWith(REFERRAL_PREFIX)) payload = s.slice(REFERRAL_PREFIX.length);
  else if (s.length === PAYLOAD_LENGTH) payload = s;
  else return undefined;
  return PAYLOAD.test(payload) ? `${REFERRAL_PREFIX}-${payload}` : undefined;
}
