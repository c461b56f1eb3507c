import { assign, emit, setup } from 'xstate';
import { villageByCode } from '../src/domain/areas.ts';
import { matchOption, normalizeAnswer, type Option } from '../src/engine/answers.ts';
import { keyed, say } from '../src/engine/flow-types.ts';
import type { FlowDefinition } from '../src/engine/run-flow.ts';
import type { MessageKey } from '../src/i18n.ts';
import { DESA_ROLES, type DesaRole } from '../src/store/desa-requests.ts';
import { accept, backTransitions, flowStates, flowTypes, questionFor, questionKit, refuse, type TrailContext } from './kit.ts';
import { confirmQuestion } from './questions/confirm.ts';
import { searchVillage, type VillageAnswer, villageLabel, villagePickQuestion } from './questions/village.ts';

interface Ctx extends TrailContext, VillageAnswer {
  role?: DesaRole;
  name?: string;
  note?: string | null;
  /** The request's code, once sent. */
  code?: string;
}

/** What the request flow needs from outside: the community name check, and whether the user already waits. */
export interface DesaRequestDeps {
  /** The tidied community name, or undefined when it is not 3–80 characters. */
  normalizeName: (raw: string) => string | undefined;
}

const ROLE_WORDS: Record<DesaRole, string[]> = {
  kepala_desa: ['kepala desa', 'kades', 'lurah', 'kepala kelurahan', 'village head'],
  perangkat_desa: ['perangkat desa', 'sekdes', 'sekretaris desa', 'kaur', 'kasi', 'bpd', 'village officer'],
  bhabinkamtibmas: ['bhabinkamtibmas', 'bhabin', 'babinkamtibmas', 'polisi'],
  babinsa: ['babinsa', 'tni'],
  pendamping_desa: ['pendamping desa', 'pendamping', 'village facilitator'],
  ketua_paguyuban: ['ketua paguyuban', 'paguyuban', 'ketua komunitas', 'ketua rt', 'ketua rw'],
};
const ROLE_OPTIONS: readonly Option<DesaRole>[] = DESA_ROLES.map((id) => ({ id, words: ROLE_WORDS[id] }));

/** The locale key of a role's label. */
export function roleLabel(role: DesaRole): MessageKey {
  return `village.role.${role}` as MessageKey;
}

const NOTE_MAX = 300;

function requestQuestions(deps: DesaRequestDeps) {
  const question = questionFor<Ctx>();
  return {
    role: question({
      prompt: () => [
        say(
          'village.req.ask_role',
          {},
          DESA_ROLES.map((r) => ({ key: roleLabel(r) })),
        ),
      ],
      answer: (text) => {
        // A sentence naming the role ("saya kepala desa mau daftarin warga") answers too, not only the label.
        const role = matchOption(text, ROLE_OPTIONS) ?? roleIn(text);
        return role ? accept({ role }) : refuse('reg.error.choose', { max: DESA_ROLES.length });
      },
      next: { default: 'village' },
    }),
    village: question({
      prompt: () => [say('village.req.ask_village')],
      answer: searchVillage,
      next: { default: 'villagePick' },
    }),
    villagePick: question({
      ...villagePickQuestion<Ctx>(),
      next: { default: 'name', again: 'villagePick' },
    }),
    name: question({
      prompt: (c) => [say('village.req.ask_name', { suggestion: suggestedName(c) }, [{ raw: suggestedName(c) }])],
      answer: (text, c) => {
        const raw = text.trim() === '1' ? suggestedName(c) : text;
        const name = deps.normalizeName(raw);
        return name ? accept({ name }) : refuse('village.req.error.name');
      },
      next: { default: 'note' },
    }),
    note: question({
      prompt: () => [say('village.req.ask_note', {}, keyed('village.req.no_note'))],
      answer: (text) => {
        const t = text.trim();
        if (t === '1' || matchOption(t, [{ id: 'skip', words: ['lewati', 'tidak ada', 'skip', 'tidak', 'no'] }]))
          return accept({ note: null });
        return t.length <= NOTE_MAX ? accept({ note: t }) : refuse('village.req.error.note', { max: NOTE_MAX, count: t.length });
      },
      next: { default: 'confirm' },
    }),
    confirm: question({
      ...confirmQuestion<Ctx, 'send', 'drop'>(
        (c) => [
          say(
            'village.req.summary',
            {
              role: { key: roleLabel(c.role ?? 'kepala_desa') },
              village: c.villageCode ? villageLabel(c.villageCode) : '-',
              name: c.name ?? '',
              note: c.note ?? '-',
            },
            keyed('village.req.send', 'village.req.dont'),
          ),
        ],
        { yes: accept({}, 'send'), no: accept({}, 'drop') },
      ),
      next: { send: 'sent', drop: 'dropped' },
      actions: { send: 'submitRequest' },
    }),
  };
}

function suggestedName(c: Ctx): string {
  const v = c.villageCode ? villageByCode(c.villageCode) : undefined;
  return v ? `Desa ${v.name}` : 'Desa';
}

/** Builds the desa request flow: role (unless the words said it), the desa from the village search, a name, a note, confirm. */
export function createDesaRequestFlow(deps: DesaRequestDeps): FlowDefinition {
  const questions = requestQuestions(deps);
  const kit = questionKit<typeof questions, Ctx>(questions, 'role');
  const machine = setup({
    types: flowTypes<Ctx, { role?: DesaRole }>(),
    guards: { ...kit.guards, knowsRole: ({ context }) => context.role !== undefined },
    actions: {
      ...kit.actions,
      // Injected with provide(): stores the request and queues the notices, in the turn's transaction; sets `code`.
      submitRequest: assign((): Partial<Ctx> => {
        throw new Error('submitRequest action not provided');
      }),
      sent: emit(({ context }) => say('village.req.sent', { code: context.code ?? '' })),
      dropped: emit(say('village.req.dropped')),
      intro: emit(say('village.req.intro')),
    },
  }).createMachine({
    id: 'desa-request',
    context: ({ input }) => ({ trail: [], ...(input.role && DESA_ROLES.includes(input.role) ? { role: input.role } : {}) }),
    initial: 'start',
    on: { 'flow.resume': { actions: 'reprompt' }, 'flow.back': backTransitions<Ctx>(Object.keys(questions)) },
    states: flowStates(questions, {
      // Why the opening line here and not in the role question: it is said once, whether or not the words named the role.
      start: { entry: 'intro', always: [{ guard: 'knowsRole', target: 'village' }, { target: 'role' }] },
      sent: { type: 'final', entry: 'sent' },
      dropped: { type: 'final', entry: 'dropped' },
    }),
    output: () => ({ showMenu: true }),
  });
  return { id: 'desa-request', version: 1, machine, titleKey: 'village.req.title' };
}

/** The role a sentence names ("sy kepala desa mau daftarin warga", "ketua paguyuban bakso"), longest phrase first. */
export function roleIn(text: string): DesaRole | undefined {
  const plain = ` ${normalizeAnswer(text)} `;
  const found = DESA_ROLES.flatMap((id) => ROLE_WORDS[id].map((w) => ({ id, w: normalizeAnswer(w) })))
    .filter(({ w }) => plain.includes(` ${w} `))
    .sort((a, b) => b.w.length - a.w.length)[0];
  return found?.id;
}
