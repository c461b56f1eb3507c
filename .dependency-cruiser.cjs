/**
 * Import direction (npm run deps): a module imports only its own level or lower ones.
 *   6  src/app.ts, src/main.ts, src/prepare.ts, src/admin/, src/panel/
 *   5  src/features/
 *   4  flows/
 *   3  src/faq/
 *   2  src/engine/
 *   1  src/store/, src/channels/, src/delivery/, src/reports/, src/posters/, src/jobs/, src/health/
 *   0  src/domain/, src/util/, src/i18n.ts, src/log.ts, src/config.ts
 * Within level 1 the folders are siblings with their own rules below; no cycles anywhere.
 */
const LEVELS = [
  ['^src/(domain|util)/', '^src/(i18n|log|config)\\.ts$'],
  ['^src/(store|channels|delivery|reports|posters|jobs|health)/'],
  ['^src/engine/'],
  ['^src/faq/'],
  ['^flows/'],
  ['^src/features/'],
  ['^src/(app|main|prepare)\\.ts$', '^src/(admin|panel)/'],
];

/** One rule per level: nothing in it imports anything in a higher level. */
const upward = LEVELS.slice(0, -1).map((paths, level) => ({
  name: `level-${level}-imports-upward`,
  comment: `Level ${level} (${paths.join(', ')}) must not import a higher level.`,
  severity: 'error',
  from: { path: paths },
  to: { path: LEVELS.slice(level + 1).flat() },
}));

/** Folder rules the levels alone do not say. */
const folders = [
  {
    name: 'domain-util-import-only-domain-util',
    comment: 'The domain and the utilities are the bottom: they import only each other (and node or packages).',
    from: { path: '^src/(domain|util)/' },
    to: { path: '^(src|flows)/', pathNot: '^src/(domain|util)/' },
  },
  {
    name: 'store-imports-only-store-domain-util-log-i18n',
    comment: 'The store sits on the domain: store, domain, util, log and i18n types only.',
    from: { path: '^src/store/' },
    to: { path: '^(src|flows)/', pathNot: ['^src/(store|domain|util)/', '^src/(log|i18n)\\.ts$'] },
  },
  {
    name: 'channels-stay-transport',
    comment: 'Channels carry messages; they never reach into the engine, flows, features or store.',
    from: { path: '^src/channels/' },
    to: { path: ['^src/(engine|features|store)/', '^flows/'] },
  },
  {
    name: 'engine-knows-no-product',
    comment: 'The engine runs any flow; it never imports flows, features, the app, admin, reports, delivery or the panel.',
    from: { path: '^src/engine/' },
    to: { path: ['^flows/', '^src/(features|admin|reports|delivery|panel)/', '^src/(app|main)\\.ts$'] },
  },
  {
    name: 'flows-know-no-features',
    comment: 'Flows are below features and the app; delivery and reports are wired in by the app.',
    from: { path: '^flows/' },
    to: { path: ['^src/(features|admin|delivery|reports)/', '^src/(app|main)\\.ts$'] },
  },
  {
    name: 'features-below-app',
    comment: 'Features are composed by the app; they never import it, main or admin.',
    from: { path: '^src/features/' },
    to: { path: ['^src/(admin|panel)/', '^src/(app|main)\\.ts$'] },
  },
].map((rule) => ({ severity: 'error', ...rule }));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...folders,
    ...upward,
    {
      name: 'no-circular',
      comment: 'A cycle hides which module is below which, and makes load order matter.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-circular-types',
      comment: 'A cycle closed only by `import type` (a helper typed by the object it serves): allowed, but shown.',
      severity: 'warn',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
