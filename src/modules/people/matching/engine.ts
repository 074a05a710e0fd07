// Public API of the person-matching engine. `linkRecords` runs the whole probabilistic (Fellegi–Sunter)
// pipeline on plain records, with no database: prepare fields, block, compare, estimate parameters from
// the data (random-pair u, EM m, prior), score, cluster with never-link constraints, and report pairs and
// blocking statistics; the result can explain any pair in plain English. Large batches compare pairs on
// worker threads.
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../../../platform/workers.js';
import { generateCandidates, type BlockingOptions, type BlockingStats } from './blocking.js';
import { clusterPairs } from './cluster.js';
import { compareRange, F_DOB, F_FAMILY, F_GIVEN } from './comparisons.js';
import { estimateParameters, patternCounts, removeMatchesFromU, sampleU, type EstimateResult, type RecordPresence } from './estimate.js';
import { explainPair, type PairExplanation } from './explain.js';
import { prepareRecords } from './prepare.js';
import { buildScoringTables, DEFAULT_MATCH_PROBABILITY, scoreAll, weightToProbability, type MatchModel, type ScoringTables } from './score.js';
import type { PersonRecord, Prepared } from './types.js';

export type { PersonRecord } from './types.js';
export type { PairExplanation, FieldExplanation } from './explain.js';
export { DEFAULT_MATCH_PROBABILITY } from './score.js';

export type Stage = 'prepare' | 'block' | 'compare' | 'estimate' | 'score' | 'cluster';

export interface LinkOptions {
  /** Compare only records from different `source` values (link two files rather than deduplicate). */
  linkOnly?: boolean;
  /** Record-id pairs a person has said are different people; they never end up in one cluster. */
  neverLink?: ReadonlyArray<readonly [string, string]>;
  /** Pairs at or above this match probability are reported (default: the match threshold). */
  reportMinProbability?: number;
  /** Use worker threads when there are more records than this (default 20,000). */
  workerThreshold?: number;
  /** Number of threads for large batches (default: available CPU cores). */
  workers?: number;
  /** Random pairs compared to estimate u-probabilities (default 300,000). */
  uSampleSize?: number;
  seed?: number;
  blocking?: BlockingOptions;
  onProgress?: (stage: Stage, done: number, total: number) => void;
}

export interface ScoredPair {
  left: string;
  right: string;
  matchWeight: number;
  matchProbability: number;
}

export interface LinkStats {
  records: number;
  blocking: BlockingStats;
  totalPossiblePairs: number;
  estimation: Omit<EstimateResult, 'm' | 'u'>;
  threshold: number;
  thresholdWeight: number;
  clusters: number;
  timingsMs: Record<Stage, number>;
  usedWorkers: number;
}

export interface LinkResult {
  /** Cluster number per record, in input order. */
  clusterOf: Int32Array;
  /** `{ recordId, clusterId }` per record, in input order. */
  clusters: Array<{ recordId: string; clusterId: number }>;
  /** Scored pairs at or above `reportMinProbability`, strongest first. */
  pairs: ScoredPair[];
  /** Every compared (blocked) pair as record indexes with its match weight. */
  candidates: { left: Int32Array; right: Int32Array; weights: Float32Array; count: number };
  model: MatchModel;
  stats: LinkStats;
  /** Field-by-field explanation for two record ids. */
  explain(leftId: string, rightId: string): PairExplanation;
}

/** Compare candidate pairs, on worker threads when asked. */
export async function compareCandidates(p: Prepared, left: Int32Array, right: Int32Array, threads: number): Promise<Int32Array> {
  const count = left.length;
  const out = new Int32Array(count);
  if (threads <= 1 || count < 50_000) {
    compareRange(p, left, right, out, 0, count);
    return out;
  }
  const chunks = threads;
  const size = Math.ceil(count / chunks);
  const jobs: Array<Promise<void>> = [];
  const workers: Worker[] = [];
  // The main thread takes the first chunk itself; the others go to workers.
  for (let c = 1; c < chunks; c++) {
    const from = c * size;
    const to = Math.min(count, from + size);
    if (from >= to) break;
    const worker = spawnWorker(import.meta.url, 'worker');
    workers.push(worker);
    jobs.push(
      new Promise<void>((resolve, reject) => {
        worker.once('message', (codes: Int32Array) => {
          out.set(codes, from);
          resolve();
        });
        worker.once('error', reject);
        worker.postMessage({ prepared: p, left: left.slice(from, to), right: right.slice(from, to) });
      }),
    );
  }
  compareRange(p, left, right, out, 0, Math.min(count, size));
  try {
    await Promise.all(jobs);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return out;
}

function totalPossiblePairs(p: Prepared, linkOnly: boolean): number {
  const n = p.n;
  if (!linkOnly) return (n * (n - 1)) / 2;
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) counts.set(p.source[i]!, (counts.get(p.source[i]!) ?? 0) + 1);
  let same = 0;
  for (const c of counts.values()) same += (c * (c - 1)) / 2;
  return (n * (n - 1)) / 2 - same;
}

