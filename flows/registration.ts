import { assign, emit, setup } from 'xstate';
import { districtByNik, searchVillages, villageByCode } from '../src/domain/areas.ts';
import { parseFullName } from '../src/domain/names.ts';
import { maskNik, parseNik } from '../src/domain/nik.ts';
import { classifyOccupationText, type OccupationId, sectorOf } from '../src/domain/occupations.ts';
import { displayPhone, parsePhone } from '../src/domain/phone.ts';
import { computeIuran, incomeBrackets, type Payer, type Sector } from '../src/domain/rates.ts';
import { matchOption, normalizeAnswer, type Option, yesNo } from '../src/engine/answers.ts';
import {
  type Choice,
  type FlowEvent,
  type FlowOutput,
  keyed,
  type Say,
  type SayMany,
  say,
  sayMany,
  type TurnMeta,
} from '../src/engine/flow-types.ts';
import type { FlowDefinition } from '../src/engine/run-flow.ts';
import type { MessageKey, Params } from '../src/i18n.ts';
import { clip } from '../src/util/clip.ts';
import { type Answers, ask, backTransitions, type Prompts, questionKit, questionState, refuse, type TrailContext } from './kit.ts';
import { OCCUPATION_CHOICES, OCCUPATION_OPTIONS, occupationLabel } from './occupations.ts';

/** Everything the registration conversation collects. NIKs are kept sealed, never in the clear. */
export interface RegistrationDraft {
  forWhom?: 'other' | 'self';
  occupation?: OccupationId;
  occupationText?: string;
  sector?: Sector;
  name?: string;
  /** The NIK encrypted with the data key (AES-256-GCM). */
  nikSealed?: string;
  /** Keyed hash of the NIK, for duplicate checks. */
  nikHash?: string;
  nikMasked?: string;
  birthDate?: string;
  gender?: 'L' | 'P';
  nikDistrict?: string;
  phone?: string;
  phoneOwner?: 'worker' | 'referrer';
  villageCode?: string;
  villageHits?: string[];
  incomeBase?: number;
  jht?: boolean;
  periodMonths?: 1 | 3 | 6 | 12;
  payer?: Payer;
  consent?: boolean;
}

interface Ctx extends TrailContext, RegistrationDraft {
  editing: boolean;
  code?: string;
  /** The referrer's invitation code and links, set on submit when the app provides them. */
  share?: { code: string; links: string };
}

/** Reads and sealing the registration flow needs; DB writes come in through `provide()`. */
export interface RegistrationServices {
  minAge: number;
  maxAge: number;
  seal(nik: string): string;
  hash(nik: string): string;
  /** The status of an open or registered referral for this NIK hash, if any. */
  existingReferral(nikHash: string): { status: string } | undefined;
  /** The referrer's own phone when the channel tells it (WhatsApp), else undefined. */
  referrerPhone(userKey: string): string | undefined;
}

type Q =
  | 'forWhom'
  | 'consent'
  | 'occupation'
  | 'occupationOther'
  | 'name'
  | 'nik'
  | 'nikConfirm'
  | 'phone'
  | 'phoneOwner'
  | 'village'
  | 'villagePick'
  | 'income'
  | 'jht'
  | 'period'
  | 'payer'
  | 'summary'
  | 'editPick';

const forWhomOptions: Option<'other' | 'self'>[] = [
  { id: 'other', words: ['orang lain', 'lain', 'pekerja', 'karyawan', 'art', 'sopir', 'someone else', 'other'] },
  { id: 'self', words: ['sendiri', 'diri sendiri', 'saya', 'saya sendiri', 'aku', 'myself', 'me'] },
];

const periodOptions: Option<'1' | '3' | '6' | '12'>[] = [
  { id: '1', words: ['1 bulan', 'bulanan', 'sebulan', 'monthly'] },
  { id: '3', words: ['3 bulan', 'tiga bulan'] },
  { id: '6', words: ['6 bulan', 'enam bulan'] },
  { id: '12', words: ['12 bulan', 'setahun', '1 tahun', 'tahunan', 'yearly'] },
];

const payerOptions: Option<Payer>[] = [
  { id: 'referrer', words: ['saya', 'aku', 'me'] },
  { id: 'self', words: ['pekerja', 'pekerja sendiri', 'sendiri', 'worker'] },
  { id: 'apbdes', words: ['desa', 'dana desa', 'apbdes'] },
  { id: 'donor', words: ['donatur', 'komunitas', 'donor', 'community'] },
];

