import { afterEach, beforeEach } from 'vitest';
import { startApp } from '../support/app.ts';
import { tempDir } from '../support/harness.ts';

/** The app under test. */
export type App = ReturnType<typeof startApp>;

/**
 * A fresh app on its own temp folder for every test of the file (closed and removed after it); `setup` runs
 * once it started. Returns a getter: call it inside a test or a helper.
 */
export function appPerTest(setup?: (h: App) => void): () => App {
  let tmp: ReturnType<typeof tempDir>;
  let h: App | undefined;
  beforeEach(() => {
    tmp = tempDir();
    h = startApp(tmp.dir);
    setup?.(h);
  });
  afterEach(async () => {
    await h?.close();
    tmp.cleanup();
  });
  return () => {
    if (!h) throw new Error('appPerTest: the app runs inside a test only');
    return h;
  };
}
