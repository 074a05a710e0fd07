// Seeded pseudo-random numbers. Parameter estimation samples random record pairs and the benchmarks
// generate synthetic people; both must be reproducible run to run, so nothing in the engine uses
// Math.random.

/** Mulberry32: small, fast, good enough for sampling. Returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
