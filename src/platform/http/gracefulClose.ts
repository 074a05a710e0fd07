// Graceful close: finish every request in flight, then let the caller close the database.
//
// Node's server.close() ends only the connections idle at that moment: a keep-alive connection whose request is
// still in flight stays open after its response, and close() would wait for the client to drop it. So responses
// sent while closing say `Connection: close`, and connections that fall idle are swept until the server has closed.
//
// A client that drops its connection does not stop its request's handler: the server can close (no connections
// left) while that handler still has queries to run, such as its audit row. So app.close() also waits for every
// handler that started to reach its response, up to a bound, before the database is closed under it.
import type { FastifyInstance, FastifyRequest } from 'fastify';

const SWEEP_MS = 100;
const POLL_MS = 10;

export function gracefulClose(app: FastifyInstance, opts: { handlerWaitMs: number }): void {
  let closing = false;
  const handling = new Set<FastifyRequest>();

  app.addHook('preHandler', async (request) => {
    handling.add(request);
  });
  // onSend runs once a handler has its response, error or not, whether or not the client is still there.
  app.addHook('onSend', async (request, reply) => {
    handling.delete(request);
    if (closing) reply.header('Connection', 'close');
  });

  app.addHook('preClose', (done) => {
    closing = true;
    const sweep = setInterval(() => app.server.closeIdleConnections(), SWEEP_MS).unref();
    app.server.once('close', () => clearInterval(sweep));
    done();
  });
  app.addHook('onClose', async () => {
    const until = Date.now() + opts.handlerWaitMs;
    while (handling.size > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    if (handling.size > 0) app.log.warn({ handlers: handling.size }, 'closing with handlers still running');
  });
}
