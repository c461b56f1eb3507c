import { searchVillages, villageByCode } from '../../src/domain/areas.ts';
import { normalizeAnswer } from '../../src/engine/answers.ts';
import { say } from '../../src/engine/flow-types.ts';
import type { MessageKey, Params } from '../../src/i18n.ts';
import { clip } from '../../src/util/clip.ts';
import { accept, type Parsed, type QuestionDef, refuse } from '../kit.ts';

/** What the village search and pick store: the hits of the last search, then the one picked. */
export interface VillageAnswer {
  villageHits?: string[];
  villageCode?: string;
}

/** "Sukamaju, Kec. Cibeber, Kabupaten Cianjur, Jawa Barat" as a locale message (the code if unknown). */
export function villageLabel(code: string): { key: MessageKey; params: Params } {
  const v = villageByCode(code);
  return v
    ? { key: 'reg.village.label', params: { name: v.name, district: v.district, regency: v.regency, province: v.province } }
    : { key: 'reg.village.code', params: { code } };
}

/** Reads a village search: 3–100 characters that find at least one village. */
export function searchVillage(text: string): Parsed<VillageAnswer> {
  const q = text.replace(/\s+/g, ' ').trim();
  if (q.length < 3) return refuse('reg.error.village.short');
  // A village name with its kecamatan and kabupaten fits in 100 characters; longer text is not a place.
  if (q.length > 100) return refuse('reg.error.village.long');
  const { hits } = searchVillages(q, 5);
  if (hits.length === 0) return refuse('reg.error.village.none', { query: clip(q, 60) });
  return accept({ villageHits: hits.map((h) => h.code) });
}

/** Picks one of the search's hits by number; any other text is a new search (`again`), e.g. with the kecamatan. */
export function villagePickQuestion<C extends VillageAnswer>(): QuestionDef<C, 'default' | 'again', VillageAnswer> {
  return {
    prompt: (c) => {
      const hits = c.villageHits ?? [];
      return [say(hits.length === 1 ? 'reg.ask.village_pick_one' : 'reg.ask.village_pick', { count: hits.length }, hits.map(villageLabel))];
    },
    answer: (text, c) => {
      const hits = c.villageHits ?? [];
      const n = Number(normalizeAnswer(text));
      if (Number.isInteger(n) && n >= 1 && n <= hits.length) return accept({ villageCode: hits[n - 1], villageHits: undefined });
      if (/^\d+$/.test(normalizeAnswer(text))) {
        // "1 sampai 1" reads oddly: a single hit is confirmed with 1 or replaced by a new search.
        return hits.length === 1 ? refuse('village.pick_one_error') : refuse('reg.error.choose', { max: hits.length });
      }
      const again = searchVillage(text);
      return again.ok ? accept(again.patch, 'again') : again;
    },
  };
}
