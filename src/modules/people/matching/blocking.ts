// Blocking: deciding which record pairs are worth comparing. Comparing every pair is quadratic, so each
// record gets several keys (phonetic family name + birth year, phonetic given name + date of birth, date
// of birth with day/month order ignored, postcode + initial, the first letters of both names in either
// order, both phonetic names, house number with postcode or town, email mailbox name, town + birth year); two records are compared when they share any key. Unioning many
// loose keys keeps recall high; very large blocks are cut down to a sorted neighbourhood window so one
// common key cannot explode the pair count.
import type { Prepared } from './types.js';

export interface BlockingOptions {
  /** Blocks larger than this are compared only within a sliding window. */
  maxBlockSize?: number;
  /** Half-width of the sorted-neighbourhood window used inside oversized blocks. */
  window?: number;
  /** Only compare records whose `source` differs. */
  linkOnly?: boolean;
}

export interface BlockingStats {
  keys: string[];
  candidatePairs: number;
  blocks: number;
  largestBlock: number;
  cappedBlocks: number;
}

export interface CandidatePairs {
  left: Int32Array;
  right: Int32Array;
  count: number;
  stats: BlockingStats;
}

export const BLOCKING_KEYS = [
  'phonetic family name + birth year',
  'phonetic given name + date of birth',
  'date of birth (day/month order ignored)',
  'postcode + given-name initial',
  'first three letters of both names (either order)',
  'phonetic given name + phonetic family name (either order)',
  'postcode + birth year',
  'email',
  'phonetic given name + birth year',
  'postcode',
  'phonetic family name + given-name initial',
  'address',
  'email mailbox name',
  'postcode + house number',
  'town + house number',
  'town + birth year',
] as const;

