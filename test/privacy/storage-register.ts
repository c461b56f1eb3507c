import { expect } from 'vitest';
import { registrationAnswers } from '../faults/scripts.ts';

/**
 * Submits one whole registration of `nik` through `say` (one chat); returns the code. Why the second '1': a village
 * search with a single hit is picked without asking, so the script may reach the summary one answer early.
 */
export async function registerThrough(say: (text: string) => Promise<string[]>, nik: string): Promise<string> {
  for (const line of registrationAnswers(nik)) await say(line);
  let done = await say('1');
  if (!done[0]?.includes('Kode rujukan')) done = await say('1');
  const code = /(DFT-\w{5})/.exec(done[0] ?? '')?.[1];
  expect(code, done.join('\n')).toBeDefined();
  return code as string;
}
