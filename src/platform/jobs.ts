// In-process background work: chaining new audit rows, removing expired sessions, and escalating overdue
// signposting follow-ups. Safe with several instances (the chainer and the escalation each take an advisory
// lock, and an escalation is claimed row by row); a failed run is logged and retried on the next tick.
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/client.js';
import { escalateOverdue } from '../modules/monitoring/monitoring.service.js';
import { chainPending } from './audit/chain.js';

const ESCALATION_LOCK = 7_301_003;
const ESCALATION_EVERY_MS = 5 * 60_000;

export function startBackgroundJobs(app: FastifyInstance, database: Database) {
  let running: Promise<unknown> = Promise.resolve();
  const run = (name: string, fn: () => Promise<unknown>) => {
    running = running.then(fn).catch((err: Error) => app.log.error({ job: name, err }, 'background job failed'));
  };
  const every = (ms: number, name: string, fn: () => Promise<unknown>) => setInterval(() => run(name, fn), ms).unref();
  const escalate = () => database.withLock(ESCALATION_LOCK, (db) => escalateOverdue(db, new Date()));
  // Once at start, so a restart does not leave overdue follow-ups waiting a whole interval.
  run('follow-up-escalation', escalate);
  const timers = [
    every(2_000, 'audit-chain', () => chainPending(database)),
    every(10 * 60_000, 'session-purge', () => app.purgeExpiredSessions()),
    every(ESCALATION_EVERY_MS, 'follow-up-escalation', escalate),
  ];
  return {
    async stop() {
      timers.forEach(clearInterval);
      await running;
      await chainPending(database);
    },
  };
}
