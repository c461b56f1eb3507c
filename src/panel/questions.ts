import type { Hono } from 'hono';
import { TOPIC_IDS, type TopicId } from '../faq/topics.ts';
import { unansweredLog } from '../faq/unanswered.ts';
import { learnPhrase } from '../features/faq-learning.ts';
import { learnedPhraseStore } from '../store/faq-learned.ts';
import { allow } from './auth.ts';
import type { PanelDeps, PanelEnv } from './context.ts';
import { h } from './html.ts';
import { csrfField, type PanelContext, page, refusal, tr } from './layout.ts';

/** Questions read for grouping (the newest); older ones were seen already. */
const READ_LIMIT = 2000;

/** The same question written with other capitals, spaces or punctuation counts as one. */
function groupKey(q: string): string {
  return q
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Unanswered questions grouped by their wording, most asked first. */
function groupQuestions(rows: readonly { question: string; at: number }[]): { text: string; count: number; last: number }[] {
  const groups = new Map<string, { text: string; count: number; last: number }>();
  for (const r of rows) {
    const key = groupKey(r.question);
    if (!key) continue;
    const g = groups.get(key);
    if (g) {
      g.count++;
      g.last = Math.max(g.last, r.at);
    } else groups.set(key, { text: r.question, count: 1, last: r.at });
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || b.last - a.last);
}

/** Pertanyaan: what the FAQ could not answer, grouped; attaching one to a topic teaches the matcher that phrasing. */
export function questionRoutes(app: Hono<PanelEnv>, deps: PanelDeps): void {
  const topicOptions = (c: PanelContext) => TOPIC_IDS.map((id) => h`<option value="${id}">${tr(c, `faq.topic.${id}`)}</option>`);
  app.get('/questions', allow('questions'), (c) => {
    const learned = new Set(
      learnedPhraseStore(deps.db)
        .all()
        .map((l) => groupKey(l.phrase)),
    );
    const groups = groupQuestions(unansweredLog(deps.db).recent(READ_LIMIT)).filter((g) => !learned.has(groupKey(g.text)));
    const done = c.req.query('learned');
    return page(c, {
      title: tr(c, 'panel.questions.title'),
      active: 'questions',
      body: h`${done ? h`<p class="notice" role="status">${tr(c, 'panel.questions.learned')}</p>` : ''}<p>${tr(c, 'panel.questions.intro')}</p>
${groups.length === 0 ? h`<p>${tr(c, 'panel.questions.none')}</p>` : ''}
<ul class="questions">${groups.slice(0, 100).map(
        (g) => h`<li><q>${g.text}</q> <span class="num">×${g.count}</span>
<form method="post" action="/questions/learn" class="inline">${csrfField(c)}<input type="hidden" name="question" value="${g.text}">
<label>${tr(c, 'panel.questions.topic')} <select name="topic" required><option value="">—</option>${topicOptions(c)}</select></label>
<button type="submit">${tr(c, 'panel.questions.attach')}</button></form></li>`,
      )}</ul>`,
    });
  });

  app.post('/questions/learn', allow('questions'), async (c) => {
    const body = await c.req.parseBody();
    const topic =
      typeof body.topic === 'string' && (TOPIC_IDS as readonly string[]).includes(body.topic) ? (body.topic as TopicId) : undefined;
    const question = typeof body.question === 'string' ? body.question.trim().slice(0, 300) : '';
    if (!topic || question.length < 2) return refusal(c, 400, 'panel.questions.incomplete');
    learnPhrase(deps.db, topic, question, c.get('role').key, c.get('now'));
    return c.redirect('/questions?learned=1', 303);
  });
}
