// Batches made by worker threads, each making every n-th stream: generating and encoding the rows is most of a
// load's work in Node, and on one thread it, not the database, set the pace.
import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../../platform/workers.js';
import { STREAMS, type BatchSource, type EncodedTable, type StreamSpec } from './streams.js';

type Request = { kind: 'batch'; stream: number; count: number } | { kind: 'late' };
export type WorkerRequest = Request & { id: number };
export type WorkerReply = { id: number; tables: EncodedTable[] } | { id: number; error: string };

interface Pending {
  resolve(tables: EncodedTable[]): void;
  reject(err: Error): void;
}

export function workerSource(spec: Omit<StreamSpec, 'streams'>, threads: number): BatchSource {
  const count = Math.max(1, Math.min(STREAMS, threads));
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let failure: Error | null = null;
  const failAll = (err: Error) => {
    failure ??= err;
    for (const p of pending.values()) p.reject(failure);
    pending.clear();
  };
  const workers: Worker[] = Array.from({ length: count }, (_, w) => {
    const streams = Array.from({ length: STREAMS }, (_, s) => s).filter((s) => s % count === w);
    const worker = spawnWorker(import.meta.url, 'generateWorker', { workerData: { ...spec, streams } satisfies StreamSpec });
    worker.on('message', (reply: WorkerReply) => {
      const p = pending.get(reply.id);
      pending.delete(reply.id);
      if ('error' in reply) p?.reject(new Error(`Synthetic data worker failed: ${reply.error}`));
      else p?.resolve(reply.tables);
    });
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`Synthetic data worker stopped (exit code ${code})`)));
    return worker;
  });
  const ask = (worker: Worker, request: Request): Promise<EncodedTable[]> =>
    new Promise((resolve, reject) => {
      if (failure) return reject(failure);
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id });
    });
  return {
    batch: async ({ stream, count: referrals }) => ({ referrals, tables: await ask(workers[stream % count]!, { kind: 'batch', stream, count: referrals }) }),
    lateEvents: async () => (await Promise.all(workers.map((w) => ask(w, { kind: 'late' })))).flat(),
    close: async () => {
      failure ??= new Error('Synthetic data workers closed');
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
