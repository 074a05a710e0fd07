// Clustering: turning scored pairs into people. Pairs at or above the threshold are merged strongest
// first with union-find; a merge is refused when it would put two records that a human has said are
// different people into one cluster, so "never link" decisions always hold, including transitively.

export class ConstrainedUnionFind {
  private readonly parent: Int32Array;
  private readonly size: Int32Array;
  /** Per root: records in the component that carry never-link constraints. */
  private readonly constrained = new Map<number, number[]>();
  private readonly cannot = new Map<number, number[]>();

  constructor(n: number, neverLink: ReadonlyArray<readonly [number, number]> = []) {
    this.parent = new Int32Array(n);
    this.size = new Int32Array(n).fill(1);
    for (let i = 0; i < n; i++) this.parent[i] = i;
    for (const [a, b] of neverLink) {
      if (a === b || a < 0 || b < 0 || a >= n || b >= n) continue;
      this.addCannot(a, b);
      this.addCannot(b, a);
    }
    for (const r of this.cannot.keys()) this.constrained.set(r, [r]);
  }

  private addCannot(a: number, b: number): void {
    const list = this.cannot.get(a);
    if (list) list.push(b);
    else this.cannot.set(a, [b]);
  }

  find(x: number): number {
    let r = x;
    while (this.parent[r] !== r) r = this.parent[r]!;
    while (this.parent[x] !== r) {
      const next = this.parent[x]!;
      this.parent[x] = r;
      x = next;
    }
    return r;
  }

  /** Joins the components of a and b unless that would join a forbidden pair. Returns whether they are now one. */
  union(a: number, b: number): boolean {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return true;
    const ca = this.constrained.get(ra);
    const cb = this.constrained.get(rb);
    if (ca && cb) {
      const [small, otherRoot] = ca.length <= cb.length ? [ca, rb] : [cb, ra];
      for (const x of small) for (const y of this.cannot.get(x) ?? []) if (this.find(y) === otherRoot) return false;
    }
    if (this.size[ra]! < this.size[rb]!) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra]! += this.size[rb]!;
    if (cb || ca) {
      const merged = [...(this.constrained.get(ra) ?? []), ...(this.constrained.get(rb) ?? [])];
      this.constrained.delete(rb);
      this.constrained.set(ra, merged);
    }
    return true;
  }
}

/**
 * Cluster ids (0..k-1, in order of first record) for n records from pairs with weights at or above
 * `thresholdWeight`, processed strongest first.
 */
export function clusterPairs(
  n: number,
  left: Int32Array,
  right: Int32Array,
  weights: Float32Array | Float64Array,
  count: number,
  thresholdWeight: number,
  neverLink: ReadonlyArray<readonly [number, number]> = [],
): Int32Array {
  const chosen: number[] = [];
  for (let k = 0; k < count; k++) if (weights[k]! >= thresholdWeight) chosen.push(k);
  const order = Int32Array.from(chosen);
  order.sort((x, y) => weights[y]! - weights[x]! || x - y);
  const uf = new ConstrainedUnionFind(n, neverLink);
  for (let x = 0; x < order.length; x++) {
    const k = order[x]!;
    uf.union(left[k]!, right[k]!);
  }
  const clusterOf = new Int32Array(n);
  const ids = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const r = uf.find(i);
    let id = ids.get(r);
    if (id === undefined) {
      id = ids.size;
      ids.set(r, id);
    }
    clusterOf[i] = id;
  }
  return clusterOf;
}
