import type { Vault } from '../../domain/vault.ts';
import type { CommandHandler, MenuEntry, TurnApi } from '../../engine/bot.ts';
import { type CommandId, commandWords } from '../../engine/command-table.ts';
import { asLocale, t } from '../../i18n.ts';
import { writeSheet } from '../../reports/spreadsheet.ts';
import { auditStore } from '../../store/audit.ts';
import { type CommunityRow, communityStore } from '../../store/communities.ts';
import type { Db } from '../../store/db.ts';
import { desaRequestStore } from '../../store/desa-requests.ts';
import { batchFeature } from './batch-upload.ts';
import { templateSpec } from './columns.ts';
import { desaStatsText } from '../../reports/desa-stats.ts';
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
  const communities = communityStore(deps.db);
  const desa = desaRequestStore(deps.db);
  const audit = auditStore(deps.db);
  const requests = desaRequestFeature({ db: deps.db, superAdmins: deps.superAdmins, target: deps.target, linkTargets: deps.linkTargets });
  const batch = batchFeature(deps);

  /** The approved desa communities this user administers. */
  const desaOf = (turn: TurnApi): CommunityRow[] => communities.adminOf(turn.user.key).filter((c) => desa.desaOf(c.id) !== undefined);
  const isDesaAdmin = (turn: TurnApi) => desaOf(turn).length > 0;
  const isAnyAdmin = (turn: TurnApi) => turn.isAdmin || communities.adminOf(turn.user.key).length > 0;

  const sendTemplate = (turn: TurnApi) => {
    if (!isDesaAdmin(turn) && !turn.isAdmin) {
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
  };

  const startUpload = (turn: TurnApi) => {
    const [first] = desaOf(turn);
    if (!first) turn.reply(requests.hasOpenRequest(turn.user.key) ? 'village.batch.wait_approval' : 'village.batch.not_desa_admin');
    else turn.startFlow('batch-upload', { communityId: first.id, communityName: first.name });
  };

  const setSummary = (turn: TurnApi, on: boolean) => {
    const list = desaOf(turn);
    if (list.length === 0) return false;
    for (const c of list) {
      desa.setSummary(c.id, on);
      audit.record(turn.user.key, on ? 'desa.summary_on' : 'desa.summary_off', `community=${c.code}`, turn.meta.now);
    }
    turn.reply(on ? 'village.summary.on' : 'village.summary.off');
    return true;
  };

  const menu: MenuEntry[] = [
    {
      id: 'desa_request',
      titleKey: 'village.menu.request',
      words: commandWords('desa_request'),
      run: (turn) => requests.startRequest(turn, turn.text),
      visible: (turn) => !isAnyAdmin(turn),
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
    desa_summary_on: (turn) => setSummary(turn, true),
    desa_summary_off: (turn) => setSummary(turn, false),
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
