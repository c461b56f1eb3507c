import { describe, expect, it } from 'vitest';
import { answerFor } from '../../src/faq/answers.ts';
import { matchTopic } from '../../src/faq/matcher.ts';

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const rnd = random(11);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;
const topicWords =
  'iuran bayar jkk jkm jht kak brp gmn ga sy klo meninggal kecelakaan kerja ojek rb jt umur hari tua bpjs tk kesehatan cair kartu diskon desa sakit lapor telat premi mbayar piro'.split(
    ' ',
  );
const shortWords = ['a', 'ab', 'cd', 'x', 'yz', 'ok', 'no', 'si', 'ya'];

/** Inputs of about 2,000 characters of the kinds that cost the matcher the most. */
const generators: (() => string)[] = [
  () => Array.from({ length: 400 }, () => pick(topicWords)).join(' '),
  () => Array.from({ length: 700 }, () => pick(shortWords)).join(' '),
  () => Array.from({ length: 1300 }, () => String.fromCharCode(97 + Math.floor(rnd() * 26)) + (rnd() < 0.3 ? ' ' : '')).join(''),
  () => Array.from({ length: 2000 }, () => String.fromCodePoint(0x20 + Math.floor(rnd() * 0x2fe0))).join(''),
  () => 'a'.repeat(2000),
  () => 'jaminan hari tua '.repeat(125),
  () => `${'9'.repeat(900)} rb umur ${'1,'.repeat(500)}jt penghasilan sehari`,
  () => Array.from({ length: 250 }, () => `${pick(topicWords)}nya di${pick(topicWords)}kan`).join(' '),
];

/** CPU time of one question end to end (match, then the answer with its figures and language), in ms. */
function cpuMs(text: string): number {
  const before = process.cpuUsage();
  const m = matchTopic(text);
  if (m) answerFor(m.topic, { today: '2026-11-23', minAge: 15, maxAge: 65, question: text });
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

/**
 * A message's cost: the least of a few runs, because a garbage collection or another process on the
 * same core can land in any one of them; a matcher that reads the whole message is slow in every run.
 */
function cpuMsPerCall(text: string, runs = 3): number {
  return Math.min(...Array.from({ length: runs }, () => cpuMs(text)));
}

describe('the FAQ matcher on hostile input', () => {
  it('never takes more than 20 ms of CPU for one message, whatever it is', () => {
    // Warm-up: the index is built and the code compiled on first use, which is not a message's cost.
    for (const generate of [...generators, ...generators]) cpuMs(generate());
    const costs = Array.from({ length: 48 }, (_, i) => {
      const text = generators[i % generators.length]?.() ?? '';
      return { kind: i % generators.length, length: text.length, ms: cpuMsPerCall(text) };
    });
    const worst = costs.reduce((a, b) => (b.ms > a.ms ? b : a));
    expect(worst.length).toBeGreaterThanOrEqual(1000);
    expect(worst.ms, `generator ${worst.kind}`).toBeLessThan(20);
  });

  it('reads only the start of a long message: what follows 200 characters changes nothing', () => {
    const question = 'klo telat bayar iuran gimana kak';
    const padded = `${question} ${'x '.repeat(100)}`;
    expect(matchTopic(`${padded}${'kartu peserta hilang '.repeat(50)}`)).toEqual(matchTopic(padded));
    expect(matchTopic(`${question} ${'iuran jkk '.repeat(200)}`)?.topic).toBe(matchTopic(question)?.topic);
  });
});
