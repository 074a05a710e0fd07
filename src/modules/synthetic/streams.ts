// A synthetic dataset is made as STREAMS streams of referrals (generate.ts), each with its own random stream and
// people, so that worker threads can make them side by side and the rows are the same however many threads there
// are. Batches are taken from the streams in turn, in a fixed order, and handed over already encoded for the way
// they will be written: COPY text for a bulk load on PostgreSQL, JSON for an insert otherwise.
import { encodeCopyRows } from '../../db/copyText.js';
import { TABLE_ORDER, emptyTables, type TableName, type Tables } from './bulkInsert.js';
import type { SyntheticContext } from './context.js';
import { createGenerator, type GenerateOptions, type Generator } from './generate.js';

/** Fixed, not the number of cores: the dataset for a seed must not depend on the machine. */
export const STREAMS = 4;

export interface BatchRequest {
  stream: number;
  count: number;
}

export type Encoding = { kind: 'copy'; arrayColumns: Record<string, string[]> } | { kind: 'json' };

export interface EncodedTable {
  table: TableName;
  columns: string[];
  rows: number;
  /** COPY text (a buffer of its own, which a worker hands over without copying) or a JSON array. */
  data: Uint8Array | string;
}

export interface EncodedBatch {
  referrals: number;
  tables: EncodedTable[];
}

export interface StreamSpec {
  ctx: SyntheticContext;
  seed: number;
  options: GenerateOptions;
  /** The streams made here (all of them, or a worker's share). */
  streams: number[];
  encoding: Encoding;
}

/** Every batch in the order it is written: the streams in turn, each stream's share of the referrals in batches. */
export function batchPlan(referrals: number, batch: number): BatchRequest[] {
  const left = Array.from({ length: STREAMS }, (_, s) => Math.floor(referrals / STREAMS) + (s < referrals % STREAMS ? 1 : 0));
  const plan: BatchRequest[] = [];
  while (left.some((n) => n > 0)) {
    for (let stream = 0; stream < STREAMS; stream++) {
      const count = Math.min(batch, left[stream]!);
      if (count === 0) continue;
      left[stream]! -= count;
      plan.push({ stream, count });
    }
  }
  return plan;
}

export const rowsIn = (tables: readonly EncodedTable[]): number => tables.reduce((n, t) => n + t.rows, 0);

/** The tables' rows, encoded, parents before children; empty tables left out. */
export function encodeTables(tables: Tables, encoding: Encoding): EncodedTable[] {
  const encoded: EncodedTable[] = [];
  for (const table of TABLE_ORDER) {
    const rows = tables[table];
    if (rows.length === 0) continue;
    const columns = Object.keys(rows[0]!);
    const data = encoding.kind === 'copy' ? encodeCopyRows(rows, columns, new Set(encoding.arrayColumns[table])) : JSON.stringify(rows);
    encoded.push({ table, columns, rows: rows.length, data });
  }
  return encoded;
}

/** Every panel meeting of the period with its attendance (the same in every stream), encoded. */
export function encodedMeetings(spec: Omit<StreamSpec, 'streams'>): EncodedTable[] {
  return encodeTables(createGenerator(spec.ctx, spec.seed, spec.options).meetings(), spec.encoding);
}

/** The generators of the spec's streams, made batch by batch in this thread. */
export function streamSet(spec: StreamSpec) {
  const generators = new Map<number, Generator>(spec.streams.map((index) => [index, createGenerator(spec.ctx, spec.seed, spec.options, { index, count: STREAMS })]));
  const generatorOf = (stream: number) => {
    const gen = generators.get(stream);
    if (!gen) throw new Error(`stream ${stream} is not made here`);
    return gen;
  };
  return {
    /** Adds `count` more of the stream's referrals to `into` (a batch may be made in slices). */
    generate(stream: number, count: number, into: Tables): void {
      generatorOf(stream).batch(count, into);
    },
    encode: (tables: Tables): EncodedTable[] => encodeTables(tables, spec.encoding),
    /** Events on referrals of earlier batches, stream by stream, to write once every batch is in. */
    lateEvents(): EncodedTable[] {
      return spec.streams.flatMap((s) => encodeTables({ ...emptyTables(), referral_events: generatorOf(s).takeLateEvents() }, spec.encoding));
    },
  };
}

export type StreamSet = ReturnType<typeof streamSet>;

/** Where batches come from: this thread (source.ts) or worker threads (workerSource.ts). */
export interface BatchSource {
  /** A stream's batches must be asked for in its order; different streams' may be asked for together. */
  batch(request: BatchRequest): Promise<EncodedBatch>;
  lateEvents(): Promise<EncodedTable[]>;
  close(): Promise<void>;
}

/** The plan's batches in order, up to `ahead` asked for before they are needed, so they are made while others are written. */
export async function* inOrder(source: BatchSource, plan: readonly BatchRequest[], ahead: number): AsyncGenerator<EncodedBatch> {
  const pending: Array<Promise<EncodedBatch>> = [];
  let asked = 0;
  const askMore = () => {
    while (asked < plan.length && pending.length < ahead) {
      const next = source.batch(plan[asked++]!);
      // Awaited in turn below; marked handled so that a failure is not reported as unhandled first.
      next.catch(() => undefined);
      pending.push(next);
    }
  };
  askMore();
  while (pending.length > 0) {
    const batch = await pending.shift()!;
    askMore();
    yield batch;
  }
}
