import { parseArgs } from 'node:util';
import { parseRegion, regionLabel } from '../domain/region.ts';
import { issuePanelLink, panelRoleOf } from '../features/panel-access.ts';
import { panelBaseUrl } from '../features/panel-link.ts';
import { auditStore } from '../store/audit.ts';
import { operatorStore } from '../store/operators.ts';
import { type AdminContext, AdminError } from './referral-commands.ts';

const USER_KEY = /^(terminal|telegram|whatsapp):\S+$/;

function superKeys(ctx: AdminContext): string[] {
  return [...(ctx.config?.ADMIN_IDS ?? []), `terminal:${ctx.config?.TERMINAL_USER ?? 'local'}`];
}

/** `panel-link [--as channel:chatId]`: a one-time login link (10 minutes) for the terminal user or someone else. */
export function panelLinkCommand(ctx: AdminContext, args: string[]): void {
  const { values } = parseArgs({ args, options: { as: { type: 'string' } }, strict: true });
  const base = ctx.config ? panelBaseUrl(ctx.config) : undefined;
  if (!base) throw new AdminError('The web panel is off (PANEL_PORT=0); set PANEL_PORT to use it.');
  const userKey = values.as ?? `terminal:${ctx.config?.TERMINAL_USER ?? 'local'}`;
  if (!USER_KEY.test(userKey)) throw new AdminError(`"${userKey}" is not channel:chatId, e.g. telegram:123456789.`);
  const role = panelRoleOf(ctx.db, userKey, superKeys(ctx));
  if (!role)
    throw new AdminError(`${userKey} has no panel role: make them an operator (operator add) or a community admin (community add-admin).`);
  const url = issuePanelLink(ctx.db, userKey, ctx.now, base);
  auditStore(ctx.db).record(ctx.actor, 'panel.link', `for=${userKey} role=${role.kind}`, ctx.now);
  ctx.out(url);
  ctx.err(`One-time login link for ${userKey} (${role.kind}), valid 10 minutes. The bot (npm start) must be running to open it.`);
}

/** `operator add channel:chatId [--region 36.71]`, `operator remove channel:chatId`, `operator list`. */
export function operatorCommand(ctx: AdminContext, args: string[]): void {
  const [sub, ...rest] = args;
  const operators = operatorStore(ctx.db);
  const audit = auditStore(ctx.db);
  const usage = 'Usage: operator add channel:chatId [--region 36.71] | operator remove channel:chatId | operator list';
  if (sub === 'add') {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { region: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    const key = positionals[0];
    if (!key || !USER_KEY.test(key)) throw new AdminError(usage);
    const region = values.region === undefined ? null : parseRegion(values.region);
    if (region === undefined)
      throw new AdminError(`--region wants a province (36) or kabupaten/kota code (36.71) that exists, got "${values.region}".`);
    ctx.db.transaction(() => {
      operators.add(key, region, ctx.actor, ctx.now);
      audit.record(ctx.actor, 'operator.add', `operator=${key} region=${region ?? '*'}`, ctx.now);
    })();
    ctx.out(`${key} is an operator for ${region ? `${region} (${regionLabel(region)})` : 'every region'}.`);
    return;
  }
  if (sub === 'remove') {
    const key = rest[0];
    if (!key) throw new AdminError(usage);
    if (!operators.remove(key)) throw new AdminError(`${key} is not an operator.`);
    audit.record(ctx.actor, 'operator.remove', `operator=${key}`, ctx.now);
    ctx.out(`${key} is no longer an operator.`);
    return;
  }
  if (sub === 'list') {
    const all = operators.all();
    if (all.length === 0) ctx.out('No operators yet. Add one: npm run admin -- operator add telegram:123456789 --region 36.71');
    for (const o of all) ctx.out(`${o.user_key}\t${o.region ? `${o.region} ${regionLabel(o.region)}` : '*'}`);
    return;
  }
  throw new AdminError(usage);
}
