// @fastify/session store on the sessions table. Ids are stored hashed; rows expire after the idle timeout.
// Reading a session also reads its user (one round trip, not two, on every page): the auth hook takes that
// user for the same request with `takeUser`. The sessions of requests arriving together are read by one
// statement (db/batched.ts): every signed-in request reads its session, so under load this is most of the
// server's round trips.
import { createHash } from 'node:crypto';
import { eq, lt, sql } from 'drizzle-orm';
import type { Session } from 'fastify';
import type { SessionStore } from '@fastify/session';
import { organisations, sessions, users } from '../../db/schema.js';
import { userColumns, userFromRow, type UserRecord } from './users.repository.js';
import type { Db } from '../../db/client.js';
import { answersByKey, batched } from '../../db/batched.js';
import { inKeys, keysParameter } from '../../db/keys.js';

const hashId = (id: string): string => createHash('sha256').update(id).digest('hex');

/**
 * Store failures are reported without the database's message, which lists the session's contents: an
 * error raised while saving a session can reach Fastify's last-resort error body, after our handler.
 */
const storeFailed = (done: (err?: Error) => void) => (cause: unknown) => done(new Error('The session store failed', { cause }));

// Users read with sessions and not yet taken: a request that fails before the auth hook leaves its entry,
// so the oldest are dropped past this many.
const MAX_WAITING = 1_000;

export interface SessionUsers {
  /** The user read with this session by this request's store lookup, once; null if there is none to take. */
  takeUser(sessionId: string, userId: string): UserRecord | null;
}

export function createSessionStore(db: Db, idleMinutes: number): SessionStore & SessionUsers & { purgeExpired(): Promise<void> } {
  const idleMs = idleMinutes * 60_000;
  const waiting = new Map<string, UserRecord>();
  // Read on every request that carries a session cookie: built once.
  const sessionsWithUsers = db
    .select({ idHash: sessions.idHash, data: sessions.data, expiresAt: sessions.expiresAt, ...userColumns })
    .from(sessions)
    .leftJoin(users, eq(users.id, sessions.userId))
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .where(inKeys(sessions.idHash, sql.placeholder('idHashes'), 'text'))
    .prepare('sessions_with_users');
  const sessionWithUser = batched(async (idHashes: string[]) => {
    const rows = await sessionsWithUsers.execute({ idHashes: keysParameter(idHashes) });
    return answersByKey(idHashes, new Map(rows.map((row) => [row.idHash, row])));
  });
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
      sessionWithUser(hashId(id)).then((row) => {
        const live = row && row.expiresAt.getTime() > Date.now();
        if (live && row.id) {
          waiting.delete(id);
          waiting.set(id, userFromRow(row));
          if (waiting.size > MAX_WAITING) waiting.delete(waiting.keys().next().value!);
        }
        done(null, live ? (row.data as Session) : null);
      }, storeFailed(done));
    },
    takeUser(sessionId, userId) {
      const user = waiting.get(sessionId);
      waiting.delete(sessionId);
      return user?.id === userId ? user : null;
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
