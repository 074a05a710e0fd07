// @fastify/session store on the sessions table. Ids are stored hashed; rows expire after the idle timeout.
import { createHash } from 'node:crypto';
import { eq, lt } from 'drizzle-orm';
import type { Session } from 'fastify';
import type { SessionStore } from '@fastify/session';
import { sessions } from '../../db/schema.js';
import type { Db } from '../../db/client.js';

const hashId = (id: string): string => createHash('sha256').update(id).digest('hex');

/**
 * Store failures are reported without the database's message, which lists the session's contents: an
 * error raised while saving a session can reach Fastify's last-resort error body, after our handler.
 */
const storeFailed = (done: (err?: Error) => void) => (cause: unknown) => done(new Error('The session store failed', { cause }));

export function createSessionStore(db: Db, idleMinutes: number): SessionStore & { purgeExpired(): Promise<void> } {
  const idleMs = idleMinutes * 60_000;
  return {
    set(id, session, done) {
      const data = JSON.parse(JSON.stringify(session)) as Record<string, unknown>;
      const expiresAt = new Date(Date.now() + idleMs);
      const userId = typeof session.userId === 'string' ? session.userId : null;
      db.insert(sessions)
        .values({ idHash: hashId(id), data, userId, expiresAt })
        .onConflictDoUpdate({ target: sessions.idHash, set: { data, userId, expiresAt } })
        .then(() => done(), storeFailed(done));
    },
    get(id, done) {
      db.select()
        .from(sessions)
        .where(eq(sessions.idHash, hashId(id)))
        .then(([row]) => done(null, row && row.expiresAt.getTime() > Date.now() ? (row.data as Session) : null), storeFailed(done));
    },
    destroy(id, done) {
      db.delete(sessions)
        .where(eq(sessions.idHash, hashId(id)))
        .then(() => done(), storeFailed(done));
    },
    async purgeExpired() {
      await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
    },
  };
}
