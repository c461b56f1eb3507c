import { assign } from 'xstate';
import { createRegistrationFlow, type RegistrationDraft } from '../../flows/registration.ts';
import { createWithdrawFlow } from '../../flows/withdraw.ts';
import { newReferralCode, normalizeReferralCode } from '../domain/codes.ts';
import { sectorOf } from '../domain/occupations.ts';
import { phoneFromWhatsAppId } from '../domain/phone.ts';
import { computeIuran, contributionInput } from '../domain/rates.ts';
import type { Vault } from '../domain/vault.ts';
import type { CommandHandler, MenuEntry, TurnApi } from '../engine/bot.ts';
import { type CommandId, commandWords } from '../engine/command-table.ts';
import type { TurnMeta } from '../engine/flow-types.ts';
import type { Intent } from '../engine/intents.ts';
import type { FlowDefinition } from '../engine/run-flow.ts';
import type { MessageKey } from '../i18n.ts';
import type { Db } from '../store/db.ts';
import { referralStore } from '../store/referrals.ts';
import { clip } from '../util/clip.ts';
import { todayIn } from '../util/time.ts';

/** Registration, status and withdrawal: the flows and menu entries, wired to the database. */
export function referralFeature(deps: {
  db: Db;
  vault: Vault;
  minAge: number;
  maxAge: number;
  timeZone: string;
  /** The referrer's community and inviter, stamped on each referral. */
  attribution?: (userKey: string) => { communityId: number | null; attributedTo: string | null };
  /** The referrer's personal invitation code and links, shown after a registration. */
  share?: (userKey: string, now: number) => { code: string; links: { telegram?: string; whatsapp?: string } };
}): {
  flows: FlowDefinition[];
  menu: MenuEntry[];
  commands: Partial<Record<CommandId, CommandHandler>>;
} {
  const referrals = referralStore(deps.db);

  const submit = (draft: RegistrationDraft, meta: TurnMeta): string => {
    const choices = contributionInput(draft, meta.today);
    const iuran = computeIuran(choices);
    const attribution = deps.attribution?.(meta.userKey) ?? { communityId: null, attributedTo: null };
    let code = newReferralCode();
    while (referrals.codeExists(code)) code = newReferralCode();
    // A missing field is a bug in the flow, not user input: fail the turn so nothing half-written is stored.
    const need = <T>(v: T | undefined, field: string): T => {
      if (v === undefined) throw new Error(`registration submitted without ${field}`);
      return v;
    };
    referrals.insert({
      code,
      created_at: meta.now,
      referrer_key: meta.userKey,
      for_whom: need(draft.forWhom, 'forWhom'),
      worker_name: need(draft.name, 'name'),
      nik_sealed: need(draft.nikSealed, 'nik'),
      nik_hash: need(draft.nikHash, 'nik hash'),
      nik_masked: need(draft.nikMasked, 'masked nik'),
      gender: need(draft.gender, 'gender'),
      phone: need(draft.phone, 'phone'),
      phone_owner: draft.phoneOwner ?? 'worker',
      occupation: need(draft.occupation, 'occupation'),
      occupation_text: draft.occupationText ?? null,
      sector: choices.sector,
      village_code: need(draft.villageCode, 'village'),
      income_base: choices.incomeBase,
      jht: choices.jht ? 1 : 0,
      period_months: iuran.periodMonths,
      payer: choices.payer,
      monthly_iuran: iuran.monthly,
      period_iuran: iuran.period,
      estimate: iuran.estimate ? 1 : 0,
      community_id: attribution.communityId,
      attributed_to: attribution.attributedTo,
    });
    return code;
  };

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
  const registrationFlow: FlowDefinition = {
    ...registration,
    machine: registration.machine.provide({
      actions: {
        submit: assign(({ context, event }) => {
          const meta = (event as { meta: TurnMeta }).meta;
          const code = submit(context as RegistrationDraft, meta);
          const share = deps.share?.(meta.userKey, meta.now);
          const links = [share?.links.telegram, share?.links.whatsapp].filter((l): l is string => Boolean(l));
          return { code, share: share && { code: share.code, links: links.map((l) => `• ${l}`).join('\n') } };
        }),
      },
    }),
  };

  const withdraw = createWithdrawFlow();
  const withdrawFlow: FlowDefinition = {
    ...withdraw,
    machine: withdraw.machine.provide({
      actions: {
        withdraw: ({ context, event }) => {
          const { code } = context as { code: string };
          const r = referrals.byCode(code);
          // Checked again at confirmation time: an operator may have processed it meanwhile.
          if (r?.status !== 'diajukan') throw new Error('referral no longer withdrawable');
          referrals.setStatus(code, 'dibatalkan', (event as { meta: TurnMeta }).meta.now);
        },
      },
    }),
  };

  const showStatus = (turn: TurnApi) => {
    const rows = referrals.byReferrer(turn.user.key);
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
        date: { date: todayIn(deps.timeZone, r.created_at) },
        status: { key: `status.${r.status}` as MessageKey },
        kpj: r.kpj ?? '',
      },
    }));
    turn.reply('status.list', { count: rows.length, lines: { lines } });
    if (rows.some((r) => r.status === 'diajukan'))
      turn.reply('status.withdraw_hint', { code: rows.find((r) => r.status === 'diajukan')?.code ?? '' });
  };

  /** "mau daftarin tukang bakso": the registration, for whom the words said (else asked), the occupation prefilled. */
  const registerAsWanted = (turn: TurnApi, intent: Intent): boolean => {
    if (intent.kind !== 'register') return false;
    const { forWhom, occupation } = intent;
    const prefill = occupation && occupation !== 'lainnya' ? { occupation, sector: sectorOf(occupation) } : undefined;
    turn.startFlow('registration', { ...(forWhom && { forWhom }), ...(prefill && { prefill }) });
    return true;
  };

  const menu: MenuEntry[] = [
    {
      id: 'register_other',
      titleKey: 'menu.register_other',
      words: commandWords('register_other'),
      run: (t) => t.startFlow('registration', { forWhom: 'other' }),
      onIntent: registerAsWanted,
    },
    {
      id: 'register_self',
      titleKey: 'menu.register_self',
      words: commandWords('register_self'),
      run: (t) => t.startFlow('registration', { forWhom: 'self' }),
    },
    { id: 'status', titleKey: 'menu.status', words: commandWords('status'), run: showStatus },
  ];

  /** `tarik KODE`: withdraw one's own open referral (words in locales/commands.json). */
  const withdrawCommand: CommandHandler = (turn, typed) => {
    const code = normalizeReferralCode(typed ?? '');
    const r = code ? referrals.byCode(code) : undefined;
    if (!r || r.referrer_key !== turn.user.key) turn.reply('withdraw.unknown', { code: clip(typed ?? '', 20) });
    else if (r.status !== 'diajukan')
      turn.reply('withdraw.not_open', { code: r.code, status: { key: `status.${r.status}` as MessageKey } });
    else turn.startFlow('withdraw', { code: r.code, name: r.worker_name });
    return true;
  };

  return { flows: [registrationFlow, withdrawFlow], menu, commands: { withdraw: withdrawCommand } };
}
