import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { planReminders, type ReminderSettings, reminderSettings } from '../jobs/reminder-plan.ts';
import { runReminders } from '../jobs/reminder-scheduler.ts';
import { startOfDayIn } from '../util/time.ts';
import { type AdminContext, AdminError } from './referral-commands.ts';

const USAGE = 'Usage: reminders preview --date YYYY-MM-DD | reminders run';

function settingsOf(ctx: AdminContext): ReminderSettings {
  return reminderSettings(ctx.config ?? loadConfig({}));
}

/** `reminders preview --date YYYY-MM-DD`: what would go out that day (from the start of daytime hours), without sending. */
function preview(ctx: AdminContext, args: string[]): void {
  const { values } = parseArgs({ args, options: { date: { type: 'string' } }, strict: true });
  const date = values.date;
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)))
    throw new AdminError(`--date wants a date as YYYY-MM-DD, got "${date ?? ''}". ${USAGE}`);
  const s = settingsOf(ctx);
  const at = startOfDayIn(s.timeZone, date) + s.startHour * 3_600_000;
  // Nudges depend on the hour someone stopped writing, not on the date: they are not part of a day's preview.
  const planned = planReminders(ctx.db, s, at, { nudges: false });
  for (const m of planned) ctx.out(`--- ${m.kind} ${m.period || '-'} → ${m.channel}:${m.chatId}\n${m.text}`);
  ctx.out(`${planned.length} message(s) would go out on ${date} (not sent; nudges for unfinished registrations are not listed).`);
}

/** `reminders run`: queues what is due now through the outbox (the running bot does this by itself every few minutes). */
function run(ctx: AdminContext): void {
  const r = runReminders(ctx.db, settingsOf(ctx), ctx.now);
  for (const m of r.queued) ctx.out(`queued ${m.kind} ${m.period || '-'} → ${m.channel}:${m.chatId}`);
  ctx.out(
    `${r.queued.length} message(s) queued; the running bot delivers them.${r.deferred > 0 ? ` ${r.deferred} wait for tomorrow's WhatsApp cap.` : ''}`,
  );
}

/** `npm run admin -- reminders preview|run`. */
export function remindersCommand(ctx: AdminContext, args: string[]): void {
  const [sub, ...rest] = args;
  if (sub === 'preview') preview(ctx, rest);
  else if (sub === 'run') run(ctx);
  else throw new AdminError(USAGE);
}
