// SQL for referrals. Every function takes the database or transaction handle first.
import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { organisations, referralDrafts, referralEvents, referrals } from '../../db/schema.js';
import type { Db } from '../../db/client.js';

export type ReferralRow = typeof referrals.$inferSelect;
export type NewReferral = typeof referrals.$inferInsert;

export async function insertReferral(db: Db, row: NewReferral): Promise<void> {
  await db.insert(referrals).values(row);
}

export async function findReferralById(db: Db, id: string): Promise<ReferralRow | null> {
  const [row] = await db.select().from(referrals).where(eq(referrals.id, id));
  return row ?? null;
}

/** Moves a referral on, only if nobody else has changed it since it was read (optimistic concurrency). */
export async function updateReferralState(
  db: Db,
  id: string,
  expectedVersion: number,
  changes: { state: string; owningOrgId?: string; triageDueOn?: string },
): Promise<boolean> {
  const updated = await db
    .update(referrals)
    .set({ ...changes, version: sql`${referrals.version} + 1`, updatedAt: new Date() })
    .where(and(eq(referrals.id, id), eq(referrals.version, expectedVersion)))
    .returning({ id: referrals.id });
  return updated.length === 1;
}

export async function insertEvent(db: Db, event: typeof referralEvents.$inferInsert): Promise<void> {
  await db.insert(referralEvents).values(event);
}

export async function listEvents(db: Db, referralId: string) {
  return db
    .select({ type: referralEvents.type, fromState: referralEvents.fromState, toState: referralEvents.toState, data: referralEvents.data, occurredAt: referralEvents.occurredAt, actorOrg: organisations.name })
    .from(referralEvents)
    .leftJoin(organisations, eq(organisations.id, referralEvents.actorOrgId))
    .where(eq(referralEvents.referralId, referralId))
    .orderBy(asc(referralEvents.occurredAt));
}

export interface QueueItem {
  id: string;
  reference: string;
  submittedAt: Date;
  triageDueOn: string;
  subjectGivenName: string;
  subjectFamilyName: string;
  subjectUnder18: boolean | null;
  channel: string;
  state: string;
}

/** A Prevent team's open referrals, oldest first (uses referrals_queue_idx). */
export async function listQueue(db: Db, owningOrgId: string, states: string[], limit: number, offset: number) {
  const where = and(eq(referrals.owningOrgId, owningOrgId), inArray(referrals.state, states));
  const [items, [total]] = await Promise.all([
    db
      .select({
        id: referrals.id,
        reference: referrals.reference,
        submittedAt: referrals.submittedAt,
        triageDueOn: referrals.triageDueOn,
        subjectGivenName: referrals.subjectGivenName,
        subjectFamilyName: referrals.subjectFamilyName,
        subjectUnder18: referrals.subjectUnder18,
        channel: referrals.channel,
        state: referrals.state,
      })
      .from(referrals)
      .where(where)
      .orderBy(asc(referrals.submittedAt), asc(referrals.id))
      .limit(limit)
      .offset(offset),
    db.select({ n: count() }).from(referrals).where(where),
  ]);
  return { items: items as QueueItem[], total: Number(total?.n ?? 0) };
}

/** Referrals a user made, newest first: the referrer sees only these. */
export async function listByReferrer(db: Db, referrerUserId: string, limit: number, offset: number) {
  const where = eq(referrals.referrerUserId, referrerUserId);
  const [items, [total]] = await Promise.all([
    db
      .select({ id: referrals.id, reference: referrals.reference, submittedAt: referrals.submittedAt, state: referrals.state, subjectGivenName: referrals.subjectGivenName, subjectFamilyName: referrals.subjectFamilyName })
      .from(referrals)
      .where(where)
      .orderBy(desc(referrals.submittedAt), desc(referrals.id))
      .limit(limit)
      .offset(offset),
    db.select({ n: count() }).from(referrals).where(where),
  ]);
  return { items, total: Number(total?.n ?? 0) };
}

export async function findDraft(db: Db, id: string, userId: string) {
  const [row] = await db.select().from(referralDrafts).where(and(eq(referralDrafts.id, id), eq(referralDrafts.userId, userId)));
  return row ?? null;
}

export async function listDrafts(db: Db, userId: string) {
  return db
    .select({ id: referralDrafts.id, data: referralDrafts.data, updatedAt: referralDrafts.updatedAt })
    .from(referralDrafts)
    .where(eq(referralDrafts.userId, userId))
    .orderBy(desc(referralDrafts.updatedAt))
    .limit(50);
}

export async function upsertDraft(db: Db, draft: { id: string; userId: string; organisationId: string; data: unknown }) {
  await db
    .insert(referralDrafts)
    .values({ ...draft, data: draft.data as object })
    .onConflictDoUpdate({ target: referralDrafts.id, set: { data: draft.data as object, updatedAt: new Date() }, where: eq(referralDrafts.userId, draft.userId) });
}

/** Deletes the user's own draft; false when there is no such draft of theirs. */
export async function deleteDraft(db: Db, id: string, userId: string): Promise<boolean> {
  const deleted = await db
    .delete(referralDrafts)
    .where(and(eq(referralDrafts.id, id), eq(referralDrafts.userId, userId)))
    .returning({ id: referralDrafts.id });
  return deleted.length === 1;
}
