// SQL for referrals. Every function takes the database or transaction handle first.
import { and, asc, count, desc, eq, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { organisations, referralDrafts, referralEvents, referrals, users } from '../../db/schema.js';
import type { Db } from '../../db/client.js';
import { inTurn } from '../../db/inTurn.js';
import { list, preparedTogether, readList, value } from '../../db/together.js';
import type { Bound, Placeholders } from '../../db/prepared.js';
import { inConstants } from '../../db/constants.js';
import { REFERRAL_STATES, type ReferralState } from '../../workflow/referral.js';
import { officerOf, officersSource } from '../organisations/officers.repository.js';

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
export async function updateReferral(db: Db, id: string, expectedVersion: number, changes: Partial<NewReferral>): Promise<boolean> {
  const updated = await db
    .update(referrals)
    .set({ ...changes, version: sql`${referrals.version} + 1`, updatedAt: new Date() })
    .where(and(eq(referrals.id, id), eq(referrals.version, expectedVersion)))
    .returning({ id: referrals.id });
  return updated.length === 1;
}

/** Reads and locks a referral for the rest of the transaction. */
export async function lockReferral(db: Db, id: string): Promise<ReferralRow | null> {
  const [row] = await db.select().from(referrals).where(eq(referrals.id, id)).for('update');
  return row ?? null;
}

export async function insertEvent(db: Db, event: typeof referralEvents.$inferInsert): Promise<void> {
  await db.insert(referralEvents).values(event);
}

/** A referral's timeline, oldest first, with the organisation of each actor. */
export const eventsOf = (referralId: Bound<string>) => ({
  fields: { type: referralEvents.type, fromState: referralEvents.fromState, toState: referralEvents.toState, data: referralEvents.data, occurredAt: referralEvents.occurredAt, actorOrg: sql<string | null>`${organisations.name}` },
  from: sql`${referralEvents} LEFT JOIN ${organisations} ON ${organisations.id} = ${referralEvents.actorOrgId} WHERE ${referralEvents.referralId} = ${referralId}`,
  orderBy: sql`${referralEvents.occurredAt}`,
});

export async function listEvents(db: Db, referralId: string) {
  return readList(db, eventsOf(referralId));
}

/**
 * Serialises intake for one person (transaction-scoped advisory lock on the person key), so two referrals
 * about the same person arriving together cannot both start a case. The two-key form keeps these locks out
 * of the single-bigint key space used by migrations and the audit chainer.
 */
export async function lockPersonKey(db: Db, personKey: string): Promise<void> {
  await db.execute(sql`SELECT pg_advisory_xact_lock(20562, hashtext(${personKey}))`); // 20562 = 0x5052, "PR"
}

/**
 * The case a new referral about this person joins: the oldest referral with the same key that is open and
 * is itself a case (not joined to another). Walks referrals_person_key_idx in submitted_at order; the row
 * is locked so the case cannot close or move while the new referral joins it.
 */
export async function findOpenCaseForPerson(db: Db, personKey: string, openStates: readonly string[]) {
  const [row] = await db
    .select({ id: referrals.id, reference: referrals.reference, owningOrgId: referrals.owningOrgId })
    .from(referrals)
    .where(and(eq(referrals.personKey, personKey), inArray(referrals.state, [...openStates]), isNull(referrals.primaryReferralId)))
    .orderBy(asc(referrals.submittedAt), asc(referrals.id))
    .limit(1)
    .for('update');
  return row ?? null;
}

/** Marks a case as changed (new version) without changing its state: a referral has joined it. */
export async function touchReferral(db: Db, id: string): Promise<void> {
  await db
    .update(referrals)
    .set({ version: sql`${referrals.version} + 1`, updatedAt: new Date() })
    .where(eq(referrals.id, id));
}

/** Moves the referrals joined to a case with it (transfer); returns their ids. Uses referrals_primary_idx. */
export async function moveJoinedReferrals(db: Db, primaryReferralId: string, owningOrgId: string): Promise<string[]> {
  const moved = await db
    .update(referrals)
    .set({ owningOrgId, version: sql`${referrals.version} + 1`, updatedAt: new Date() })
    .where(eq(referrals.primaryReferralId, primaryReferralId))
    .returning({ id: referrals.id });
  return moved.map((m) => m.id);
}

export interface QueueFilter {
  /** Non-empty subset of the open states. */
  states: readonly ReferralState[];
  officer: { kind: 'anyone' } | { kind: 'unassigned' } | { kind: 'officer'; id: string };
  under18Only: boolean;
  repeatOnly: boolean;
  /** Only referrals still awaiting a gateway decision (these states) whose target date is before `today`. */
  overdue: { today: string; states: readonly ReferralState[] } | null;
}

export interface QueueItem {
  id: string;
  reference: string;
  version: number;
  submittedAt: Date;
  triageDueOn: string;
  subjectGivenName: string;
  subjectFamilyName: string;
  subjectUnder18: boolean | null;
  channel: string;
  state: string;
  assignedOfficerId: string | null;
  assignedOfficerName: string | null;
  /** Referrals of the same person (exact key) received before this one, in any force. */
  earlierReferrals: number;
}

// Correlated on the outer row; both columns are in referrals_person_key_idx, so this is an index-only probe
// per row shown (a referral without a key has none: NULL never equals NULL).
const earlierOfSamePerson = sql`FROM referrals AS earlier WHERE earlier.person_key = ${referrals.personKey} AND earlier.submitted_at < ${referrals.submittedAt}`;

function queueWhere(owningOrgId: Bound<string>, f: QueueShape, officerId: Bound<string>, today: Bound<string>): SQL {
  // The states as constants: so the plan PostgreSQL keeps for the statement can use referrals_open_queue_idx.
  const conditions: Array<SQL | undefined> = [eq(referrals.owningOrgId, owningOrgId), inConstants(referrals.state, f.states, REFERRAL_STATES)];
  if (f.officer === 'unassigned') conditions.push(isNull(referrals.assignedOfficerId));
  // Only the force's own officers: for anyone else the queue lists nothing (and the caller says so).
  if (f.officer === 'officer') conditions.push(eq(referrals.assignedOfficerId, officerId), officerOf(officerId, owningOrgId));
  if (f.under18Only) conditions.push(eq(referrals.subjectUnder18, true));
  if (f.repeatOnly) conditions.push(sql`EXISTS (SELECT 1 ${earlierOfSamePerson})`);
  if (f.overdueStates) conditions.push(inConstants(referrals.state, f.overdueStates, REFERRAL_STATES), lt(referrals.triageDueOn, today));
  return and(...conditions)!;
}

/** What decides the queue's SQL text; the force, the officer, today and the offset are values bound to it. */
interface QueueShape {
  states: readonly ReferralState[];
  officer: 'anyone' | 'unassigned' | 'officer';
  under18Only: boolean;
  repeatOnly: boolean;
  overdueStates: readonly ReferralState[] | null;
  limit: number;
  laterPage: boolean;
}

/**
 * The shape of a view of the queue. States go in the one order of REFERRAL_STATES, each once, however the filter
 * listed them (the API takes a list): the same filters are one statement, and the statements are bounded.
 */
export function queueShape(filter: QueueFilter, limit: number, offset: number): QueueShape {
  const canonical = (states: readonly ReferralState[]) => REFERRAL_STATES.filter((s) => states.includes(s));
  return {
    states: canonical(filter.states),
    officer: filter.officer.kind,
    under18Only: filter.under18Only,
    repeatOnly: filter.repeatOnly,
    overdueStates: filter.overdue ? canonical(filter.overdue.states) : null,
    limit,
    laterPage: offset > 0,
  };
}

type QueueValues = 'org' | 'officer' | 'today' | 'offset';

function queueRead(shape: QueueShape) {
  return preparedTogether((p: Placeholders<QueueValues>) => {
    const where = queueWhere(p.org, shape, p.officer, p.today);
    // The page and the count in one statement: one round trip per view of the queue.
    return {
      items: list({
        fields: {
          id: referrals.id,
          reference: referrals.reference,
          version: referrals.version,
          submittedAt: referrals.submittedAt,
          triageDueOn: referrals.triageDueOn,
          subjectGivenName: referrals.subjectGivenName,
          subjectFamilyName: referrals.subjectFamilyName,
          subjectUnder18: referrals.subjectUnder18,
          channel: referrals.channel,
          state: referrals.state,
          assignedOfficerId: referrals.assignedOfficerId,
          assignedOfficerName: sql<string | null>`${users.displayName}`,
          earlierReferrals: sql<number>`(SELECT count(*)::int ${earlierOfSamePerson})`,
        },
        from: sql`${referrals} LEFT JOIN ${users} ON ${users.id} = ${referrals.assignedOfficerId} WHERE ${where}`,
        orderBy: sql`${referrals.submittedAt}, ${referrals.id}`,
        limit: shape.limit,
        // The first page has no OFFSET: its plan is the one for the first rows of the index.
        offset: shape.laterPage ? p.offset : undefined,
      }),
      total: value(sql<number>`SELECT to_json(count(*)) FROM ${referrals} WHERE ${where}`),
      officers: list(officersSource(p.org)),
    };
  });
}

// One compiled statement for each shape of filter in use, built on first use: building the SQL with Drizzle on
// every view was a tenth of the busy queue page's CPU. Shapes are few (at most 32 sets of states × 3 officer
// choices × 2 × 2 × 2 × first or later page), so the map stays small.
const queueReads = new Map<string, ReturnType<typeof queueRead>>();

/**
 * A Prevent team's open cases, filtered and oldest first, with the team's officers (the filter's choices). The
 * force and state filters use referrals_queue_idx; the rest only narrow a force's open cases (hundreds at most).
 * Joined referrals are never listed: their state is 'joined', which is not an open state; the case they joined is.
 */
export async function listQueue(db: Db, owningOrgId: string, filter: QueueFilter, limit: number, offset: number) {
  const shape = queueShape(filter, limit, offset);
  const key = JSON.stringify(shape);
  let read = queueReads.get(key);
  if (!read) queueReads.set(key, (read = queueRead(shape)));
  const values = {
    org: owningOrgId,
    // Bound whether or not the shape uses them: a statement's values are all its placeholders.
    officer: filter.officer.kind === 'officer' ? filter.officer.id : null,
    today: filter.overdue?.today ?? null,
    offset: Math.trunc(offset),
  };
  const { items, total, officers } = (await read(db, values))!;
  return { items: items as QueueItem[], total, officers };
}

const primaryCase = alias(referrals, 'primary_case');

/** Referrals a user made, newest first: the referrer sees only these. */
export async function listByReferrer(db: Db, referrerUserId: string, limit: number, offset: number) {
  const where = eq(referrals.referrerUserId, referrerUserId);
  const [items, [total]] = await inTurn(
    () => db
      .select({
        id: referrals.id,
        reference: referrals.reference,
        submittedAt: referrals.submittedAt,
        // A joined referral is where the case it joined is.
        state: sql<string>`coalesce(${primaryCase.state}, ${referrals.state})`,
        subjectGivenName: referrals.subjectGivenName,
        subjectFamilyName: referrals.subjectFamilyName,
      })
      .from(referrals)
      .leftJoin(primaryCase, eq(primaryCase.id, referrals.primaryReferralId))
      .where(where)
      .orderBy(desc(referrals.submittedAt), desc(referrals.id))
      .limit(limit)
      .offset(offset),
    () => db.select({ n: count() }).from(referrals).where(where),
  );
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
