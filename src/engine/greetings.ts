import { normalizeAnswer } from './answers.ts';

const GREETINGS = new Set([
  'halo',
  'hallo',
  'hai',
  'hi',
  'hello',
  'p',
  'ping',
  'assalamualaikum',
  'permisi',
  'pagi',
  'siang',
  'sore',
  'malam',
  'selamat pagi',
  'selamat siang',
  'selamat sore',
  'selamat malam',
  'tes',
  'test',
]);

/** Whether a message is just a hello (answered with the menu, never taken for a question). */
export function isGreeting(text: string): boolean {
  return GREETINGS.has(normalizeAnswer(text));
}
