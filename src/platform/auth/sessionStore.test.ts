import { randomUUID } from 'node:crypto';
import type { Session } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/testDatabase.js';
import { organisations, users } from '../../db/schema.js';
import { createSessionStore } from './sessionStore.js';

let t: TestDatabase;
const orgId = randomUUID();
const userId = randomUUID();

beforeAll(async () => {
  t = await createTestDatabase();
  await t.database.db.insert(organisations).values({ id: orgId, code: 'test-force', name: 'Test Police', kind: 'police_force', preventDuty: true });
  await t.database.db.insert(users).values({ id: userId, organisationId: orgId, email: 'a@test.example', displayName: 'A Officer', roles: ['prevent_officer'], passwordHash: 'x' });
});
afterAll(() => t.dispose());

const call = <T>(fn: (done: (err?: Error | null, value?: T) => void) => void) =>
  new Promise<T | undefined>((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value))));

describe('session store', () => {
  it('reads the user with the session, for that request to take once', async () => {
    const store = createSessionStore(t.database.db, 30);
    await call((done) => store.set('sid-1', { userId } as unknown as Session, done));
    const session = await call<Session | null>((done) => store.get('sid-1', done));
    expect(session?.userId).toBe(userId);
    const user = store.takeUser('sid-1', userId);
    expect(user).toMatchObject({ id: userId, displayName: 'A Officer', roles: ['prevent_officer'], organisation: { id: orgId, name: 'Test Police' } });
    expect(store.takeUser('sid-1', userId)).toBeNull();
  });

  it('gives no user for another user id, a session without a user, or one never read', async () => {
    const store = createSessionStore(t.database.db, 30);
    await call((done) => store.set('sid-2', { userId } as unknown as Session, done));
    await call((done) => store.get('sid-2', done));
    expect(store.takeUser('sid-2', randomUUID())).toBeNull();
    await call((done) => store.set('sid-3', {} as Session, done));
    await call((done) => store.get('sid-3', done));
    expect(store.takeUser('sid-3', userId)).toBeNull();
    expect(store.takeUser('never-read', userId)).toBeNull();
  });

  it('keeps a bounded number of users that no request took', async () => {
    const store = createSessionStore(t.database.db, 30);
    await call((done) => store.set('sid-first', { userId } as unknown as Session, done));
    await call((done) => store.get('sid-first', done));
    for (let i = 0; i < 1_000; i++) {
      await call((done) => store.set(`sid-many-${i}`, { userId } as unknown as Session, done));
      await call((done) => store.get(`sid-many-${i}`, done));
    }
    expect(store.takeUser('sid-first', userId)).toBeNull();
    expect(store.takeUser('sid-many-999', userId)?.id).toBe(userId);
  });

  it('answers sessions read at the same time each with its own, the same session with separate copies', async () => {
    const store = createSessionStore(t.database.db, 30);
    const otherUser = randomUUID();
    await t.database.db.insert(users).values({ id: otherUser, organisationId: orgId, email: 'b@test.example', displayName: 'B Officer', roles: ['prevent_officer'], passwordHash: 'x' });
    await call((done) => store.set('sid-a', { userId, flash: { text: 'Saved' } } as unknown as Session, done));
    await call((done) => store.set('sid-b', { userId: otherUser } as unknown as Session, done));
    // The first read goes alone; the three after it wait for it and are read together.
    const [b, a1, a2, none] = await Promise.all(['sid-b', 'sid-a', 'sid-a', 'sid-unknown'].map((id) => call<Session | null>((done) => store.get(id, done))));
    expect([a1?.userId, b?.userId, a2?.userId, none]).toEqual([userId, otherUser, userId, null]);
    expect(a2?.flash).toEqual(a1?.flash);
    a1!.flash!.text = 'Changed by one request';
    expect(a2?.flash?.text).toBe('Saved');
    expect(store.takeUser('sid-b', otherUser)?.displayName).toBe('B Officer');
  });
});
