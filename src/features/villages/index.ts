import type { Vault } from '../../domain/vault.ts';
import type { CommandHandler, MenuEntry, TurnApi } from '../../engine/bot.ts';
import { type CommandId, commandWords } from '../../engine/command-table.ts';
import { asLocale, t } from '../../i18n.ts';
import { desaStatsText } from '../../reports/desa-stats.ts';
import { writeSheet } from '../../reports/spreadsheet.ts';
import { auditStore } from '../../store/audit.ts';
import { type CommunityRow, communityStore } from '../../store/communities.ts';
import type { Db } from '../../store/db.ts';
import { desaRequestStore } from '../../store/desa-requests.ts';
import { batchFeature } from './batch-upload.ts';
import { templateSpec } from './columns.ts';
import { desaRequestFeature } from './requests.ts';

/** What the village feature needs from the app. */
export interface VillageDeps {
  db: Db;
  vault: Vault;
  superAdmins: readonly string[];
  /** `DESA_TARGET`: registrations per desa. */
  target: number;
  minAge: number;
  maxAge: number;
  timeZone: string;
  linkTargets: () => { telegramUsername?: string; whatsappNumber?: string };
}

/**
 * Village pillars: desa community requests and their approval, the spreadsheet template, bulk upload (the batch
 * flow and the document reader), the daily summary opt-in, and the desa section of `statistik`.
 */
export function villageFeature(deps: VillageDeps) {
  const requests = desaRequestFeature({ db: deps.db, superAdmins: deps.superAdmins, target: deps.target, linkTargets: deps.linkTargets });
  const batch = batchFeature(deps);
  const ctx: VillageContext = {
    communities: communityStore(deps.db),
    desa: desaRequestStore(deps.db),
    audit: auditStore(deps.db),
    requests,
  };
  const isDesaAdmin = (turn: TurnApi) => desaOf(ctx, turn).length > 0;
  const startUpload = (turn: TurnApi) => startBatchUpload(ctx, turn);
  const sendTemplate = (turn: TurnApi) => sendTemplates(ctx, turn);
  const menu: MenuEntry[] = [
    {
      id: 'desa_request',
      titleKey: 'village.menu.request',
      words: commandWords('desa_request'),
      run: (turn) => requests.startRequest(turn, turn.text),
      visible: (turn) => !isAnyAdmin(ctx, turn),
    },
    { id: 'batch_upload', titleKey: 'village.menu.upload', words: commandWords('batch_upload'), run: startUpload, visible: isDesaAdmin },
    { id: 'template', titleKey: 'village.menu.template', words: commandWords('template'), run: sendTemplate, visible: isDesaAdmin },
  ];
  const commands: Partial<Record<CommandId, CommandHandler>> = {
    ...requests.commands,
    template: (turn) => {
      sendTemplate(turn);
      return true;
    },
    batch_upload: (turn) => {
      startUpload(turn);
      return true;
    },
    desa_summary_on: (turn) => setSummary(ctx, turn, true),
    desa_summary_off: (turn) => setSummary(ctx, turn, false),
  };
  return {
    flows: [...requests.flows, ...batch.flows],
    menu,
    commands,
    prepareDocument: batch.prepareDocument,
    /** The desa section of `statistik` for a community (undefined when it is not a desa's). */
    statsSection: (communityId: number, locale: 'id' | 'en') => desaStatsText(deps.db, communityId, locale),
  };
}

/** The opened stores and the request feature, handed to the village handlers. */
interface VillageContext {
  communities: ReturnType<typeof communityStore>;
  desa: ReturnType<typeof desaRequestStore>;
  audit: ReturnType<typeof auditStore>;
  requests: ReturnType<typeof desaRequestFeature>;
}

/** The approved desa communities this user administers. */
function desaOf({ communities, desa }: VillageContext, turn: TurnApi): CommunityRow[] {
  return communities.adminOf(turn.user.key).filter((c) => desa.desaOf(c.id) !== undefined);
}

/** Whether the user is a super-admin or administers any community (such users are not offered a desa request). */
function isAnyAdmin({ communities }: VillageContext, turn: TurnApi): boolean {
  return turn.isAdmin || communities.adminOf(turn.user.key).length > 0;
}

/** Sends the spreadsheet template (Excel and CSV) after the turn commits, to desa admins and super-admins. */
function sendTemplates(ctx: VillageContext, turn: TurnApi): void {
  if (!(desaOf(ctx, turn).length > 0) && !turn.isAdmin) {
    turn.reply('village.batch.not_desa_admin');
    return;
  }
  turn.reply('village.template.sent');
  const locale = asLocale(turn.user.locale);
  turn.afterCommit(async () => {
    const spec = templateSpec(locale);
    return [
      {
        text: t(locale, 'village.template.xlsx'),
        document: { content: await writeSheet(spec, 'xlsx'), filename: 'template-daftarin-desa.xlsx' },
      },
      {
        text: t(locale, 'village.template.csv'),
        document: { content: await writeSheet(spec, 'csv'), filename: 'template-daftarin-desa.csv' },
      },
    ];
  });
}

/** Starts the batch flow for the admin's first desa community, or says why they cannot upload yet. */
function startBatchUpload(ctx: VillageContext, turn: TurnApi): void {
  const [first] = desaOf(ctx, turn);
  if (!first) turn.reply(ctx.requests.hasOpenRequest(turn.user.key) ? 'village.batch.wait_approval' : 'village.batch.not_desa_admin');
  else turn.startFlow('batch-upload', { communityId: first.id, communityName: first.name });
}

/** Turns the daily summary on or off for every desa community the user administers (not handled when there is none). */
function setSummary(ctx: VillageContext, turn: TurnApi, on: boolean): boolean {
  const list = desaOf(ctx, turn);
  if (list.length === 0) return false;
  for (const c of list) {
    ctx.desa.setSummary(c.id, on);
    ctx.audit.record(turn.user.key, on ? 'desa.summary_on' : 'desa.summary_off', `community=${c.code}`, turn.meta.now);
  }
  turn.reply(on ? 'village.summary.on' : 'village.summary.off');
  return true;
}
