import { describe, expect, it } from 'vitest';
import { evaluate } from '../../bench/faq-eval.ts';
import { matchTopic } from '../../src/faq/matcher.ts';
import { normalizeQuestion } from '../../src/faq/normalize.ts';
import { TOPIC_IDS } from '../../src/faq/topics.ts';

describe('FAQ matcher on the evaluation set', () => {
  const report = evaluate();

  it('has at least 200 questions, 30 of them off-topic, and labels only known topics', () => {
    expect(report.rows.length).toBeGreaterThanOrEqual(200);
    expect(report.rows.filter((r) => r.topic === null).length).toBeGreaterThanOrEqual(30);
    for (const r of report.rows) for (const t of [r.topic, ...(r.alt ?? [])]) if (t !== null) expect(TOPIC_IDS).toContain(t);
  });

  it('answers at least 90% correctly overall', () => {
    expect(report.overall).toBeGreaterThanOrEqual(0.9);
  });

  it('refuses at least 80% of the questions that match no topic', () => {
    expect(report.noMatch).toBeGreaterThanOrEqual(0.8);
  });
});

describe('normalising chat Indonesian', () => {
  it.each([
    ['brp iuran sebulan?', ['berapa', 'iuran', 'bulan']],
    ['klo gerobak ketabrak ditanggung ga?', ['gerobak', 'kecelakaan', 'ditanggung']],
    ['istri sy bs daftar jg?', ['keluarga', 'ikut']],
    ['gmn cara bayarnya', ['cara', 'bayar']],
    ['kalo telat byr gimana', ['telat', 'bayar', 'cara']],
    ['Jaminan Hari Tua itu apa', ['jht', 'apa']],
    ['bisaaa daftarin pembantu?', ['sertakan', 'pekerja']],
  ])('%s → %j', (q, words) => {
    expect(normalizeQuestion(q)).toEqual(words);
  });
});

describe('matchTopic', () => {
  it('answers the issue examples', () => {
    expect(matchTopic('brp iuran sebulan?')?.topic).toBe('cost');
    expect(matchTopic('klo gerobak ketabrak ditanggung ga?')?.topic).toBe('not_covered');
    expect(matchTopic('istri sy bs daftar jg?')?.topic).toBe('eligibility');
  });

  it('tolerates a typo in a longer word', () => {
    expect(matchTopic('kecelakan kerja cara klaimnya?')?.topic).toBe('claim_accident');
    expect(matchTopic('iuaran brp')?.topic).toBe('cost');
  });

  it('answers a question about BPJS Kesehatan, another agency, with the health topic only', () => {
    expect(matchTopic('iuran bpjs kesehatan brp')?.topic).toBe('health');
    expect(matchTopic('kartu KIS hilang')?.topic).toBe('health');
    expect(matchTopic('klo sakit biasa ditanggung ga')?.topic).toBe('health');
    expect(matchTopic('penyakit akibat kerja ditanggung ga')?.topic).toBe('jkk');
  });

  it('returns undefined for text with no topic words', () => {
    expect(matchTopic('')).toBeUndefined();
    expect(matchTopic('jual pulsa ga')).toBeUndefined();
  });

  it('is fast once the index is built', () => {
    matchTopic('warm up');
    const started = performance.now();
    for (let i = 0; i < 200; i++) matchTopic('klo telat bayar iuran 2 bulan gimana kak');
    expect((performance.now() - started) / 200).toBeLessThan(20);
  });
});
