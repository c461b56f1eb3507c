import { assign, emit, setup } from 'xstate';
import { districtByNik } from '../src/domain/areas.ts';
import { parseFullName } from '../src/domain/names.ts';
import { decodeNik, maskNik, parseNik } from '../src/domain/nik.ts';
import type { OccupationId } from '../src/domain/occupations.ts';
import { displayPhone, parsePhone } from '../src/domain/phone.ts';
import { contributionFor, contributionInput, type Payer, type PeriodMonths, type Sector } from '../src/domain/rates.ts';
import { matchOption, normalizeAnswer, type Option } from '../src/engine/answers.ts';
import { keyed, type Say, say, sayMany, type TurnMeta } from '../src/engine/flow-types.ts';
import type { FlowDefinition } from '../src/engine/run-flow.ts';
import type { MessageKey, Params } from '../src/i18n.ts';
import { amountParam, priceParam } from './amounts.ts';
import {
  accept,
  backTransitions,
  flowStates,
  flowTypes,
  noted,
  type Parsed,
  questionFor,
  questionKit,
  refuse,
  type TrailContext,
} from './kit.ts';
import { occupationLabel } from './occupations.ts';
import { confirmQuestion } from './questions/confirm.ts';
import { incomeQuestion } from './questions/income.ts';
import { occupationQuestion, occupationTextQuestion } from './questions/occupation.ts';
import { periodQuestion } from './questions/period.ts';
import { searchVillage, villageLabel, villagePickQuestion } from './questions/village.ts';

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
  /** `************0001`. Birth date and district are not kept: read from the sealed NIK when shown (see nikFacts). */
  nikMasked?: string;
  gender?: 'L' | 'P';
  phone?: string;
  phoneOwner?: 'worker' | 'referrer';
  villageCode?: string;
  villageHits?: string[];
  incomeBase?: number;
  jht?: boolean;
  periodMonths?: PeriodMonths;
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
  /** Opens a value from `seal`, to show the NIK's facts to the person who typed it (never stored opened). */
  unseal(sealed: string): string;
  hash(nik: string): string;
  /** The open or registered referral of this NIK hash, if any: its code, status and who registered it. */
  existingReferral(nikHash: string): ExistingReferral | undefined;
  /** The referrer's own phone when the channel tells it (WhatsApp), else undefined. */
  referrerPhone(userKey: string): string | undefined;
}

const forWhomOptions: Option<'other' | 'self'>[] = [
  {
    id: 'other',
    words: ['orang lain', 'lain', 'orang', 'pekerja', 'karyawan', 'art', 'sopir', 'tetangga', 'keluarga', 'someone else', 'other'],
  },
  {
    id: 'self',
    words: ['sendiri', 'diri sendiri', 'saya', 'sy', 'saya sendiri', 'saya aja', 'sy aja', 'aku', 'aku aja', 'gw', 'myself', 'me'],
  },
];

const payerOptions: Option<Payer>[] = [
  { id: 'referrer', words: ['saya', 'sy', 'saya aja', 'sy aja', 'aku', 'gw', 'me', 'i', 'i will'] },
  { id: 'self', words: ['pekerja', 'pekerja sendiri', 'sendiri', 'worker'] },
  { id: 'apbdes', words: ['desa', 'dana desa', 'apbdes', 'village', 'village funds'] },
  { id: 'donor', words: ['donatur', 'komunitas', 'donor', 'community'] },
];

const phoneOwnerOptions: Option<'worker' | 'referrer' | 'retype'>[] = [
  { id: 'worker', words: ['ya', 'iya', 'betul', 'milik pekerja', 'yes'] },
  { id: 'referrer', words: ['nomor saya', 'saya', 'punya saya', 'mine'] },
  { id: 'retype', words: ['salah', 'ganti', 'ubah', 'wrong'] },
];

