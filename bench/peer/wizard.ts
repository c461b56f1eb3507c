// The peer: what a developer would otherwise write — telegraf 4's Scenes.WizardScene with @telegraf/session's
// SQLite store (file, WAL) — walking the same 16 answers as daftarin's registration with the same domain
// functions (NIK, phone, names, villages, occupations, rates, sealing) and the same locale texts, so the
// engine is the only difference. No network: Telegraf gets a botInfo and a callApi that only counts.
import { SQLite } from '@telegraf/session/sqlite';
import { type Context, Scenes, session, Telegraf } from 'telegraf';
import { OCCUPATION_CHOICES, OCCUPATION_OPTIONS } from '../../flows/occupations.ts';
import { monthsIn } from '../../flows/questions/period.ts';
import type { RegistrationDraft } from '../../flows/registration.ts';
import { renderWithNumberedChoices } from '../../src/channels/channel.ts';
import { districtByNik, searchVillages, villageByCode } from '../../src/domain/areas.ts';
import { parseFullName } from '../../src/domain/names.ts';
import { decodeNik, maskNik, parseNik } from '../../src/domain/nik.ts';
import { sectorOf } from '../../src/domain/occupations.ts';
import { displayPhone, parsePhone } from '../../src/domain/phone.ts';
import { type ContributionChoices, contributionFor, incomeBrackets } from '../../src/domain/rates.ts';
import type { Vault } from '../../src/domain/vault.ts';
import { matchOption, yesNo } from '../../src/engine/answers.ts';
import type { Choice, TurnMeta } from '../../src/engine/flow-types.ts';
import { type MessageKey, type Params, t } from '../../src/i18n.ts';
import { conversationStore } from '../../src/store/conversations.ts';
import type { Db } from '../../src/store/db.ts';
import { referralStore } from '../../src/store/referrals.ts';

/** What the wizard collects (kept in the session, i.e. in the SQLite store between messages): registration's draft. */
type Draft = RegistrationDraft;

type Ctx = Scenes.WizardContext;

/** The peer bot and the counters the bench reads. */
export interface PeerBot {
  bot: Telegraf<Ctx>;
  replies: () => number;
  referrals: () => number;
  close: () => void;
}

const payers = ['referrer', 'self', 'apbdes', 'donor'] as const;

/** The registration's last step as daftarin's flow runs it (buildFeatures' `submitRegistration`). */
export type SubmitRegistration = (draft: Draft, meta: TurnMeta) => { code: string };

/**
 * Builds the peer on daftarin's own database (a file, WAL, synchronous NORMAL): the session store's table beside
 * daftarin's tables. 'halo' records the user as daftarin's engine does; the NIK step runs the same duplicate check
 * (referralStore.openByNikHash) and the last step calls the same `submit` (referral row and its indexes,
 * attribution, share code), so the domain's reads and writes are the same and only the engine differs.
 */
