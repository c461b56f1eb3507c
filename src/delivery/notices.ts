import { asLocale, type MessageKey, type Params, t } from '../i18n.ts';
import { conversationStore } from '../store/conversations.ts';
import type { Db } from '../store/db.ts';
import { outboxStore } from '../store/outbox.ts';

/** Queues a message to a user in their own language, through the durable outbox. */
export function queueNotice(db: Db, userKey: string, key: MessageKey, params: Params, now: number): number | undefined {
  const user = conversationStore(db).user(userKey);
  if (!user) return undefined;
  const text = t(asLocale(user.locale), key, params);
  return outboxStore(db).enqueue(user.channel, user.chat_id, text, now);
}
