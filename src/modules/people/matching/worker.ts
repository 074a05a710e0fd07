// Worker thread for large batches: computes packed comparison vectors for a slice of candidate pairs.
// Comparing pairs is the expensive step of linkage and is independent per pair, so the engine splits
// the pair list across CPU cores; each worker receives the encoded records once and returns an Int32Array.
import { parentPort } from 'node:worker_threads';
import { compareRange } from './comparisons.js';
import type { Prepared } from './types.js';

export interface CompareTask {
  prepared: Prepared;
  left: Int32Array;
  right: Int32Array;
}

if (parentPort) {
  const port = parentPort;
  port.on('message', (task: CompareTask) => {
    const out = new Int32Array(task.left.length);
    compareRange(task.prepared, task.left, task.right, out, 0, task.left.length);
    port.postMessage(out, [out.buffer]);
  });
}