export function buildPeer(db: Db, vault: Vault, today: string, now: number, submit: SubmitRegistration): PeerBot {
  const existing = referralStore(db);
  const users = conversationStore(db);
  const meta = (ctx: Context): TurnMeta => ({ userKey: `peer:${ctx.chat?.id}`, locale: 'id', now, today });
  let replies = 0;
  let referrals = 0;

  const reply = (ctx: Context, key: MessageKey, params?: Params, choices?: readonly Choice[]) => {
    const labels = choices?.map((c) => ('raw' in c ? c.raw : t('id', c.key, c.params)));
    return ctx.reply(renderWithNumberedChoices({ text: t('id', key, params), ...(labels ? { choices: labels } : {}) }));
  };
  const draft = (ctx: Ctx) => ctx.wizard.state as Draft;
  const text = (ctx: Ctx) => (ctx.message && 'text' in ctx.message ? ctx.message.text : '');
  /** One wizard step: read the answer; undefined is accepted (ask the next question), a key is refused. */
  const step = (read: (text: string, d: Draft) => MessageKey | undefined, ask: (d: Draft) => Promise<unknown>) => async (ctx: Ctx) => {
    const refused = read(text(ctx), draft(ctx));
    if (refused) return reply(ctx, refused);
    await ask(draft(ctx));
    return ctx.wizard.next();
  };

  let ctxRef: Ctx;
  const ask = (key: MessageKey, params?: Params, choices?: readonly Choice[]) => reply(ctxRef, key, params, choices);
  const keep = (fn: (ctx: Ctx) => Promise<unknown>) => (ctx: Ctx) => {
    ctxRef = ctx;
    return fn(ctx);
  };

  const wizard = new Scenes.WizardScene<Ctx>(
    'registration',
    keep(async (ctx) => {
      await ask('reg.ask.consent_other', {}, [{ key: 'reg.consent.yes' }, { key: 'reg.consent.no' }]);
      return ctx.wizard.next();
    }),
    keep(
      step(
        (s) => (matchOption(s, yesNo) === 'yes' ? undefined : 'reg.consent.refused'),
        () => ask('reg.ask.occupation_other', {}, OCCUPATION_CHOICES),
      ),
    ),
    keep(
      step(
        (s, d) => {
          const v = matchOption(s, OCCUPATION_OPTIONS, { strict: true });
          if (!v) return 'reg.error.choose';
          Object.assign(d, { occupation: v, sector: sectorOf(v) });
        },
        () => ask('reg.ask.name_other'),
      ),
    ),
    keep(
      step(
        (s, d) => {
          const r = parseFullName(s);
          if (!r.ok) return `reg.error.name.${r.error.code}` as MessageKey;
          d.name = r.name;
        },
        (d) => ask('reg.ask.nik_other', { name: d.name ?? '' }),
      ),
    ),
    keep(
      step(
        (s, d) => {
          const r = parseNik(s, { today, minAge: 15, maxAge: 65 });
          if (!r.ok) return `reg.error.nik.${r.error.code}` as MessageKey;
          const hash = vault.hmac(r.nik);
          if (existing.openByNikHash(hash)) return 'reg.error.nik.duplicate';
          Object.assign(d, { nikSealed: vault.encrypt(r.nik), nikHash: hash, nikMasked: maskNik(r.nik), gender: r.gender });
        },
        (d) => {
          const facts = decodeNik(vault.decrypt(d.nikSealed ?? ''), today);
          const area = facts ? districtByNik(facts.districtCode) : undefined;
          return ask('reg.ask.nik_confirm', {
            nik: d.nikMasked ?? '',
            birth: { date: facts?.birthDate ?? '' },
            gender: { key: d.gender === 'P' ? 'reg.gender.female' : 'reg.gender.male' },
            area: area ? { key: 'reg.district.label', params: { ...area } } : '-',
          });
        },
      ),
    ),
    keep(
      step(
        (s) => (matchOption(s, yesNo) === 'yes' ? undefined : 'reg.error.choose'),
        (d) => ask('reg.ask.phone_other', { name: d.name ?? '' }),
      ),
    ),
    keep(
      step(
        (s, d) => {
          const r = parsePhone(s);
          if (!r.ok) return `reg.error.phone.${r.error.code}` as MessageKey;
          d.phone = r.e164;
        },
        (d) => ask('reg.ask.phone_owner', { phone: displayPhone(d.phone ?? ''), name: d.name ?? '' }),
      ),
    ),
    keep(
      step(
        (s) => (s.trim() === '1' ? undefined : 'reg.error.choose'),
        () => ask('reg.ask.village_other'),
      ),
    ),
    keep(
      step(
        (s, d) => {
          const { hits } = searchVillages(s.replace(/\s+/g, ' ').trim(), 5);
          if (hits.length === 0) return 'reg.error.village.none';
          d.villageHits = hits.map((h) => h.code);
        },
        (d) => ask('reg.ask.village_pick', { count: d.villageHits?.length ?? 0 }, (d.villageHits ?? []).map(villageChoice)),
      ),
    ),
    keep(
      step(
        (s, d) => {
          const code = d.villageHits?.[Number(s) - 1];
          if (!code) return 'reg.error.choose';
          Object.assign(d, { villageCode: code, villageHits: undefined });
        },
        () =>
          ask(
            'reg.ask.income_other',
            {},
            incomeBrackets(today).map((b) => ({ key: 'reg.income.choice' as MessageKey, params: { amount: { money: b.base } } })),
          ),
      ),
    ),
    keep(
      step(
        (s, d) => {
          const bracket = incomeBrackets(today)[Number(s) - 1];
          if (!bracket) return 'income.error';
          d.incomeBase = bracket.base;
        },
        (d) => {
          const base = contributionFor({ ...choices(d), jht: false }, today);
          const withJht = contributionFor({ ...choices(d), jht: true }, today);
          return ask('reg.ask.jht', { base: { money: base.monthly }, jht: { money: withJht.jht }, total: { money: withJht.monthly } });
        },
      ),
    ),
    keep(
      step(
        (s, d) => {
          const v = matchOption(s, yesNo);
          if (!v) return 'reg.error.choose';
          d.jht = v === 'yes';
        },
        (d) => ask('reg.ask.period', { price: { money: contributionFor(choices(d), today).monthly } }),
      ),
    ),
    keep(
      step(
        (s, d) => {
          const months = monthsIn(s);
          if (!months) return 'period.error';
          d.periodMonths = months;
        },
        (d) => ask('reg.ask.payer', { name: d.name ?? '' }),
      ),
    ),
    keep(
      step(
        (s, d) => {
          const payer = payers[Number(s) - 1];
          if (!payer) return 'reg.error.choose';
          d.payer = payer;
        },
        (d) => {
          const i = contributionFor(choices(d), today);
          const v = villageByCode(d.villageCode ?? '');
          return ask('reg.summary.other', {
            name: d.name ?? '',
            nik: d.nikMasked ?? '',
            phone: displayPhone(d.phone ?? ''),
            village: v ? `${v.name}, ${v.district}, ${v.regency}` : '-',
            income: { money: d.incomeBase ?? 0 },
            amount: { money: i.period },
          });
        },
      ),
    ),
    keep(async (ctx) => {
      const d = draft(ctx);
      if (matchOption(text(ctx), yesNo) !== 'yes') return reply(ctx, 'reg.error.choose');
      if (d.nikHash && existing.openByNikHash(d.nikHash)) return reply(ctx, 'reg.error.nik.duplicate');
      const { code } = submit({ ...d, forWhom: 'other' }, meta(ctx));
      referrals++;
      await reply(ctx, 'reg.done.other', { code, name: d.name ?? '' });
      return ctx.scene.leave();
    }),
  );

  const bot = new Telegraf<Ctx>('1:bench');
  bot.botInfo = { id: 1, is_bot: true, first_name: 'peer', username: 'peer_bot' } as never;
  // No HTTP: handleUpdate makes a Telegram client per update, so each one's callApi is replaced before any
  // handler runs; every Bot API call is counted and answered with a plausible sent message.
  const callApi = async (_method: string, payload: { chat_id?: number }) => {
    replies++;
    return { message_id: replies, date: 0, chat: { id: payload.chat_id, type: 'private' }, text: '' };
  };
  bot.use((ctx, next) => {
    ctx.telegram.callApi = callApi as never;
    return next();
  });
  bot.use(session({ store: SQLite<object>({ database: db }) }) as never);
  bot.use(new Scenes.Stage<Ctx>([wizard]).middleware());
  bot.hears(/^daftar$/i, (ctx) => ctx.scene.enter('registration'));
  bot.hears(/^halo$/i, (ctx) => {
    users.createUser({ key: meta(ctx).userKey, channel: 'peer', chat_id: String(ctx.chat?.id), name: null, locale: 'id', now });
    return reply(ctx, 'greeting.first');
  });
  return { bot, replies: () => replies, referrals: () => referrals, close: () => db.close() };
}

function villageChoice(code: string): Choice {
  const v = villageByCode(code);
  return v ? { key: 'reg.village.label', params: { ...v } } : { raw: code };
}

function choices(d: Draft): ContributionChoices {
  return {
    sector: d.sector,
    incomeBase: d.incomeBase ?? 0,
    jht: d.jht ?? false,
    periodMonths: d.periodMonths ?? 1,
    payer: d.payer,
  };
}

/** A Telegram text message update from user `u`, as the Bot API would deliver it. */
export function textUpdate(u: number, updateId: number, text: string) {
  const chat = { id: 1000 + u, type: 'private' as const, first_name: 'Bench' };
  return {
    update_id: updateId,
    message: { message_id: updateId, date: 0, chat, from: { id: 1000 + u, is_bot: false, first_name: 'Bench' }, text },
  };
}
