// A small seeded random source, so a synthetic dataset is the same every time for the same seed.
// mulberry32: 32-bit state, fast and good enough for test data (never for anything secret). Its state steps by an
// odd constant through all 2^32 values, so streams started 2^29 steps apart are disjoint stretches of one sequence:
// eight of them, each far longer than a national dataset draws (about 100 draws a referral).

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  int(min: number, maxInclusive: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks a key by weight (weights need not sum to 1). */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K;
  uuid(): string;
}

export const RANDOM_STREAMS = 8;

// A UUID's characters are written into one array and made a string at once: flat, where joining its parts made
// a tree of pieces to be copied again when read (a generator makes a dozen ids a referral).
const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const uuidCodes: number[] = new Array<number>(36).fill(45);
const putHex = (at: number, value: number, digits: number) => {
  for (let i = digits - 1; i >= 0; i--, value >>>= 4) uuidCodes[at + i] = HEX_CODES[value & 15]!;
};

/** xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx from four 32-bit words, V being 8 to b (RFC 9562's variant). */
export function uuidOf(a: number, b: number, c: number, d: number): string {
  putHex(0, a, 8);
  putHex(9, b >>> 16, 4);
  uuidCodes[14] = 52;
  putHex(15, b & 0xfff, 3);
  uuidCodes[19] = HEX_CODES[8 + (c >>> 30)]!;
  putHex(20, (c >>> 16) & 0xfff, 3);
  putHex(24, c & 0xffff, 4);
  putHex(28, d, 8);
  return String.fromCharCode.apply(null, uuidCodes);
}
const STREAM_STEP = 0x6d2b79f5;

export function createRandom(seed: number, stream = 0): Random {
  if (!Number.isInteger(stream) || stream < 0 || stream >= RANDOM_STREAMS) throw new RangeError(`stream must be 0 to ${RANDOM_STREAMS - 1}`);
  // 2^29 steps of STREAM_STEP, mod 2^32.
  let state = (seed + Math.imul(Math.imul(stream, 1 << 29), STREAM_STEP)) >>> 0;
  const next = () => {
    state = (state + STREAM_STEP) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const tables = new WeakMap<object, { entries: Array<[string, number]>; total: number }>();
  const word = () => (next() * 4294967296) >>> 0;
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    weighted(weights) {
      // Weight tables are module constants: their entries and total are worked out once.
      let table = tables.get(weights);
      if (!table) {
        const entries = Object.entries(weights) as Array<[string, number]>;
        table = { entries, total: entries.reduce((a, [, w]) => a + w, 0) };
        tables.set(weights, table);
      }
      let r = next() * table.total;
      for (const [k, w] of table.entries) if ((r -= w) < 0) return k as keyof typeof weights;
      return table.entries[table.entries.length - 1]![0] as keyof typeof weights;
    },
    // A version-4 shaped UUID from four draws of the seeded stream (so ids are reproducible too).
    uuid: () => uuidOf(word(), word(), word(), word()),
  };
}
