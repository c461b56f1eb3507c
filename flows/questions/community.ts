import { choiceNumber } from '../../src/engine/answers.ts';
import { say } from '../../src/engine/flow-types.ts';
import type { MessageKey } from '../../src/i18n.ts';
import { accept, type QuestionDef, refuse } from '../kit.ts';

/** A community offered in a numbered list. */
export interface NamedCommunity {
  id: number;
  name: string;
}

/** What the community question reads (the list) and stores (the picked id). */
export interface CommunityPick {
  communities: NamedCommunity[];
  communityId?: number;
}

/** "Which community?" (`ask`) with the communities' names as numbered choices; stores the id of the one picked. */
export function communityQuestion<C extends CommunityPick>(ask: MessageKey): QuestionDef<C, 'default', Pick<CommunityPick, 'communityId'>> {
  return {
    prompt: (c) => [
      say(
        ask,
        {},
        c.communities.map((x) => ({ raw: x.name })),
      ),
    ],
    answer: (text, c) => {
      const n = choiceNumber(text, c.communities.length);
      const picked = n === undefined ? undefined : c.communities[n - 1];
      return picked ? accept({ communityId: picked.id }) : refuse('reg.error.choose', { max: c.communities.length });
    },
  };
}
