// In-process background work: chaining new audit rows and removing expired sessions. Safe with several
// instances (the chainer takes an advisory lock); a failed run is logged and retried on the next tick.
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/client.js';
import { chainPending } from './audit/chain.js';

export function startBackgroundJobs(app: FastifyInstance, database: Database) {
  let running: Promise<unknown> = Promise.resolve();
  const every = (ms: number, name: string, fn: () => Promise<unknown>) =>
    setInterval(() => {
      running = running.then(fn).catch((err: Error) => app.log.error({ job: name, err }, 'background job failed'));
    }, ms).unref();
  const timers = [every(2_000, 'audit-chain', () => chainPending(database)), every(10 * 60_000, 'session-purge', () => app.purgeExpiredSessions())];
  return {
    async stop() {
      timers.forEach(clearInterval);
      await running;
      await chainPending(database);
    },
  };
}
