import { describe, expect, it } from 'vitest';
import { readOnce } from '../../flows/read-once.ts';
import type { FlowEvent } from '../../src/engine/flow-types.ts';

const meta = { userKey: 'tg:1', locale: 'id' as const, now: 0, today: '2026-12-01' };
const message = (text: string): FlowEvent => ({ type: 'user.text', text, meta });

describe('readOnce', () => {
  it('reads one message once however often guards and actions ask, and each new message afresh', () => {
    const reads: string[] = [];
    const search = readOnce((e: FlowEvent) => {
      const text = e.type === 'user.text' ? e.text : '';
      reads.push(text);
      return text.toUpperCase();
    });
    const first = message('sukamaju');
    expect([search(first), search(first), search(first)]).toEqual(['SUKAMAJU', 'SUKAMAJU', 'SUKAMAJU']);
    // Same words typed again are a new message: read again, not served from the last one.
    expect(search(message('sukamaju'))).toBe('SUKAMAJU');
    expect(reads).toEqual(['sukamaju', 'sukamaju']);
  });

  it('remembers an undefined answer too (a search that found nothing is not run again)', () => {
    let calls = 0;
    const lookup = readOnce((_e: FlowEvent) => {
      calls++;
      return undefined;
    });
    const e = message('x');
    lookup(e);
    lookup(e);
    expect(calls).toBe(1);
  });
});