/** Growable Int32 buffer. */
export class Int32Vec {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(Math.max(1024, Math.floor(this.data.length * 1.6)));
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  trimmed(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

function prefixCode(s: string | undefined, len: number): number {
  if (!s) return -1;
  let code = 0;
  for (let k = 0; k < len; k++) {
    const c = k < s.length ? s.charCodeAt(k) - 96 : 0;
    code = code * 40 + (c >= 0 && c < 40 ? c : 39);
  }
  return code;
}

/** Dense key ids per record for one key type (-1 = no key). */
function denseKeys(n: number, keyOf: (i: number) => number): Int32Array {
  const ids = new Int32Array(n);
  const map = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const k = keyOf(i);
    if (k < 0 || !Number.isFinite(k)) {
      ids[i] = -1;
      continue;
    }
    let id = map.get(k);
    if (id === undefined) {
      id = map.size;
      map.set(k, id);
    }
    ids[i] = id;
  }
  return ids;
}

export function recordKeys(p: Prepared): Int32Array[] {
  const n = p.n;
  const dm = (nameId: number) => (nameId < 0 ? -1 : p.nameDm1[nameId]!);
  const dob = (i: number) => (p.year[i]! > 0 && p.month[i]! > 0 && p.day[i]! > 0 ? p.year[i]! * 10000 + p.month[i]! * 100 + p.day[i]! : -1);
  const M = 1 << 22;
  return [
    denseKeys(n, (i) => (dm(p.family[i]!) >= 0 && p.year[i]! > 0 ? dm(p.family[i]!) * 4096 + p.year[i]! : -1)),
    denseKeys(n, (i) => (dm(p.given[i]!) >= 0 && dob(i) >= 0 ? dm(p.given[i]!) * 1e8 + dob(i) : -1)),
    denseKeys(n, (i) => {
      const y = p.year[i]!;
      const m = p.month[i]!;
      const d = p.day[i]!;
      return y > 0 && m > 0 && d > 0 ? y * 10000 + Math.min(m, d) * 100 + Math.max(m, d) : -1;
    }),
    denseKeys(n, (i) => {
      const g = p.given[i]!;
      return p.postcode[i]! >= 0 && g >= 0 ? p.postcode[i]! * 64 + (p.names[g]!.charCodeAt(0) & 63) : -1;
    }),
    denseKeys(n, (i) => {
      const a = prefixCode(p.names[p.family[i]!], 3);
      const b = prefixCode(p.names[p.given[i]!], 3);
      if (a < 0 || b < 0) return -1;
      return Math.min(a, b) * 70000 + Math.max(a, b);
    }),
    denseKeys(n, (i) => {
      const a = dm(p.given[i]!);
      const b = dm(p.family[i]!);
      if (a < 0 || b < 0) return -1;
      return Math.min(a, b) * M + Math.max(a, b);
    }),
    denseKeys(n, (i) => (p.postcode[i]! >= 0 && p.year[i]! > 0 ? p.postcode[i]! * 4096 + p.year[i]! : -1)),
    denseKeys(n, (i) => p.email[i]!),
    denseKeys(n, (i) => (dm(p.given[i]!) >= 0 && p.year[i]! > 0 ? dm(p.given[i]!) * 16384 + p.year[i]! : -1)),
    denseKeys(n, (i) => p.postcode[i]!),
    denseKeys(n, (i) => {
      const g = p.given[i]!;
      return dm(p.family[i]!) >= 0 && g >= 0 ? dm(p.family[i]!) * 64 + (p.names[g]!.charCodeAt(0) & 63) : -1;
    }),
    denseKeys(n, (i) => p.address[i]!),
    denseKeys(n, (i) => p.emailUser[i]!),
    denseKeys(n, (i) => (p.postcode[i]! >= 0 && p.streetNumber[i]! >= 0 ? p.postcode[i]! * M + p.streetNumber[i]! : -1)),
    denseKeys(n, (i) => (p.locality[i]! >= 0 && p.streetNumber[i]! >= 0 ? p.locality[i]! * M + p.streetNumber[i]! : -1)),
    denseKeys(n, (i) => (p.locality[i]! >= 0 && p.year[i]! > 0 ? p.locality[i]! * 16384 + p.year[i]! : -1)),
  ];
}

/** Secondary order inside an oversized block: family name then given name. */
function sortKey(p: Prepared, i: number): string {
  return `${p.names[p.family[i]!] ?? ''}|${p.names[p.given[i]!] ?? ''}`;
}

export function generateCandidates(p: Prepared, options: BlockingOptions = {}): CandidatePairs {
  const n = p.n;
  const cap = options.maxBlockSize ?? 200;
  const window = options.window ?? 25;
  const linkOnly = options.linkOnly ?? false;
  const keys = recordKeys(p);
  const offsets: Int32Array[] = [];
  const members: Int32Array[] = [];
  const positions: Int32Array[] = [];
  let blocks = 0;
  let largest = 0;
  let capped = 0;
  for (const ids of keys) {
    let nb = 0;
    for (let i = 0; i < n; i++) if (ids[i]! + 1 > nb) nb = ids[i]! + 1;
    const off = new Int32Array(nb + 1);
    for (let i = 0; i < n; i++) if (ids[i]! >= 0) off[ids[i]! + 1]!++;
    for (let b = 0; b < nb; b++) off[b + 1]! += off[b]!;
    const fill = off.slice(0, nb);
    const mem = new Int32Array(off[nb]!);
    for (let i = 0; i < n; i++) {
      const b = ids[i]!;
      if (b >= 0) mem[fill[b]!++] = i;
    }
    const pos = new Int32Array(n).fill(-1);
    for (let b = 0; b < nb; b++) {
      const s = off[b]!;
      const e = off[b + 1]!;
      const size = e - s;
      if (size > 1) blocks++;
      if (size > largest) largest = size;
      if (size > cap) {
        capped++;
        const sorted = Array.from(mem.subarray(s, e)).map((i) => [sortKey(p, i), i] as const);
        sorted.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] - y[1]));
        for (let k = 0; k < size; k++) mem[s + k] = sorted[k]![1];
      }
      for (let k = s; k < e; k++) pos[mem[k]!] = k;
    }
    offsets.push(off);
    members.push(mem);
    positions.push(pos);
  }
  const mark = new Int32Array(n).fill(-1);
  const left = new Int32Vec(Math.max(1024, n * 4));
  const right = new Int32Vec(Math.max(1024, n * 4));
  const src = p.source;
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < keys.length; t++) {
      const b = keys[t]![i]!;
      if (b < 0) continue;
      const off = offsets[t]!;
      const mem = members[t]!;
      let s = off[b]!;
      let e = off[b + 1]!;
      if (e - s > cap) {
        const at = positions[t]![i]!;
        s = Math.max(s, at - window);
        e = Math.min(e, at + window + 1);
      }
      for (let x = s; x < e; x++) {
        const j = mem[x]!;
        if (j <= i || mark[j] === i) continue;
        mark[j] = i;
        if (linkOnly && src[i] === src[j]) continue;
        left.push(i);
        right.push(j);
      }
    }
  }
  return {
    left: left.trimmed(),
    right: right.trimmed(),
    count: left.length,
    stats: { keys: [...BLOCKING_KEYS], candidatePairs: left.length, blocks, largestBlock: largest, cappedBlocks: capped },
  };
}