const summaryOptions: Option<'submit' | 'edit' | 'cancel'>[] = [
  { id: 'submit', words: ['kirim', 'ya', 'iya', 'udah', 'sudah', 'benar', 'betul', 'submit', 'send', 'ok', 'oke'] },
  { id: 'edit', words: ['ubah', 'ganti', 'edit', 'change'] },
  { id: 'cancel', words: ['batal', 'cancel'] },
];

/** Fields the user can change from the summary: the question each jumps to, its label and words. */
const editable = [
  { id: 'name', label: 'reg.field.name', words: ['nama', 'name'] },
  { id: 'nik', label: 'reg.field.nik', words: ['nik', 'ktp'] },
  { id: 'phone', label: 'reg.field.phone', words: ['hp', 'nomor', 'telepon', 'phone'] },
  { id: 'village', label: 'reg.field.village', words: ['desa', 'alamat', 'kelurahan', 'village'] },
  { id: 'occupation', label: 'reg.field.occupation', words: ['pekerjaan', 'occupation'] },
  { id: 'income', label: 'reg.field.income', words: ['penghasilan', 'gaji', 'income'] },
  { id: 'jht', label: 'reg.field.jht', words: ['jht', 'program'] },
  { id: 'period', label: 'reg.field.period', words: ['periode', 'bulan', 'period'] },
  { id: 'payer', label: 'reg.field.payer', words: ['pembayar', 'bayar', 'payer'], otherOnly: true },
] as const satisfies readonly { id: string; label: MessageKey; words: readonly string[]; otherOnly?: boolean }[];

/** Where each editable field's answer goes from the summary (and the edit list): the field's own question. */
const editTargets = {
  name: 'name',
  nik: 'nik',
  phone: 'phone',
  village: 'village',
  occupation: 'occupation',
  income: 'income',
  jht: 'jht',
  period: 'period',
  payer: 'payer',
} as const;

const editableFor = (c: Ctx) => editable.filter((e) => !('otherOnly' in e && c.forWhom === 'self'));

type EditableId = (typeof editable)[number]['id'];

/** The field a summary answer names ("ubah penghasilan", "ganti nama"), if exactly one. */
function fieldNamed(text: string, c: Ctx): EditableId | undefined {
  const words = ` ${normalizeAnswer(text)} `;
  const named = editableFor(c).filter((e) => e.words.some((w) => words.includes(` ${normalizeAnswer(w)} `)));
  return named.length === 1 ? named[0]?.id : undefined;
}

/** Payers whose contributions come from a public budget: no discount, and nothing for the registrant to pay. */
const publicPayers: readonly Payer[] = ['apbdes', 'apbd', 'apbn'];

/**
 * The payer's answer; a payer that removes the discount (village funds) changes the amount at once, and the
 * bot says so and why, instead of quoting the discounted amount until the summary.
 */
function readPayer(text: string, c: Ctx, meta: TurnMeta): Parsed<Ctx> {
  const v = matchOption(text, payerOptions);
  if (!v) return refuse('reg.error.choose', { max: payerOptions.length });
  const discounted = contributionFor({ ...c, payer: 'referrer' }, meta.today);
  const now = contributionFor({ ...c, payer: v }, meta.today);
  if (!discounted.discountRule || now.discountRule) return accept({ payer: v });
  return noted(
    accept({ payer: v }),
    say('reg.payer.no_discount', { full: { money: now.monthly }, discounted: { money: discounted.monthly } }),
  );
}

const other = (c: Ctx) => c.forWhom !== 'self';

/** A referral that holds a NIK already. */
export interface ExistingReferral {
  status: string;
  code: string;
  referrerKey: string;
}

/**
 * The refusal of a NIK with an open or registered referral: the one who registered it sees its code and status;
 * anyone else a neutral reply that does not confirm the NIK is known (typing someone's NIK must reveal nothing).
 */
