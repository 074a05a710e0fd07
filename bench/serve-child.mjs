// The bench's server process: the compiled service exactly as `npm start` runs it, so its memory is the
// service's own and not a TypeScript loader's. bench/run.ts builds first, forks this, asks it for its RSS and
// stops it over the IPC channel; it also answers with its CPU time, to count what each request costs it.
import { loadConfig } from '../dist/config.js';
import { openDatabase } from '../dist/db/client.js';
import { buildApp } from '../dist/server.js';

const config = loadConfig(process.env);
const database = await openDatabase({ databaseUrl: config.databaseUrl, poolSize: config.databasePoolSize });
const app = await buildApp({ config, database });
await app.listen({ host: '127.0.0.1', port: 0 });
process.on('message', async (m) => {
  if (m === 'rss') process.send({ type: 'rss', rss: process.memoryUsage().rss });
  if (m === 'cpu') process.send({ type: 'cpu', cpu: process.cpuUsage() });
  if (m === 'stop') {
    await app.close();
    await database.close();
    process.exit(0);
  }
});
process.send({ type: 'listening', port: app.server.address().port });
