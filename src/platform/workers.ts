// Starts a worker thread on a module next to the caller's, whether the service runs from its built JavaScript or
// from the TypeScript sources (tests, benchmarks), where the worker must register the same loader first.
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** `name` is the module's file name without its extension, beside the module at `callerUrl` (its import.meta.url). */
export function spawnWorker(callerUrl: string, name: string, options: WorkerOptions = {}): Worker {
  const fromSources = callerUrl.endsWith('.ts');
  const url = new URL(`./${name}.${fromSources ? 'ts' : 'js'}`, callerUrl);
  if (!fromSources) return new Worker(url, options);
  // The test runner's module loader has no import.meta.resolve: there the worker resolves the name itself, from
  // the working directory (the project's, where tests run).
  const api = typeof import.meta.resolve === 'function' ? import.meta.resolve('tsx/esm/api') : 'tsx/esm/api';
  return new Worker(`import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`, { ...options, eval: true });
}
