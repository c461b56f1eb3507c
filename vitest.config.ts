import { defineConfig } from 'vitest/config';

/**
 * Tests that start real processes or a real browser: `npm start`, the admin CLI from the shell, Chromium.
 * They are the slow ones; `npm run test:fast` leaves them out, `npm test` runs both projects.
 * The fast project shares one module cache across its files (isolate: false): the area data and the app's
 * modules load once per worker instead of once per file, which took the fast run from ~190 s to ~45 s.
 */
const PROCESS_TESTS = [
  'test/e2e/process.test.ts',
  'test/channels/whatsapp-real.test.ts',
  'test/admin/admin.test.ts',
  'test/**/*.process.test.ts',
  'test/**/*.browser.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'fast', include: ['test/**/*.test.ts'], exclude: PROCESS_TESTS, isolate: false } },
      { extends: true, test: { name: 'process', include: PROCESS_TESTS } },
    ],
  },
});
