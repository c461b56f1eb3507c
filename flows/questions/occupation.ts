import { classifyOccupationText, type OccupationId, sectorOf } from '../../src/domain/occupations.ts';
import type { Sector } from '../../src/domain/rates.ts';
import { matchOption, soundsLikeQuestion, yesNo } from '../../src/engine/answers.ts';
import { say } from '../../src/engine/flow-types.ts';
import { detectIntent, occupationIn } from '../../src/engine/intents.ts';
import type { MessageKey } from '../../src/i18n.ts';
import { accept, type QuestionDef, refuse } from '../kit.ts';
import { OCCUPATION_CHOICES, OCCUPATION_OPTIONS } from '../occupations.ts';

/** What the occupation questions store. */
export interface OccupationAnswer {
  occupation?: OccupationId;
  occupationText?: string;
  sector?: Sector;
}

/**
 * The occupation a description names ("jualan bakso keliling" → pedagang keliling), else the description
 * itself as 'lainnya' (3–50 characters with letters); a question is no description.
 */
function describedOccupation(text: string): OccupationAnswer | undefined {
  // "mau daftar sendiri aja" typed at this question is a wish, not a job: the engine acts on it; "iya sudah
  // setuju" (the consent said again) is no job either.
  if (detectIntent(text) || matchOption(text, yesNo)) return undefined;
  const named = occupationIn(text);
  if (named) return { occupation: named, occupationText: undefined, sector: sectorOf(named) };
  const t = text.replace(/\s+/g, ' ').trim();
  if (soundsLikeQuestion(t) || t.split(' ').length < 2 || t.length > 50 || !/^[\p{L} .'/-]+$/u.test(t)) return undefined;
  return { occupation: 'lainnya', occupationText: t, sector: classifyOccupationText(t) };
}

/** "What is the occupation?" with the occupations as numbered choices, or described in words; `lainnya` takes the `other` branch. */
export function occupationQuestion<C>(ask: (context: C) => MessageKey): QuestionDef<C, 'default' | 'other', OccupationAnswer> {
  return {
    prompt: (c) => [say(ask(c), {}, [...OCCUPATION_CHOICES])],
    answer: (text) => {
      // Strict: in a sentence the most specific words decide ("jualan bakso keliling" is not "jualan" = PKL).
      const v = matchOption(text, OCCUPATION_OPTIONS, { strict: true });
      if (!v) {
        const described = describedOccupation(text);
        return described ? accept(described) : refuse('reg.error.choose', { max: OCCUPATION_OPTIONS.length });
      }
      if (v === 'lainnya') return accept({ occupation: v }, 'other');
      return accept({ occupation: v, occupationText: undefined, sector: sectorOf(v) });
    },
  };
}

/** "Type the occupation": free text of 3–50 characters with letters, classified into a sector. */
export function occupationTextQuestion<C>(ask: MessageKey): QuestionDef<C, 'default', OccupationAnswer> {
  return {
    prompt: () => [say(ask)],
    answer: (text) => {
      const t = text.replace(/\s+/g, ' ').trim();
      if (t.length < 3 || t.length > 50 || !/\p{L}/u.test(t)) return refuse('reg.error.occupation_text');
      return accept({ occupationText: t, sector: classifyOccupationText(t) });
    },
  };
}
