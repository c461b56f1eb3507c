import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { signupLinks } from '../domain/signup-links.ts';
import { asLocale } from '../i18n.ts';
import { communityPoster, type PosterLink } from '../posters/community-poster.ts';
import { POSTER_HEIGHT, POSTER_WIDTH } from '../posters/qr-poster.ts';
import { communityStats, formatStats } from '../reports/stats.ts';
import { auditStore } from '../store/audit.ts';
import { type CommunityRow, communityStore } from '../store/communities.ts';
import { addCommunityAdmin, createCommunity, normalizeCommunityName, removeCommunityAdmin } from '../store/create-community.ts';
import { AdminError } from './admin-error.ts';
import { newOutputFile } from './output-file.ts';
import type { AdminContext } from './referral-commands.ts';

const USER_KEY = /^(terminal|telegram|whatsapp):\S+$/;

const linkTargets = (ctx: AdminContext) => ({
  telegramUsername: ctx.config?.TELEGRAM_BOT_USERNAME,
  whatsappNumber: ctx.config?.WHATSAPP_NUMBER,
});

function requireCommunity(ctx: AdminContext, code: string | undefined, usage: string): CommunityRow {
  if (!code) throw new AdminError(usage);
  const c = communityStore(ctx.db).byCode(code);
  if (!c) throw new AdminError(`No community with code "${code}". See: npm run admin -- community list`);
  return c;
}

function requireUserKey(key: string): string {
  if (!USER_KEY.test(key)) throw new AdminError(`"${key}" is not channel:chatId, e.g. telegram:123456789 or whatsapp:6281234567890@c.us.`);
  return key;
}

/** The community and the `channel:chatId` of `community add-admin|remove-admin CODE channel:chatId`. */
function communityAndAdmin(ctx: AdminContext, [code, key]: string[], sub: string): { c: CommunityRow; admin: string } {
  const usage = `Usage: community ${sub} CODE channel:chatId (e.g. telegram:123456789)`;
  const c = requireCommunity(ctx, code, usage);
  if (!key) throw new AdminError(usage);
  return { c, admin: requireUserKey(key) };
}

/** The sign-up links of a code as lines, saying which variable is missing for a link that cannot be built. */
function linkLines(ctx: AdminContext, code: string): string[] {
  const links = signupLinks({ code, ...linkTargets(ctx) });
  return [
    `  Telegram: ${links.telegram ?? '(set TELEGRAM_BOT_USERNAME to get the t.me link)'}`,
    `  WhatsApp: ${links.whatsapp ?? '(set WHATSAPP_NUMBER to get the wa.me link)'}`,
  ];
}

/** `community create --name "…" [--admin telegram:123]`, `community add-admin|remove-admin CODE channel:chatId`, `community list`. */
export function communityCommand(ctx: AdminContext, args: string[]): void {
  const [sub, ...rest] = args;
  const communities = communityStore(ctx.db);
  const audit = auditStore(ctx.db);
  if (sub === 'create') {
    const { values } = parseArgs({ args: rest, options: { name: { type: 'string' }, admin: { type: 'string' } }, strict: true });
    const name = normalizeCommunityName(values.name ?? '');
    if (!name)
      throw new AdminError('--name is required: the community\'s name, 3 to 80 characters, e.g. --name "Paguyuban Bakso Cikokol".');
    const admin = values.admin === undefined ? undefined : requireUserKey(values.admin);
    const c = createCommunity(ctx.db, { name, by: ctx.actor, now: ctx.now, admin });
    ctx.out(`Created "${c.name}" with code ${c.code}.`);
    for (const l of linkLines(ctx, c.code)) ctx.out(l);
    if (admin) ctx.out(`  Admin: ${admin}`);
    ctx.out(`Poster: npm run admin -- qr ${c.code} --out ${c.code.toLowerCase()}.png`);
    return;
  }
  if (sub === 'add-admin') {
    const { c, admin } = communityAndAdmin(ctx, rest, 'add-admin');
    addCommunityAdmin(ctx.db, c, admin, ctx.actor, ctx.now);
    ctx.out(`${admin} is now an admin of "${c.name}" (${c.code}).`);
    return;
  }
  if (sub === 'remove-admin') {
    const { c, admin } = communityAndAdmin(ctx, rest, 'remove-admin');
    if (!removeCommunityAdmin(ctx.db, c, admin, ctx.actor, ctx.now))
      throw new AdminError(`${admin} is not an admin of "${c.name}" (${c.code}).`);
    ctx.out(`${admin} is no longer an admin of "${c.name}" (${c.code}).`);
    return;
  }
  if (sub === 'list') {
    const all = communities.all();
    audit.record(ctx.actor, 'community.list', `count=${all.length}`, ctx.now);
    if (all.length === 0) ctx.out('No communities yet. Create one: npm run admin -- community create --name "…"');
    for (const c of all) {
      const admins = communities.admins(c.id);
      ctx.out(`${c.code}\t${c.name}\tmembers=${communities.memberCount(c.id)}\tadmins=${admins.length ? admins.join(',') : '-'}`);
    }
    return;
  }
  throw new AdminError(
    'Usage: community create --name "…" [--admin telegram:123] | community add-admin CODE channel:chatId | community remove-admin CODE channel:chatId | community list',
  );
}