/** How often records hold names and a full date of birth, for scaling session counts to all pairs. */
function recordPresence(p: Prepared): RecordPresence {
  return (fields) => {
    let filled = 0;
    for (let i = 0; i < p.n; i++) {
      let ok = true;
      for (const f of fields) {
        if (f === F_GIVEN && p.given[i]! < 0) ok = false;
        else if (f === F_FAMILY && p.family[i]! < 0) ok = false;
        else if (f === F_DOB && (p.year[i]! <= 0 || p.month[i]! <= 0 || p.day[i]! <= 0)) ok = false;
      }
      if (ok) filled++;
    }
    return p.n > 0 ? filled / p.n : 0;
  };
}

export async function linkRecords(records: readonly PersonRecord[], options: LinkOptions = {}): Promise<LinkResult> {
  const timings = { prepare: 0, block: 0, compare: 0, estimate: 0, score: 0, cluster: 0 } as Record<Stage, number>;
  const progress = options.onProgress ?? (() => {});
  const linkOnly = options.linkOnly ?? false;
  let t0 = performance.now();
  const lap = (stage: Stage) => {
    const now = performance.now();
    timings[stage] = Math.round(now - t0);
    t0 = now;
    progress(stage, 1, 1);
  };
  progress('prepare', 0, 1);
  const idIndex = new Map<string, number>();
  records.forEach((r, i) => {
    if (idIndex.has(r.id)) throw new Error(`Duplicate record id ${r.id}`);
    idIndex.set(r.id, i);
  });
  const p = prepareRecords(records);
  lap('prepare');

  progress('block', 0, 1);
  const cand = generateCandidates(p, { ...options.blocking, linkOnly });
  lap('block');

  progress('compare', 0, cand.count);
  const threads = records.length > (options.workerThreshold ?? 20_000) ? Math.max(1, options.workers ?? availableParallelism()) : 1;
  const codes = await compareCandidates(p, cand.left, cand.right, threads);
  lap('compare');

  progress('estimate', 0, 1);
  const total = totalPossiblePairs(p, linkOnly);
  const uSample = sampleU(p, { sampleSize: options.uSampleSize ?? 300_000, seed: options.seed ?? 20240611, linkOnly });
  const presence = recordPresence(p);
  const patterns = patternCounts(codes, cand.count);
  // u from random pairs still holds the matches among them; estimate once, take them out, estimate again.
  const first = estimateParameters(codes, cand.count, uSample.u, total, { presence, patterns });
  let u = removeMatchesFromU(uSample.u, first.m, first.lambda, first.mDobInexactNames, uSample.pairs);
  const est = estimateParameters(codes, cand.count, u, total, { presence, patterns });
  u = removeMatchesFromU(uSample.u, est.m, est.lambda, est.mDobInexactNames, uSample.pairs);
  const model: MatchModel = { m: est.m, u, lambda: est.lambda, threshold: DEFAULT_MATCH_PROBABILITY, ...(est.mDobInexactNames ? { mDobInexactNames: est.mDobInexactNames } : {}) };
  const tables: ScoringTables = buildScoringTables(model, p);
  lap('estimate');

  progress('score', 0, cand.count);
  const weights = scoreAll(tables, p, cand.left, cand.right, codes, cand.count);
  lap('score');

  progress('cluster', 0, 1);
  const neverLink: Array<[number, number]> = [];
  for (const [a, b] of options.neverLink ?? []) {
    const ia = idIndex.get(a);
    const ib = idIndex.get(b);
    if (ia !== undefined && ib !== undefined) neverLink.push([ia, ib]);
  }
  const clusterOf = clusterPairs(p.n, cand.left, cand.right, weights, cand.count, tables.thresholdWeight, neverLink);
  let clusterCount = 0;
  for (let i = 0; i < clusterOf.length; i++) if (clusterOf[i]! + 1 > clusterCount) clusterCount = clusterOf[i]! + 1;
  const reportWeight = Math.log2((options.reportMinProbability ?? model.threshold) / (1 - (options.reportMinProbability ?? model.threshold)));
  const reported: number[] = [];
  for (let k = 0; k < cand.count; k++) if (weights[k]! >= reportWeight) reported.push(k);
  reported.sort((x, y) => weights[y]! - weights[x]!);
  const pairs: ScoredPair[] = reported.map((k) => ({
    left: records[cand.left[k]!]!.id,
    right: records[cand.right[k]!]!.id,
    matchWeight: weights[k]!,
    matchProbability: weightToProbability(weights[k]!),
  }));
  lap('cluster');

  return {
    clusterOf,
    clusters: records.map((r, i) => ({ recordId: r.id, clusterId: clusterOf[i]! })),
    pairs,
    candidates: { left: cand.left, right: cand.right, weights, count: cand.count },
    model,
    stats: {
      records: records.length,
      blocking: cand.stats,
      totalPossiblePairs: total,
      estimation: { lambda: est.lambda, expectedMatches: est.expectedMatches, uSamplePairs: uSample.pairs, emSessions: est.emSessions },
      threshold: model.threshold,
      thresholdWeight: tables.thresholdWeight,
      clusters: clusterCount,
      timingsMs: timings,
      usedWorkers: threads,
    },
    explain(leftId: string, rightId: string): PairExplanation {
      const i = idIndex.get(leftId);
      const j = idIndex.get(rightId);
      if (i === undefined || j === undefined) throw new Error(`Unknown record id ${i === undefined ? leftId : rightId}`);
      return explainPair(tables, p, records, i, j);
    },
  };
}
