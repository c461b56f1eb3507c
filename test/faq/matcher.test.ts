import { describe, expect, it } from 'vitest';
import { evaluate, evaluateAll } from '../../bench/faq-eval.ts';
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

describe('FAQ matcher on both evaluation sets (issue 11 targets)', () => {
  const { sets, combined } = evaluateAll();

  it('has the second set of at least 150 questions, labelled with known topics, health among them', () => {
    const second = sets.find((s) => s.name === 'faq-eval-2.json')?.report.rows ?? [];
    expect(second.length).toBeGreaterThanOrEqual(150);
    expect(second.some((r) => r.topic === 'health')).toBe(true);
    for (const r of second) for (const t of [r.topic, ...(r.alt ?? [])]) if (t !== null) expect(TOPIC_IDS).toContain(t);
  });

  it('answers at least 90% of all questions correctly', () => {
    expect(combined.overall).toBeGreaterThanOrEqual(0.9);
  });

  it('answers at least 85% of the held-out questions (never tuned on) correctly', () => {
    expect(combined.holdout).toBeGreaterThanOrEqual(0.85);
  });

  it('answers at least 95% of the questions that match no topic honestly ("belum yakin")', () => {
    expect(combined.noMatch).toBeGreaterThanOrEqual(0.95);
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

describe('folding regional words and affixes', () => {
  it.each([
    ['iki mbayar piro sesasi', 'cost'],
    ['sabaraha iuranna sabulan', 'cost'],
    ['bayarnye berape sebulan bang', 'cost'],
    ['premi nya brp ya', 'cost'],
    ['lara biasa ditanggung ora', 'health'],
    ['salaki abdi maot, kenging naon', 'jkm'],
    ['kapan jatuh tempo bayar iuran', 'late'],
    ['gimana lapor kecelakaan kerja', 'claim_accident'],
  ])('%s → %s', (q, topic) => {
    expect(matchTopic(q)?.topic).toBe(topic);
  });

  it('leaves a question of generic words only unanswered ("cara jadi driver")', () => {
    expect(matchTopic('gimana cara jadi driver gojek')).toBeUndefined();
    expect(matchTopic('berapa')).toBeUndefined();
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
    expect(matchTopic('sy sdh punya kis, perlu ikut ini jg?')?.topic).toBe('health');
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
