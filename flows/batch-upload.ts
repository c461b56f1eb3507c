import { assign, emit, setup } from 'xstate';
import type { Payer } from '../src/domain/rates.ts';
import { matchOption } from '../src/engine/answers.ts';
import { type DocumentFacts, type FlowEvent, keyed, type Say, say, type TurnMeta } from '../src/engine/flow-types.ts';
import type { FlowDefinition } from '../src/engine/run-flow.ts';
import type { MessageKey } from '../src/i18n.ts';
import { accept, backTransitions, flowStates, flowTypes, questionFor, questionKit, refuse, type TrailContext } from './kit.ts';

/** The payers a desa batch is usually paid by, in the order offered (APBDes first: the village budget). */
const BATCH_PAYERS: readonly Payer[] = ['apbdes', 'apbd', 'donor', 'referrer', 'self'];

interface Ctx extends TrailContext {
  communityId: number;
  communityName: string;
  batchId?: number;
  total?: number;
  ready?: number;
  invalid?: number;
  payer?: Payer;
  /** Referrals the submission created, and ready rows someone registered in the meantime. */
  created?: number;
  skipped?: number;
}

/** What the batch flow needs from the feature: the amounts per payer, the consent check, and the submission. */
export interface BatchFlowDeps {
  /** The batch's total for the months chosen per row, paid by `payer`, from today's rates. */
  totalFor: (batchId: number, payer: Payer, today: string) => { monthly: number; period: number; discounted: boolean };
  /** Whether a text is the batch consent statement, in the user's language (typos in spacing and case forgiven). */
  isConsent: (text: string, meta: TurnMeta) => boolean;
}

const payerLabel = (p: Payer) => `reg.payer.${p}` as MessageKey;

function batchQuestions(deps: BatchFlowDeps) {
  const question = questionFor<Ctx>();
  return {
    review: question({
      prompt: (c) => [
        say(
          'village.batch.review',
          { ready: c.ready ?? 0, invalid: c.invalid ?? 0 },
          keyed('village.batch.go_on', 'village.batch.send_again'),
        ),
      ],
      answer: (text) => {
        const v = matchOption(text, [
          { id: 'go', words: ['lanjut', 'lanjutkan', 'ya', 'continue'] },
          { id: 'again', words: ['kirim ulang', 'perbaiki', 'fix'] },
        ]);
        return v === 'go' ? accept({}) : v === 'again' ? accept({}, 'again') : refuse('reg.error.choose', { max: 2 });
      },
      next: { default: 'payer', again: 'file' },
    }),
    payer: question({
      prompt: (c, meta) => [
        say(
          'village.batch.ask_payer',
          { ready: c.ready ?? 0 },
          BATCH_PAYERS.map((p) => {
            const total = deps.totalFor(c.batchId ?? 0, p, meta.today);
            return {
              key: total.discounted ? 'village.batch.payer_choice_discount' : 'village.batch.payer_choice',
              params: { payer: { key: payerLabel(p) }, period: { money: total.period }, monthly: { money: total.monthly } },
            };
          }),
        ),
      ],
      answer: (text) => {
        const payer = matchOption(
          text,
          BATCH_PAYERS.map((p) => ({ id: p, words: [p] })),
        );
        return payer ? accept({ payer }) : refuse('reg.error.choose', { max: BATCH_PAYERS.length });
      },
      next: { default: 'consent' },
    }),
    consent: question({
      prompt: (c, meta) => {
        const total = deps.totalFor(c.batchId ?? 0, c.payer ?? 'apbdes', meta.today);
        return [
          say('village.batch.ask_consent', {
            ready: c.ready ?? 0,
            payer: { key: payerLabel(c.payer ?? 'apbdes') },
            period: { money: total.period },
            statement: { key: 'village.batch.consent_statement' },
          }),
        ];
      },
      answer: (text, _c, meta) =>
        deps.isConsent(text, meta)
          ? accept({})
          : refuse('village.batch.error.consent', { statement: { key: 'village.batch.consent_statement' } }),
      next: { default: 'submitted' },
      actions: { default: 'submitBatch' },
    }),
  };
}

/** The facts of a document event, or undefined for any other event. */
function fileFacts(event: FlowEvent): DocumentFacts | undefined {
  return event.type === 'user.document' ? event.file : undefined;
}

/** What to say about a file that was read: its error, "already sent", or the summary. */
function fileSays(facts: DocumentFacts): Say[] {
  if (typeof facts.error === 'string') return [say(`village.batch.error.${facts.error}` as MessageKey, { ...facts, error: '' })];
  if (facts.already) return [say('village.batch.already', { date: { date: String(facts.date ?? '') } })];
  const counts = { ready: Number(facts.ready ?? 0), invalid: Number(facts.invalid ?? 0), total: Number(facts.total ?? 0) };
  // One message: the error file is attached to it.
  return [say(counts.invalid > 0 ? 'village.batch.summary_errors' : 'village.batch.summary', counts)];
}

/** A file with rows ready to submit. */
const usable = (facts: DocumentFacts | undefined) =>
  facts !== undefined && facts.error === undefined && !facts.already && Number(facts.ready ?? 0) > 0;

/**
 * Builds the bulk upload flow: wait for the spreadsheet (read by the feature before the turn), review the summary
 * and error file, choose the payer with the amounts, type the batch consent statement, submit.
 */
export function createBatchUploadFlow(deps: BatchFlowDeps): FlowDefinition {
  const questions = batchQuestions(deps);
  const kit = questionKit<typeof questions, Ctx>(questions, 'review');
  // A file is welcome at every step before the consent: a corrected file replaces the draft.
  const onFile = {
    'user.document': [
      { guard: 'usableFile', target: '.review', reenter: true, actions: ['saySummary', 'takeFile'] },
      { actions: 'saySummary' },
    ],
  } as const;
  const machine = setup({
    types: flowTypes<Ctx, { communityId: number; communityName: string }>(),
    guards: { ...kit.guards, usableFile: ({ event }) => usable(fileFacts(event)) },
    actions: {
      ...kit.actions,
      saySummary: emit(({ event }) => ({ type: 'say.many' as const, says: fileSays(fileFacts(event) ?? {}) })),
      takeFile: assign(({ event }) => {
        const f = fileFacts(event) ?? {};
        return { batchId: Number(f.batchId), total: Number(f.total), ready: Number(f.ready), invalid: Number(f.invalid) };
      }),
      askFile: emit(({ context }) => say('village.batch.ask_file', { name: context.communityName })),
      needFile: emit(say('village.batch.need_file')),
      // Injected with provide(): creates the referrals and marks the batch submitted, in the turn's transaction.
      submitBatch: assign((): Partial<Ctx> => {
        throw new Error('submitBatch action not provided');
      }),
      submitted: emit(({ context }) =>
        say('village.batch.submitted', { created: context.created ?? 0, skipped: context.skipped ?? 0, name: context.communityName }),
      ),
    },
  }).createMachine({
    id: 'batch-upload',
    context: ({ input }) => ({ trail: [], communityId: input.communityId, communityName: input.communityName }),
    initial: 'file',
    on: { 'flow.resume': { actions: 'reprompt' }, 'flow.back': backTransitions<Ctx>(Object.keys(questions)), ...onFile },
    states: flowStates(questions, {
      file: {
        entry: 'askFile',
        on: { 'user.text': { actions: 'needFile' }, 'flow.resume': { actions: 'askFile' } },
      },
      submitted: { type: 'final', entry: 'submitted' },
    }),
    output: () => ({ showMenu: true }),
  });
  return { id: 'batch-upload', version: 1, machine, titleKey: 'village.batch.title' };
}
