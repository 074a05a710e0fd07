// Several reads on one transaction, one after another. A transaction holds one connection, and a connection
// takes one query at a time: node-postgres queues concurrent ones with a deprecation warning (an error from
// pg 9). On the pool (no transaction) Promise.all is fine and faster.

type Steps = readonly (() => Promise<unknown>)[];
type Results<T extends Steps> = { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };

export async function inTurn<T extends Steps>(...steps: T): Promise<Results<T>> {
  const results: unknown[] = [];
  for (const step of steps) results.push(await step());
  return results as Results<T>;
}
