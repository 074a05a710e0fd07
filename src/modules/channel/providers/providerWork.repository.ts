// SQL for a provider's own work. What a provider may see is decided by what is selected here: of the case only
// the person's name (never the date of birth, the referral, the police's grounds, assessments, other
// interventions or decisions), and of the intervention what the provider needs to do it. Every function takes
// the database or transaction handle first.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { interventionSessions, interventions, users } from '../../../db/schema.js';
import { rowsOf } from '../../../db/rows.js';


export type InterventionStatus = 'active' | 'stopped' | 'completed';

export interface ProviderInterventionItem {
  id: string;
  givenName: string;
  familyName: string;
  typeCode: string;
  typeLabel: string;
  startsOn: string;
  expectedSessions: number;
  sessionsLogged: number;
  status: InterventionStatus;
}

/**
 * The interventions of the providers belonging to an organisation: active ones first (oldest start first),
 * then stopped and completed ones, most recently ended first (interventions_provider_idx).
 */
export async function listForOrganisation(db: Db, organisationId: string, limit: number, offset: number): Promise<{ items: ProviderInterventionItem[]; total: number }> {
  const items = rowsOf<ProviderInterventionItem & { sessionsLogged: number | string }>(
    await db.execute(sql`
      SELECT i.id, r.subject_given_name AS "givenName", r.subject_family_name AS "familyName",
             i.type_code AS "typeCode", t.label AS "typeLabel", i.starts_on::text AS "startsOn",
             i.expected_sessions AS "expectedSessions", i.status,
             (SELECT count(*) FROM intervention_sessions s WHERE s.intervention_id = i.id) AS "sessionsLogged"
      FROM interventions i
      JOIN intervention_providers p ON p.id = i.provider_id
      JOIN intervention_types t ON t.code = i.type_code
      JOIN channel_cases c ON c.id = i.channel_case_id
      JOIN referrals r ON r.id = c.referral_id
      WHERE p.organisation_id = ${organisationId}::uuid
      ORDER BY (i.status = 'active') DESC,
               CASE WHEN i.status = 'active' THEN i.starts_on END ASC,
               coalesce(i.ended_on, i.stopped_on, i.starts_on) DESC,
               i.id
      LIMIT ${limit} OFFSET ${offset}`),
  );
  const [count] = rowsOf<{ n: number | string }>(
    await db.execute(sql`
      SELECT count(*) AS n FROM interventions i JOIN intervention_providers p ON p.id = i.provider_id
      WHERE p.organisation_id = ${organisationId}::uuid`),
  );
  return { items: items.map((i) => ({ ...i, sessionsLogged: Number(i.sessionsLogged) })), total: Number(count?.n ?? 0) };
}

export interface ProviderIntervention {
  id: string;
  channelCaseId: string;
  referralId: string;
  providerOrgId: string | null;
  providerName: string;
  givenName: string;
  familyName: string;
  contactRoute: string;
  goal: string;
  typeCode: string;
  typeLabel: string;
  startsOn: string;
  expectedSessions: number;
  status: InterventionStatus;
  stoppedOn: string | null;
  stopReason: string | null;
  endedOn: string | null;
  endReport: string | null;
  version: number;
}

/** One intervention with the minimum its provider sees; with `lock`, its row is locked for the transaction. */
export async function findIntervention(db: Db, id: string, lock = false): Promise<ProviderIntervention | null> {
  const [row] = rowsOf<ProviderIntervention>(
    await db.execute(sql`
      SELECT i.id, i.channel_case_id AS "channelCaseId", c.referral_id AS "referralId",
             p.organisation_id AS "providerOrgId", p.name AS "providerName",
             r.subject_given_name AS "givenName", r.subject_family_name AS "familyName",
             i.contact_route AS "contactRoute", i.goal, i.type_code AS "typeCode", t.label AS "typeLabel",
             i.starts_on::text AS "startsOn", i.expected_sessions AS "expectedSessions", i.status,
             i.stopped_on::text AS "stoppedOn", i.stop_reason AS "stopReason",
             i.ended_on::text AS "endedOn", i.end_report AS "endReport", i.version
      FROM interventions i
      JOIN intervention_providers p ON p.id = i.provider_id
      JOIN intervention_types t ON t.code = i.type_code
      JOIN channel_cases c ON c.id = i.channel_case_id
      JOIN referrals r ON r.id = c.referral_id
      WHERE i.id = ${id}::uuid
      ${lock ? sql`FOR UPDATE OF i` : sql``}`),
  );
  return row ?? null;
}

/** The sessions logged on an intervention, in the order they were held. */
export async function listSessions(db: Db, interventionId: string) {
  return db
    .select({
      id: interventionSessions.id,
      heldOn: interventionSessions.heldOn,
      attended: interventionSessions.attended,
      engagement: interventionSessions.engagement,
      notes: interventionSessions.notes,
      newConcern: interventionSessions.newConcern,
      recordedBy: users.displayName,
      recordedAt: interventionSessions.recordedAt,
    })
    .from(interventionSessions)
    .innerJoin(users, eq(users.id, interventionSessions.recordedBy))
    .where(eq(interventionSessions.interventionId, interventionId))
    .orderBy(asc(interventionSessions.heldOn), asc(interventionSessions.recordedAt));
}

export async function insertSession(db: Db, row: typeof interventionSessions.$inferInsert): Promise<void> {
  await db.insert(interventionSessions).values(row);
}

/**
 * Applies changes to an active intervention only if it is still at the version the user saw (a session logged
 * moves the version on too, so two people never overwrite each other unknowingly); false otherwise.
 */
export async function updateActiveIntervention(db: Db, id: string, expectedVersion: number, changes: Partial<typeof interventions.$inferInsert> = {}): Promise<boolean> {
  const updated = await db
    .update(interventions)
    .set({ ...changes, version: sql`${interventions.version} + 1` })
    .where(and(eq(interventions.id, id), eq(interventions.version, expectedVersion), eq(interventions.status, 'active')))
    .returning({ id: interventions.id });
  return updated.length === 1;
}
