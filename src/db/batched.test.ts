import { describe, expect, it } from 'vitest';
import { MAX_ITEMS_PER_BATCH, batched } from './batched.js';

/** A statement that records its items, answers each with its square, and finishes when told to. */
function controlledWrite() {
  const writes: number[][] = [];
  const finish: Array<(err?: Error) => void> = [];
  const write = (items: number[]) =>
    new Promise<number[]>((resolve, reject) => {
      writes.push(items);
      finish.push((err) => (err ? reject(err) : resolve(items.map((n) => n * n))));
    });
  return { writes, finish, write };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('batched', () => {
  it('writes an item at once when nothing else is being written', async () => {
    const w = controlledWrite();
    const add = batched(w.write);
    const done = add(1);
    expect(w.writes).toEqual([[1]]);
    w.finish[0]!();
    await expect(done).resolves.toBe(1);
  });

  it('writes the items that arrive during a write together in the next, settling each caller only when its own write commits', async () => {
    const w = controlledWrite();
    const add = batched(w.write);
    const settled: number[] = [];
    const calls = [1, 2, 3, 4].map((n) => add(n).then(() => settled.push(n)));
    expect(w.writes).toEqual([[1]]);
    w.finish[0]!();
    await tick();
    expect(settled).toEqual([1]);
    expect(w.writes).toEqual([[1], [2, 3, 4]]);
    w.finish[1]!();
    await Promise.all(calls);
    expect(settled).toEqual([1, 2, 3, 4]);
  });

  it('fails only the callers whose items the failed write held', async () => {
    const w = controlledWrite();
    const add = batched(w.write);
    const first = add(1);
    const second = [add(2), add(3)];
    w.finish[0]!(new Error('database gone'));
    await expect(first).rejects.toThrow('database gone');
    await tick();
    w.finish[1]!();
    await expect(Promise.all(second)).resolves.toHaveLength(2);
    const later = add(4);
    expect(w.writes.at(-1)).toEqual([4]);
    w.finish[2]!();
    await expect(later).resolves.toBe(16);
  });

  it(`takes at most ${MAX_ITEMS_PER_BATCH} items in one write`, async () => {
    const w = controlledWrite();
    const add = batched(w.write);
    const calls = Array.from({ length: MAX_ITEMS_PER_BATCH + 3 }, (_, i) => add(i));
    w.finish[0]!();
    await tick();
    w.finish[1]!();
    await tick();
    w.finish[2]!();
    await Promise.all(calls);
    expect(w.writes.map((items) => items.length)).toEqual([1, MAX_ITEMS_PER_BATCH, 2]);
  });

  it('answers each caller with its own item\'s result', async () => {
    const w = controlledWrite();
    const read = batched(w.write);
    const first = read(2);
    const rest = [read(3), read(4), read(3)];
    w.finish[0]!();
    await tick();
    w.finish[1]!();
    await expect(first).resolves.toBe(4);
    await expect(Promise.all(rest)).resolves.toEqual([9, 16, 9]);
  });

  it('fails the callers of a batch whose answers do not match its items', async () => {
    const read = batched(async (items: number[]) => items.slice(1));
    await expect(read(1)).rejects.toThrow('a batch of 1 items was answered with 0 results');
  });
});