const phoneOwnerOptions: Option<'worker' | 'referrer' | 'retype'>[] = [
  { id: 'worker', words: ['ya', 'iya', 'betul', 'milik pekerja', 'yes'] },
  { id: 'referrer', words: ['nomor saya', 'saya', 'punya saya', 'mine'] },
  { id: 'retype', words: ['salah', 'ganti', 'ubah', 'wrong'] },
];

const summaryOptions: Option<'submit' | 'edit' | 'cancel'>[] = [
  { id: 'submit', words: ['kirim', 'ya', 'submit', 'send', 'ok', 'oke'] },
  { id: 'edit', words: ['ubah', 'ganti', 'edit', 'change'] },
  { id: 'cancel', words: ['batal', 'cancel'] },
];

/** Fields the user can change from the summary, and the question each jumps to. */
const editable: { id: Q; label: MessageKey; words: string[]; selfOnly?: boolean; otherOnly?: boolean }[] = [
  { id: 'name', label: 'reg.field.name', words: ['nama', 'name'] },
  { id: 'nik', label: 'reg.field.nik', words: ['nik', 'ktp'] },
  { id: 'phone', label: 'reg.field.phone', words: ['hp', 'nomor', 'telepon', 'phone'] },
  { id: 'village', label: 'reg.field.village', words: ['desa', 'alamat', 'kelurahan', 'village'] },
  { id: 'occupation', label: 'reg.field.occupation', words: ['pekerjaan', 'occupation'] },
  { id: 'income', label: 'reg.field.income', words: ['penghasilan', 'gaji', 'income'] },
  { id: 'jht', label: 'reg.field.jht', words: ['jht', 'program'] },
  { id: 'period', label: 'reg.field.period', words: ['periode', 'bulan', 'period'] },
  { id: 'payer', label: 'reg.field.payer', words: ['pembayar', 'bayar', 'payer'], otherOnly: true },
];

const editableFor = (c: Ctx) => editable.filter((e) => !(e.otherOnly && c.forWhom === 'self'));

const other = (c: Ctx) => c.forWhom !== 'self';

/** The worker's payer as the rates see it (self-registrants pay for themselves). */
const payerOf = (c: Ctx): Payer => c.payer ?? (c.forWhom === 'self' ? 'self' : 'referrer');

const bracketChoices = (today: string): Choice[] =>
  incomeBrackets(today).map((b) => ({
    key: b.verified ? 'reg.income.choice' : 'reg.income.choice_estimate',
    params: { amount: { money: b.base } },
  }));

function iuranOf(c: Ctx, today: string) {
  return computeIuran({
    date: today,
    sector: c.sector ?? 'other',
    incomeBase: c.incomeBase ?? 1_000_000,
    jht: c.jht ?? false,
    payer: payerOf(c),
    periodMonths: c.periodMonths ?? 1,
  });
}

/** "Sukamaju, Kec. Cibeber, Kabupaten Cianjur, Jawa Barat" as a locale message (the code if unknown). */
function villageLabel(code: string): { key: MessageKey; params: Params } {
  const v = villageByCode(code);
  return v
    ? { key: 'reg.village.label', params: { name: v.name, district: v.district, regency: v.regency, province: v.province } }
    : { key: 'reg.village.code', params: { code } };
}

