// @fastify/session store on the sessions table. Ids are stored hashed; rows expire after the idle timeout.
import { createHash } from 'node:crypto';
import { eq, lt } from 'drizzle-orm';
import type { Session } from 'fastify';
import type { SessionStore } from '@fastify/session';
import { sessions } from '../../db/schema.js';
import type { Db } from '../../db/client.js';

const hashId = (id: string): string => createHash('sha256').update(id).digest('hex');

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
        .then(() => done(), done);
    },
    get(id, done) {
      db.select()
        .from(sessions)
        .where(eq(sessions.idHash, hashId(id)))
        .then(([row]) => done(null, row && row.expiresAt.getTime() > Date.now() ? (row.data as Session) : null), done);
    },
    destroy(id, done) {
      db.delete(sessions)
        .where(eq(sessions.idHash, hashId(id)))
        .then(() => done(), done);
    },
    async purgeExpired() {
      await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
    },
  };
}
