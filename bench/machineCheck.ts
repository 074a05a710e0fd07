// A fixed piece of CPU work, timed: the bench prints it beside its figures because this machine's speed varies
// from hour to hour (the same work has taken from 400 to 880 ms), and a slow spell otherwise reads as slower code.
// Compare runs by it: figures from runs whose check differs are not comparable.

const ITERATIONS = 200_000;

/** Milliseconds for the fixed work (JSON and string building, as a request's own work is): the median of three. */
export function machineCheckMs(): number {
  const once = () => {
    const started = performance.now();
    let sink = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const o = { a: i, b: `x${i}`, c: [i, i + 1], d: { e: i % 7 } };
      sink += JSON.stringify(o).length + (JSON.parse(JSON.stringify(o)) as typeof o).d.e;
    }
    if (sink < 0) throw new Error('unreachable: keeps the work from being optimised away');
    return performance.now() - started;
  };
  return [once(), once(), once()].sort((a, b) => a - b)[1]!;
}