/** Builds the registration flow ("Daftarkan pekerja" / "Daftar untuk diri sendiri"). */
export function createRegistrationFlow(services: RegistrationServices): FlowDefinition {
  const prompts: Prompts<Q, Ctx> = {
    forWhom: () => [say('reg.ask.for_whom', {}, keyed('reg.for_whom.other', 'reg.for_whom.self'))],
    consent: (c) =>
      other(c)
        ? [say('reg.ask.consent_other', {}, keyed('reg.consent.yes', 'reg.consent.no'))]
        : [say('reg.ask.consent_self', {}, keyed('reg.consent.yes', 'reg.consent.no'))],
    occupation: (c) => [say(other(c) ? 'reg.ask.occupation_other' : 'reg.ask.occupation_self', {}, [...OCCUPATION_CHOICES])],
    occupationOther: () => [say('reg.ask.occupation_text')],
    name: (c) => [say(other(c) ? 'reg.ask.name_other' : 'reg.ask.name_self')],
    nik: (c) => [say(other(c) ? 'reg.ask.nik_other' : 'reg.ask.nik_self', { name: c.name ?? '' })],
    nikConfirm: (c) => {
      const area = c.nikDistrict ? districtByNik(c.nikDistrict) : undefined;
      const says = [
        say(
          'reg.ask.nik_confirm',
          {
            nik: c.nikMasked ?? '',
            birth: { date: c.birthDate ?? '' },
            gender: { key: c.gender === 'P' ? 'reg.gender.female' : 'reg.gender.male' },
            area: area
              ? { key: 'reg.district.label', params: { district: area.district, regency: area.regency, province: area.province } }
              : '-',
          },
          keyed('common.yes', 'reg.nik_confirm.no'),
        ),
      ];
      if (!area) says.unshift(say('reg.nik.unknown_district'));
      return says;
    },
    phone: (c, meta) => {
      const mine = services.referrerPhone(meta.userKey);
      if (!other(c)) return [say('reg.ask.phone_self')];
      return [say(mine ? 'reg.ask.phone_other_known' : 'reg.ask.phone_other', { name: c.name ?? '' })];
    },
    phoneOwner: (c) => [
      say(
        'reg.ask.phone_owner',
        { phone: displayPhone(c.phone ?? ''), name: c.name ?? '' },
        keyed('reg.phone_owner.worker', 'reg.phone_owner.referrer', 'reg.phone_owner.retype'),
      ),
    ],
    village: (c) => [say(other(c) ? 'reg.ask.village_other' : 'reg.ask.village_self')],
    villagePick: (c) => [
      say(
        'reg.ask.village_pick',
        { count: c.villageHits?.length ?? 0 },
        (c.villageHits ?? []).map((code) => villageLabel(code)),
      ),
    ],
    income: (c, meta) => [say(other(c) ? 'reg.ask.income_other' : 'reg.ask.income_self', {}, bracketChoices(meta.today))],
    jht: (c, meta) => {
      const base = iuranOf({ ...c, jht: false }, meta.today);
      const withJht = iuranOf({ ...c, jht: true }, meta.today);
      return [
        say(
          'reg.ask.jht',
          { base: { money: base.monthly }, jht: { money: withJht.jht }, total: { money: withJht.monthly } },
          keyed('reg.jht.yes', 'reg.jht.no'),
        ),
      ];
    },
    period: (c, meta) => {
      const m = iuranOf(c, meta.today).monthly;
      return [say('reg.ask.period', { monthly: { money: m } }, keyed('reg.period.1', 'reg.period.3', 'reg.period.6', 'reg.period.12'))];
    },
    payer: (c) => [
      say('reg.ask.payer', { name: c.name ?? '' }, keyed('reg.payer.referrer', 'reg.payer.self', 'reg.payer.apbdes', 'reg.payer.donor')),
    ],
    summary: (c, meta) => summary(c, meta),
    editPick: (c) => [
      say(
        'reg.ask.edit_pick',
        {},
        editableFor(c).map((e) => ({ key: e.label })),
      ),
    ],
  };

  function summary(c: Ctx, meta: TurnMeta): Say[] {
    const i = iuranOf(c, meta.today);
    const occupation = c.occupation === 'lainnya' ? (c.occupationText ?? '') : { key: occupationLabel(c.occupation ?? 'lainnya') };
    const params: Params = {
      name: c.name ?? '',
      nik: c.nikMasked ?? '',
      birth: { date: c.birthDate ?? '' },
      gender: { key: c.gender === 'P' ? 'reg.gender.female' : 'reg.gender.male' },
      phone: displayPhone(c.phone ?? ''),
      phoneOwner: { key: c.phoneOwner === 'referrer' ? 'reg.summary.phone_referrer' : 'reg.summary.phone_worker' },
      village: c.villageCode ? villageLabel(c.villageCode) : '-',
      occupation: typeof occupation === 'string' ? occupation : occupation,
      income: { money: c.incomeBase ?? 0 },
      programs: { key: c.jht ? 'reg.programs.with_jht' : 'reg.programs.base' },
      monthly: { money: i.monthly },
      months: i.periodMonths,
      period: { money: i.period },
      payer: { key: `reg.payer.${payerOf(c)}` as MessageKey },
    };
    const says = [say(other(c) ? 'reg.summary.other' : 'reg.summary.self', params)];
    if (i.discount > 0 && i.discountRule)
      says.push(
        say(i.discountRule.singleSource ? 'reg.summary.discount_unconfirmed' : 'reg.summary.discount', {
          until: { date: i.discountRule.validTo },
          percent: i.discountRule.percent,
        }),
      );
    if (i.estimate) says.push(say('reg.summary.estimate'));
    says.push(say('reg.summary.ask', {}, keyed('reg.summary.submit', 'reg.summary.edit', 'reg.summary.cancel')));
    return says;
  }

  const fail = refuse;

  const answers: Answers<Q, Ctx> = {
    forWhom: (text) => {
      const v = matchOption(text, forWhomOptions);
      return v ? { ok: true, patch: { forWhom: v } } : fail('reg.error.choose', { max: 2 });
    },
    consent: (text) => {
      const v = matchOption(text, yesNo);
      if (v === 'yes') return { ok: true, patch: { consent: true } };
      if (v === 'no') return { ok: true, patch: { consent: false }, branch: 'refused' };
      return fail('reg.error.yes_no');
    },
    occupation: (text) => {
      const v = matchOption(text, OCCUPATION_OPTIONS);
      if (!v) return fail('reg.error.choose', { max: OCCUPATION_OPTIONS.length });
      if (v === 'lainnya') return { ok: true, patch: { occupation: v }, branch: 'other' };
      return { ok: true, patch: { occupation: v, occupationText: undefined, sector: sectorOf(v) } };
    },
    occupationOther: (text) => {
      const t = text.replace(/\s+/g, ' ').trim();
      if (t.length < 3 || t.length > 50 || !/\p{L}/u.test(t)) return fail('reg.error.occupation_text');
      return { ok: true, patch: { occupationText: t, sector: classifyOccupationText(t) } };
    },
    name: (text) => {
      const r = parseFullName(text);
      return r.ok ? { ok: true, patch: { name: r.name } } : fail(`reg.error.name.${r.error.code}` as MessageKey, r.error.params);
    },
    nik: (text, _c, meta) => {
      const r = parseNik(text, { today: meta.today, minAge: services.minAge, maxAge: services.maxAge });
      if (!r.ok) return fail(`reg.error.nik.${r.error.code}` as MessageKey, r.error.params as Params);
      const nikHash = services.hash(r.nik);
      const existing = services.existingReferral(nikHash);
      if (existing) return fail('reg.error.nik.duplicate', { status: { key: `status.${existing.status}` as MessageKey } });
      return {
        ok: true,
        patch: {
          nikSealed: services.seal(r.nik),
          nikHash,
          nikMasked: maskNik(r.nik),
          birthDate: r.birthDate,
          gender: r.gender,
          nikDistrict: r.districtCode,
        },
      };
    },
    nikConfirm: (text) => {
      const v = matchOption(text, yesNo);
      if (v === 'yes') return { ok: true, patch: {} };
      if (v === 'no') return { ok: true, patch: { nikSealed: undefined, nikHash: undefined, nikMasked: undefined }, branch: 'retype' };
      return fail('reg.error.yes_no');
    },
    phone: (text, c, meta) => {
      if (other(c) && /^(tidak (ada|punya)|ga(k)? (ada|punya)|nggak (ada|punya)|none|no phone)$/.test(normalizeAnswer(text))) {
        const mine = services.referrerPhone(meta.userKey);
        if (mine) return { ok: true, patch: { phone: mine, phoneOwner: 'referrer' }, branch: 'referrer' };
        return fail('reg.error.phone.need_referrer');
      }
      const r = parsePhone(text);
      if (!r.ok) return fail(`reg.error.phone.${r.error.code}` as MessageKey, r.error.params as Params);
      if (!other(c)) return { ok: true, patch: { phone: r.e164, phoneOwner: 'worker' }, branch: 'self' };
      return { ok: true, patch: { phone: r.e164 } };
    },
    phoneOwner: (text) => {
      const v = matchOption(text, phoneOwnerOptions);
      if (v === 'worker' || v === 'referrer') return { ok: true, patch: { phoneOwner: v } };
      if (v === 'retype') return { ok: true, patch: { phone: undefined }, branch: 'retype' };
      return fail('reg.error.choose', { max: 3 });
    },
    village: (text) => {
      const q = text.replace(/\s+/g, ' ').trim();
      if (q.length < 3) return fail('reg.error.village.short');
      // A village name with its kecamatan and kabupaten fits in 100 characters; longer text is not a place.
      if (q.length > 100) return fail('reg.error.village.long');
      const { hits, total } = searchVillages(q, 5);
      if (hits.length === 0) return fail('reg.error.village.none', { query: clip(q, 60) });
      return { ok: true, patch: { villageHits: hits.map((h) => h.code) }, branch: total > hits.length ? 'many' : 'few' };
    },
    villagePick: (text, c, meta) => {
      const hits = c.villageHits ?? [];
      const n = Number(normalizeAnswer(text));
      if (Number.isInteger(n) && n >= 1 && n <= hits.length)
        return { ok: true, patch: { villageCode: hits[n - 1], villageHits: undefined } };
      if (/^\d+$/.test(normalizeAnswer(text))) return fail('reg.error.choose', { max: hits.length });
      // Anything else is a new search (e.g. the name with its kecamatan).
      const again = answers.village(text, c, meta);
      return again.ok ? { ...again, branch: 'again' } : again;
    },
    income: (text, _c, meta) => {
      const brackets = incomeBrackets(meta.today);
      const n = Number(normalizeAnswer(text));
      const b = Number.isInteger(n) && n >= 1 && n <= brackets.length ? brackets[n - 1] : undefined;
      return b ? { ok: true, patch: { incomeBase: b.base } } : fail('reg.error.choose', { max: brackets.length });
    },
    jht: (text) => {
      const v = matchOption(text, yesNo);
      return v ? { ok: true, patch: { jht: v === 'yes' } } : fail('reg.error.yes_no');
    },
    period: (text) => {
      const v = matchOption(text, periodOptions) ?? periodOptions.find((p) => normalizeAnswer(text) === p.id)?.id;
      return v ? { ok: true, patch: { periodMonths: Number(v) as 1 | 3 | 6 | 12 } } : fail('reg.error.choose', { max: 4 });
    },
    payer: (text) => {
      const v = matchOption(text, payerOptions);
      return v ? { ok: true, patch: { payer: v } } : fail('reg.error.choose', { max: 4 });
    },
    summary: (text, c) => {
      const v = matchOption(text, summaryOptions);
      if (!v) return fail('reg.error.choose', { max: 3 });
      if (v === 'submit') {
        // Checked again: someone else may have registered this NIK since it was typed.
        const existing = c.nikHash ? services.existingReferral(c.nikHash) : undefined;
        if (existing) return fail('reg.error.nik.duplicate', { status: { key: `status.${existing.status}` as MessageKey } });
      }
      return { ok: true, patch: {}, branch: v };
    },
    editPick: (text, c) => {
      const fields = editableFor(c);
      const v = matchOption(
        text,
        fields.map((f) => ({ id: f.id, words: f.words })),
      );
      return v ? { ok: true, patch: { editing: true }, branch: v } : fail('reg.error.choose', { max: fields.length });
    },
  };

  const kit = questionKit(prompts, answers, 'forWhom');

  const machine = setup({
    types: {
      context: {} as Ctx,
      events: {} as FlowEvent,
      emitted: {} as Say | SayMany,
      output: {} as FlowOutput,
      input: {} as { meta: TurnMeta; forWhom?: 'other' | 'self'; prefill?: Partial<RegistrationDraft> },
    },
    guards: {
      ...kit.guards,
      acceptedWhileEditing: ({ context, event }, p: { q: Q }) => {
        const r = kit.parse(p.q, context, event);
        return context.editing && r.ok && r.branch === undefined;
      },
      isOther: ({ context }) => other(context),
      // Answers prefilled by the calculator are not asked again (they can still be changed from the summary).
      hasOccupation: ({ context }) => context.occupation !== undefined && context.sector !== undefined,
      hasIuranChoices: ({ context }) => context.incomeBase !== undefined && context.jht !== undefined && context.periodMonths !== undefined,
      needsForWhom: ({ context }) => context.forWhom === undefined,
    },
    actions: {
      ...kit.actions,
      stopEditing: assign({ editing: false }),
      // Injected with provide(): the DB write. The default refuses, so a flow never "submits" into nothing.
      submit: () => {
        throw new Error('registration submit action not provided');
      },
      done: emit(({ context }) =>
        sayMany([
          say(other(context) ? 'reg.done.other' : 'reg.done.self', { code: context.code ?? '', name: context.name ?? '' }),
          say('reg.done.next'),
          ...(context.share ? [say(context.share.links ? 'reg.done.share' : 'reg.done.share_code', context.share)] : []),
        ]),
      ),
    },
  });

  /** A question state; unless it says otherwise, an answer given while editing goes back to the summary. */
  const question = (q: Q, targets: Record<string, string>, opts: { returnsToSummary?: boolean } = {}) =>
    questionState(
      q,
      targets,
      opts.returnsToSummary === false
        ? []
        : [
            {
              guard: { type: 'acceptedWhileEditing' as const, params: { q } },
              target: 'summary',
              actions: { type: 'apply' as const, params: { q } },
            },
          ],
    );

  const allQuestions: Q[] = [
    'forWhom',
    'consent',
    'occupation',
    'occupationOther',
    'name',
    'nik',
    'nikConfirm',
    'phone',
    'phoneOwner',
    'village',
    'villagePick',
    'income',
    'jht',
    'period',
    'payer',
    'summary',
    'editPick',
  ];

  const built = machine.createMachine({
    id: 'registration',
    context: ({ input }) => ({ trail: [], editing: false, forWhom: input.forWhom, ...(input.prefill ?? {}) }),
    initial: 'start',
    on: { 'flow.resume': { actions: 'reprompt' }, 'flow.back': backTransitions(allQuestions) },
    states: {
      start: { always: [{ guard: 'needsForWhom', target: 'forWhom' }, { target: 'consent' }] },
      forWhom: question('forWhom', { default: 'consent' }, { returnsToSummary: false }),
      consent: question('consent', { default: 'afterConsent', refused: 'refused' }, { returnsToSummary: false }),
      afterConsent: { always: [{ guard: 'hasOccupation', target: 'name' }, { target: 'occupation' }] },
      occupation: question('occupation', { default: 'name', other: 'occupationOther' }),
      occupationOther: question('occupationOther', { default: 'name' }),
      name: question('name', { default: 'nik' }),
      nik: question('nik', { default: 'nikConfirm' }, { returnsToSummary: false }),
      nikConfirm: question('nikConfirm', { default: 'phone', retype: 'nik' }),
      phone: question('phone', { default: 'phoneOwner', self: 'village', referrer: 'village' }, { returnsToSummary: false }),
      phoneOwner: question('phoneOwner', { default: 'village', retype: 'phone' }),
      village: question('village', { many: 'villagePick', few: 'villagePick' }, { returnsToSummary: false }),
      villagePick: question('villagePick', { default: 'afterVillage', again: 'villagePick' }),
      afterVillage: { always: [{ guard: 'hasIuranChoices', target: 'afterPeriod' }, { target: 'income' }] },
      income: question('income', { default: 'jht' }),
      jht: question('jht', { default: 'period' }),
      period: question('period', { default: 'afterPeriod' }),
      afterPeriod: { always: [{ guard: 'isOther', target: 'payer' }, { target: 'summary' }] },
      payer: question('payer', { default: 'summary' }),
      summary: {
        entry: [{ type: 'stopEditing' }, ...ask('summary')],
        on: {
          'user.text': [
            { guard: { type: 'accepted', params: { q: 'summary', branch: 'submit' } }, target: 'submitted', actions: 'submit' },
            { guard: { type: 'accepted', params: { q: 'summary', branch: 'edit' } }, target: 'editPick' },
            { guard: { type: 'accepted', params: { q: 'summary', branch: 'cancel' } }, target: 'cancelled' },
            { actions: { type: 'reject', params: { q: 'summary' } } },
          ],
        },
      },
      editPick: question('editPick', Object.fromEntries(editable.map((e) => [e.id, e.id])), { returnsToSummary: false }),
      submitted: { type: 'final', entry: 'done' },
      cancelled: { type: 'final', entry: emit(say('reg.cancelled')) },
      refused: { type: 'final', entry: emit(say('reg.consent.refused')) },
    },
    output: () => ({ showMenu: true }),
  });

  return { id: 'registration', version: 1, machine: built, titleKey: 'reg.title' };
}
