import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchPlan, inOrder, STREAMS, type BatchRequest, type BatchSource, type EncodedBatch } from './streams.js';

describe('batchPlan', () => {
  it('shares the referrals among the streams in batches no larger than asked, taking the streams in turn', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000 }), fc.integer({ min: 1, max: 3_000 }), (referrals, batch) => {
        const plan = batchPlan(referrals, batch);
        expect(plan.reduce((n, b) => n + b.count, 0)).toBe(referrals);
        expect(plan.every((b) => b.count >= 1 && b.count <= batch)).toBe(true);
        const shares = Array.from({ length: STREAMS }, (_, s) => plan.filter((b) => b.stream === s).reduce((n, b) => n + b.count, 0));
        expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
        // In turn: a new round starts when the stream number goes down, and a stream's k-th batch is in round k.
        let round = 0;
        const made = new Array<number>(STREAMS).fill(0);
        plan.forEach((b, i) => {
          if (i > 0 && b.stream <= plan[i - 1]!.stream) round += 1;
          expect(made[b.stream]!++).toBe(round);
        });
      }),
    );
  });
});

describe('inOrder', () => {
  it('yields the batches in the plan order however they finish, asking only so far ahead', async () => {
    const plan: BatchRequest[] = Array.from({ length: 10 }, (_, i) => ({ stream: i % STREAMS, count: i + 1 }));
    let outstanding = 0;
    let most = 0;
    const source: BatchSource = {
      batch: async ({ count }) => {
        most = Math.max(most, ++outstanding);
        await new Promise((resolve) => setTimeout(resolve, (10 - count) * 2));
        outstanding -= 1;
        return { referrals: count, tables: [] } satisfies EncodedBatch;
      },
      lateEvents: async () => [],
      close: async () => undefined,
    };
    const got: number[] = [];
    for await (const b of inOrder(source, plan, 3)) got.push(b.referrals);
    expect(got).toEqual(plan.map((b) => b.count));
    expect(most).toBe(3);
  });
});
