// Closing the server while a request's handler still runs, after its client has gone: app.close() must wait for
// the handler's queries, or they would meet a closed database (and an audit row would be lost).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';

let db: TestDatabase | undefined;
afterAll(() => db?.dispose());

describe('graceful close', () => {
  it('waits for a handler whose client dropped the connection to finish its queries', async () => {
    db = await createTestDatabase();
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: `/tmp/ct-casework-test-${process.pid}`, SESSION_SECRET: 'test-session-secret-that-is-long-enough-000', ENCRYPTION_KEY: '0'.repeat(64), LOG_LEVEL: 'silent' });
    const app = await buildApp({ config, database: db.database });
    let started!: () => void;
    const handlerStarted = new Promise<void>((resolve) => (started = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const outcome: { query?: 'ran' | string } = {};
    app.get('/test/slow', async () => {
      started();
      await gate;
      try {
        await db!.database.db.execute(sql`SELECT 1`);
        outcome.query = 'ran';
      } catch (err) {
        outcome.query = (err as Error).message;
      }
      return { ok: true };
    });
    await app.listen({ host: '127.0.0.1', port: 0 });

    // The client sends its request, then drops the connection while the handler waits.
    const { port } = app.server.address() as AddressInfo;
    const request = http.get({ host: '127.0.0.1', port, path: '/test/slow' });
    request.on('error', () => undefined);
    await handlerStarted;
    request.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));

    let closed = false;
    const closing = app.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(closed).toBe(false);
    release();
    await closing;
    // As the CLI does after app.close(): the database closes only now, after the handler's query ran.
    expect(outcome.query).toBe('ran');
  });
});
