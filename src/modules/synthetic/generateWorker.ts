// A worker thread making its share of the synthetic streams (workerSource.ts): it answers each request with the
// batch encoded, handing over the COPY buffers rather than copying them.
import { parentPort, workerData } from 'node:worker_threads';
import { emptyTables } from './bulkInsert.js';
import { streamSet, type EncodedTable, type StreamSpec } from './streams.js';
import type { WorkerReply, WorkerRequest } from './workerSource.js';

const buffers = (tables: EncodedTable[]): ArrayBuffer[] => tables.flatMap((t) => (typeof t.data === 'string' ? [] : [t.data.buffer as ArrayBuffer]));

if (parentPort) {
  const port = parentPort;
  const set = streamSet(workerData as StreamSpec);
  port.on('message', (request: WorkerRequest) => {
    let reply: WorkerReply;
    try {
      if (request.kind === 'batch') {
        const tables = emptyTables();
        set.generate(request.stream, request.count, tables);
        reply = { id: request.id, tables: set.encode(tables) };
      } else {
        reply = { id: request.id, tables: set.lateEvents() };
      }
    } catch (err) {
      port.postMessage({ id: request.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies WorkerReply);
      return;
    }
    port.postMessage(reply, buffers(reply.tables));
  });
}