/** `qr CODE --out file.png [--link telegram|whatsapp]`: writes the community's A4 sign-up poster. */
export function qrCommand(ctx: AdminContext, args: string[]): void {
  const { values, positionals } = parseArgs({
    args,
    options: { out: { type: 'string' }, link: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const usage = 'Usage: qr CODE --out file.png [--link telegram|whatsapp]';
  const c = requireCommunity(ctx, positionals[0], usage);
  if (!values.out) throw new AdminError(`--out is required: the PNG file to write. ${usage}`);
  if (values.link !== undefined && values.link !== 'telegram' && values.link !== 'whatsapp')
    throw new AdminError(`--link must be telegram or whatsapp, got "${values.link}".`);
  const poster = communityPoster(c, linkTargets(ctx), asLocale(ctx.config?.DEFAULT_LOCALE), values.link as PosterLink | undefined);
  if (!poster) {
    if (values.link === undefined)
      throw new AdminError(
        "No sign-up link can be built: set TELEGRAM_BOT_USERNAME (the bot's username without @) or WHATSAPP_NUMBER (e.g. 6281234567890).",
      );
    throw new AdminError(
      values.link === 'telegram'
        ? "The Telegram link needs TELEGRAM_BOT_USERNAME (the bot's username without @); set it in .env or use --link whatsapp."
        : "The WhatsApp link needs WHATSAPP_NUMBER (the bot's number, e.g. 6281234567890); set it in .env or use --link telegram.",
    );
  }
  const out = newOutputFile(values.out);
  const { png, url, kind } = poster;
  try {
    // 'wx': even a file created since the check above is never overwritten.
    writeFileSync(out, png, { flag: 'wx' });
  } catch (e) {
    throw new AdminError(`Could not write ${out}: ${(e as Error).message}`);
  }
  auditStore(ctx.db).record(ctx.actor, 'community.qr', `code=${c.code} link=${kind} out=${out}`, ctx.now);
  ctx.out(`Wrote ${out}: A4 poster (${POSTER_WIDTH}×${POSTER_HEIGHT} px, 150 dpi) for ${url}`);
}

/** `stats [--community CODE]`: the figures of one community, or of everything. */
export function statsCommand(ctx: AdminContext, args: string[]): void {
  const { values } = parseArgs({ args, options: { community: { type: 'string' } }, strict: true });
  const c = values.community === undefined ? undefined : requireCommunity(ctx, values.community, 'Usage: stats [--community CODE]');
  const stats = communityStats(ctx.db, { communityId: c?.id, targetPerDesa: ctx.config?.DESA_TARGET ?? 100 });
  auditStore(ctx.db).record(ctx.actor, 'community.stats', `community=${c?.code ?? '*'}`, ctx.now);
  ctx.out(formatStats(stats, asLocale(ctx.config?.DEFAULT_LOCALE)));
}