const duplicate = (existing: ExistingReferral, meta: TurnMeta) =>
  existing.referrerKey === meta.userKey
    ? refuse('reg.error.nik.duplicate_own', { code: existing.code, status: { key: `status.${existing.status}` as MessageKey } })
    : refuse('reg.error.nik.duplicate');

/**
 * What the sealed NIK encodes (birth date, district), read when a prompt shows it. Why not kept in the draft: the
 * snapshot is stored, and birth date + district next to the masked NIK's serial rebuild the whole NIK.
 */
function nikFacts(services: RegistrationServices, c: Ctx, today: string) {
  return c.nikSealed ? decodeNik(services.unseal(c.nikSealed), today) : undefined;
}

/** The NIK's facts to confirm: masked number, birth date, gender and district (a note first when unknown). */
function nikConfirmPrompt(services: RegistrationServices, c: Ctx, meta: TurnMeta): Say[] {
  const facts = nikFacts(services, c, meta.today);
  const area = facts ? districtByNik(facts.districtCode) : undefined;
  const says = [
    say(
      'reg.ask.nik_confirm',
      {
        nik: c.nikMasked ?? '',
        birth: { date: facts?.birthDate ?? '' },
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
}

/** Everything collected, the contributions (with discount and estimate notes), and submit / edit / cancel. */
function summary(services: RegistrationServices, c: Ctx, meta: TurnMeta): Say[] {
  const i = contributionFor(c, meta.today);
  const params: Params = {
    name: c.name ?? '',
    nik: c.nikMasked ?? '',
    birth: { date: nikFacts(services, c, meta.today)?.birthDate ?? '' },
    gender: { key: c.gender === 'P' ? 'reg.gender.female' : 'reg.gender.male' },
    phone: displayPhone(c.phone ?? ''),
    phoneOwner: { key: c.phoneOwner === 'referrer' ? 'reg.summary.phone_referrer' : 'reg.summary.phone_worker' },
    village: c.villageCode ? villageLabel(c.villageCode) : '-',
    occupation: c.occupation === 'lainnya' ? (c.occupationText ?? '') : { key: occupationLabel(c.occupation ?? 'lainnya') },
    income: { money: c.incomeBase ?? 0 },
    programs: { key: c.jht ? 'reg.programs.with_jht' : 'reg.programs.base' },
    amount: amountParam(i),
    payer: { key: `reg.payer.${contributionInput(c, meta.today).payer}` as MessageKey },
  };
  const says = [say(other(c) ? 'reg.summary.other' : 'reg.summary.self', params)];
  if (i.discountRule) says.push(say('reg.summary.discount', { until: { date: i.discountRule.validTo }, percent: i.discountRule.percent }));
  if (i.estimate) says.push(say('reg.summary.estimate'));
  says.push(say('reg.summary.ask', {}, keyed('reg.summary.submit', 'reg.summary.edit', 'reg.summary.cancel')));
  return says;
}

/** The message of a NIK error; letters get the hint for the digit they look like (O → 0, l/I → 1), or none. */
function nikErrorKey(code: string, chars: string): MessageKey {
  if (code !== 'not_digits') return `reg.error.nik.${code}` as MessageKey;
  if (/[oO]/.test(chars)) return 'reg.error.nik.not_digits';
  return /[lIi|]/.test(chars) ? 'reg.error.nik.not_digits_l' : 'reg.error.nik.not_digits_other';
}

/** Reads the NIK: valid, of working age, not registered already; stored sealed, hashed and masked. */
function readNik(services: RegistrationServices, text: string, meta: TurnMeta): Parsed<Ctx> {
  const { today } = meta;
  const r = parseNik(text, { today, minAge: services.minAge, maxAge: services.maxAge });
  if (!r.ok) return refuse(nikErrorKey(r.error.code, String(r.error.params?.chars ?? '')), r.error.params as Params);
  const nikHash = services.hash(r.nik);
  const existing = services.existingReferral(nikHash);
  if (existing) return duplicate(existing, meta);
  return accept({ nikSealed: services.seal(r.nik), nikHash, nikMasked: maskNik(r.nik), gender: r.gender });
}

/** Reads the phone; a worker without one may use the referrer's (when the channel knows it). */
function readPhone(services: RegistrationServices, text: string, c: Ctx, meta: TurnMeta): Parsed<Ctx, 'default' | 'self' | 'referrer'> {
  if (other(c) && /^(tidak (ada|punya)|ga(k)? (ada|punya)|nggak (ada|punya)|none|no phone)$/.test(normalizeAnswer(text))) {
    const mine = services.referrerPhone(meta.userKey);
    return mine ? accept({ phone: mine, phoneOwner: 'referrer' as const }, 'referrer') : refuse('reg.error.phone.need_referrer');
  }
  const r = parsePhone(text);
  if (!r.ok) return refuse(`reg.error.phone.${r.error.code}` as MessageKey, r.error.params as Params);
  return other(c) ? accept({ phone: r.e164 }) : accept({ phone: r.e164, phoneOwner: 'worker' as const }, 'self');
}

/** The registration questions, in the order they are asked, with where each answer leads. */
function registrationQuestions(services: RegistrationServices) {
  const question = questionFor<Ctx>();
  return {
    forWhom: question({
      prompt: () => [say('reg.ask.for_whom', {}, keyed('reg.for_whom.other', 'reg.for_whom.self'))],
      answer: (text) => {
        const v = matchOption(text, forWhomOptions);
        return v ? accept({ forWhom: v }) : refuse('reg.error.choose', { max: 2 });
      },
      next: { default: 'consent' },
      whileEditing: 'continue',
    }),
    consent: question({
      ...confirmQuestion<Ctx, 'default', 'refused'>(
        (c) => [say(other(c) ? 'reg.ask.consent_other' : 'reg.ask.consent_self', {}, keyed('reg.consent.yes', 'reg.consent.no'))],
        { yes: accept({ consent: true }), no: accept({ consent: false }, 'refused') },
      ),
      next: { default: 'afterConsent', refused: 'refused' },
      whileEditing: 'continue',
    }),
    occupation: question({
      ...occupationQuestion((c: Ctx) => (other(c) ? 'reg.ask.occupation_other' : 'reg.ask.occupation_self')),
      next: { default: 'name', other: 'occupationOther' },
    }),
    occupationOther: question({ ...occupationTextQuestion('reg.ask.occupation_text'), next: { default: 'name' } }),
    name: question({
      prompt: (c) => [say(other(c) ? 'reg.ask.name_other' : 'reg.ask.name_self')],
      answer: (text) => {
        const r = parseFullName(text);
        return r.ok ? accept({ name: r.name }) : refuse(`reg.error.name.${r.error.code}` as MessageKey, r.error.params);
      },
      next: { default: 'nik' },
    }),
    nik: question({
      prompt: (c) => [say(other(c) ? 'reg.ask.nik_other' : 'reg.ask.nik_self', { name: c.name ?? '' })],
      answer: (text, _c, meta) => readNik(services, text, meta),
      next: { default: 'nikConfirm' },
      whileEditing: 'continue',
    }),
    nikConfirm: question({
      ...confirmQuestion<Ctx, 'default', 'retype'>((c, meta) => nikConfirmPrompt(services, c, meta), {
        yes: accept({}),
        no: accept({ nikSealed: undefined, nikHash: undefined, nikMasked: undefined }, 'retype'),
      }),
      next: { default: 'phone', retype: 'nik' },
    }),
    phone: question({
      prompt: (c, meta) => {
        if (!other(c)) return [say('reg.ask.phone_self')];
        const mine = services.referrerPhone(meta.userKey);
        return [say(mine ? 'reg.ask.phone_other_known' : 'reg.ask.phone_other', { name: c.name ?? '' })];
      },
      answer: (text, c, meta) => readPhone(services, text, c, meta),
      next: { default: 'phoneOwner', self: 'village', referrer: 'village' },
      whileEditing: 'continue',
    }),
    phoneOwner: question({
      prompt: (c) => [
        say(
          'reg.ask.phone_owner',
          { phone: displayPhone(c.phone ?? ''), name: c.name ?? '' },
          keyed('reg.phone_owner.worker', 'reg.phone_owner.referrer', 'reg.phone_owner.retype'),
        ),
      ],
      answer: (text) => {
        const v = matchOption(text, phoneOwnerOptions);
        if (v === 'worker' || v === 'referrer') return accept({ phoneOwner: v });
        return v === 'retype' ? accept({ phone: undefined }, 'retype') : refuse('reg.error.choose', { max: 3 });
      },
      next: { default: 'village', retype: 'phone' },
    }),
    village: question({
      prompt: (c) => [say(other(c) ? 'reg.ask.village_other' : 'reg.ask.village_self')],
      answer: searchVillage,
      next: { default: 'villagePick' },
      whileEditing: 'continue',
    }),
    villagePick: question({
      ...villagePickQuestion<Ctx>(),
      next: { default: 'afterVillage', again: 'villagePick' },
    }),
    income: question({
      ...incomeQuestion({
        ask: (c: Ctx) => (other(c) ? 'reg.ask.income_other' : 'reg.ask.income_self'),
        choice: 'reg.income.choice',
        estimate: 'reg.income.choice_estimate',
      }),
      next: { default: 'jht' },
    }),
    jht: question({
      ...confirmQuestion<Ctx, 'default', 'default'>(
        (c, meta) => {
          const base = contributionFor({ ...c, jht: false }, meta.today);
          const withJht = contributionFor({ ...c, jht: true }, meta.today);
          const params = { base: priceParam(base), jht: { money: withJht.jht }, total: { money: withJht.monthly } };
          return [say('reg.ask.jht', params, keyed('reg.jht.yes', 'reg.jht.no'))];
        },
        { yes: accept({ jht: true }), no: accept({ jht: false }) },
      ),
      next: { default: 'period' },
    }),
    period: question({
      ...periodQuestion((c: Ctx, meta) => [say('reg.ask.period', { price: priceParam(contributionFor(c, meta.today)) })]),
      next: { default: 'afterPeriod' },
    }),
    payer: question({
      prompt: (c) => [
        say('reg.ask.payer', { name: c.name ?? '' }, keyed('reg.payer.referrer', 'reg.payer.self', 'reg.payer.apbdes', 'reg.payer.donor')),
      ],
      answer: (text, c, meta) => readPayer(text, c, meta),
      next: { default: 'summary' },
    }),
    summary: question({
      prompt: (c, meta) => summary(services, c, meta),
      answer: (text, c, meta): Parsed<Ctx, 'submit' | 'edit' | 'cancel' | EditableId> => {
        const v = matchOption(text, summaryOptions);
        // "ubah penghasilan" goes straight to the income question, not to the list of fields.
        const field = v === 'edit' ? fieldNamed(text, c) : undefined;
        if (field) return accept({ editing: true }, field);
        if (!v) return refuse('reg.error.choose', { max: 3 });
        // Checked again: someone else may have registered this NIK since it was typed.
        const existing = v === 'submit' && c.nikHash ? services.existingReferral(c.nikHash) : undefined;
        return existing ? duplicate(existing, meta) : accept({}, v);
      },
      next: {
        submit: 'submitted',
        edit: 'editPick',
        cancel: 'cancelled',
        ...editTargets,
      },
      entry: ['stopEditing'],
      actions: { submit: 'submit' },
      whileEditing: 'continue',
    }),
    editPick: question({
      prompt: (c) => [
        say(
          'reg.ask.edit_pick',
          {},
          editableFor(c).map((e) => ({ key: e.label })),
        ),
      ],
      answer: (text, c) => {
        const fields = editableFor(c);
        const v = matchOption(text, fields);
        return v ? accept({ editing: true }, v) : refuse('reg.error.choose', { max: fields.length });
      },
      next: {
        ...editTargets,
      },
      whileEditing: 'continue',
    }),
  };
}

/** Builds the registration flow ("Daftarkan pekerja" / "Daftar untuk diri sendiri"). */
export function createRegistrationFlow(services: RegistrationServices): FlowDefinition {
  const questions = registrationQuestions(services);
  type Q = keyof typeof questions;
  const kit = questionKit<typeof questions, Ctx>(questions, 'forWhom');

  const machine = setup({
    types: flowTypes<Ctx, { forWhom?: 'other' | 'self'; prefill?: Partial<RegistrationDraft> }>(),
    guards: {
      ...kit.guards,
      acceptedWhileEditing: ({ context, event }, p: { q: Q }) => {
        const r = kit.parse(event, p.q, context);
        return context.editing && r.ok && r.branch === 'default';
      },
      // Answers prefilled by the calculator are not asked again (they can still be changed from the summary).
      hasOccupation: ({ context }) => context.occupation !== undefined && context.sector !== undefined,
      hasIuranChoices: ({ context }) => context.incomeBase !== undefined && context.jht !== undefined && context.periodMonths !== undefined,
      needsForWhom: ({ context }) => context.forWhom === undefined,
      needsPayer: ({ context }) => other(context) && context.payer === undefined,
    },
    actions: {
      ...kit.actions,
      stopEditing: assign({ editing: false }),
      cancelled: emit(say('reg.cancelled')),
      refused: emit(say('reg.consent.refused')),
      // Injected with provide(): the DB write. The default refuses, so a flow never "submits" into nothing.
      submit: () => {
        throw new Error('registration submit action not provided');
      },
      done: emit(({ context }) =>
        sayMany([
          say(other(context) ? 'reg.done.other' : 'reg.done.self', { code: context.code ?? '', name: context.name ?? '' }),
          say(context.payer && publicPayers.includes(context.payer) ? 'reg.done.next_public' : 'reg.done.next'),
          ...(context.share ? [say(context.share.links ? 'reg.done.share' : 'reg.done.share_code', context.share)] : []),
        ]),
      ),
    },
  });

  // Unless its row says otherwise, an answer given while editing from the summary goes back to the summary.
  const backToSummary = (q: Q, row: { whileEditing?: 'continue' }) =>
    row.whileEditing === 'continue'
      ? []
      : [
          {
            guard: { type: 'acceptedWhileEditing' as const, params: { q } },
            target: 'summary',
            actions: [
              { type: 'apply' as const, params: { q } },
              { type: 'note' as const, params: { q } },
            ],
          },
        ];

  const built = machine.createMachine({
    id: 'registration',
    context: ({ input }) => ({ trail: [], editing: false, forWhom: input.forWhom, ...(input.prefill ?? {}) }),
    initial: 'start',
    on: { 'flow.resume': { actions: 'reprompt' }, 'flow.back': backTransitions<Ctx>(Object.keys(questions)) },
    states: flowStates(
      questions,
      {
        start: { always: [{ guard: 'needsForWhom', target: 'forWhom' }, { target: 'consent' }] },
        afterConsent: { always: [{ guard: 'hasOccupation', target: 'name' }, { target: 'occupation' }] },
        afterVillage: { always: [{ guard: 'hasIuranChoices', target: 'afterPeriod' }, { target: 'income' }] },
        afterPeriod: { always: [{ guard: 'needsPayer', target: 'payer' }, { target: 'summary' }] },
        submitted: { type: 'final', entry: 'done' },
        cancelled: { type: 'final', entry: 'cancelled' },
        refused: { type: 'final', entry: 'refused' },
      },
      backToSummary,
    ),
    output: () => ({ showMenu: true }),
  });

  return { id: 'registration', version: 1, machine: built, titleKey: 'reg.title' };
}
