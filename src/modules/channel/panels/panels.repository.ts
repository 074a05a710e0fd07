// SQL for Channel panels and their members. Every function takes the database or transaction handle first.
// Which panel covers an authority is channel_panel_authorities (its primary key makes it one panel each); a
// member's history is kept: ending a membership sets ended_on, nothing is deleted.
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { channelPanelAuthorities, channelPanels, organisations, panelMembers, users } from '../../../db/schema.js';

const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

export type PanelRow = typeof channelPanels.$inferSelect;
export type NewPanelMember = typeof panelMembers.$inferInsert;

export interface OrganisationRef {
  id: string;
  name: string;
}

export interface PanelSummary {
  id: string;
  name: string;
  chair: OrganisationRef;
  authorities: OrganisationRef[];
  reviewIntervalDays: number;
  currentMembers: number;
  version: number;
}

/** Panels covering `coveringOrgId`, or chaired by `chairOrgId`: one page, by name, and how many there are. */
export async function listPanels(db: Db, where: { coveringOrgId?: string; chairOrgId?: string }, limit: number, offset: number): Promise<{ items: PanelSummary[]; total: number }> {
  const filter = sql`(
    p.id IN (SELECT a.panel_id FROM channel_panel_authorities a WHERE a.local_authority_id = ${where.coveringOrgId ?? null}::uuid)
    OR p.chair_org_id = ${where.chairOrgId ?? null}::uuid)`;
  const items = rowsOf<PanelSummary & { currentMembers: number | string }>(
    await db.execute(sql`
      SELECT p.id, p.name, p.review_interval_days AS "reviewIntervalDays", p.version,
        json_build_object('id', c.id, 'name', c.name) AS chair,
        COALESCE((SELECT json_agg(json_build_object('id', o.id, 'name', o.name) ORDER BY o.name)
                  FROM channel_panel_authorities a JOIN organisations o ON o.id = a.local_authority_id WHERE a.panel_id = p.id), '[]') AS authorities,
        (SELECT count(*) FROM panel_members m WHERE m.panel_id = p.id AND m.ended_on IS NULL AND m.channel_case_id IS NULL) AS "currentMembers"
      FROM channel_panels p JOIN organisations c ON c.id = p.chair_org_id
      WHERE ${filter}
      ORDER BY p.name, p.id
      LIMIT ${limit} OFFSET ${offset}`),
  );
  const [n] = rowsOf<{ n: number | string }>(await db.execute(sql`SELECT count(*) AS n FROM channel_panels p WHERE ${filter}`));
  return { items: items.map((i) => ({ ...i, currentMembers: Number(i.currentMembers) })), total: Number(n?.n ?? 0) };
}

/** The panel, or null; with `lock`, its row is locked for the rest of the transaction. */
export async function findPanel(db: Db, id: string, lock = false): Promise<PanelRow | null> {
  const q = db.select().from(channelPanels).where(eq(channelPanels.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row ?? null;
}

/** The authorities a panel covers, by name. */
export async function panelAuthorities(db: Db, panelId: string): Promise<OrganisationRef[]> {
  return db
    .select({ id: organisations.id, name: organisations.name })
    .from(channelPanelAuthorities)
    .innerJoin(organisations, eq(organisations.id, channelPanelAuthorities.localAuthorityId))
    .where(eq(channelPanelAuthorities.panelId, panelId))
    .orderBy(asc(organisations.name));
}

/** Which panels already cover any of these authorities (other than `exceptPanelId`), with the names to say so. */
export async function coveringPanels(db: Db, authorityIds: string[], exceptPanelId: string | null) {
  if (!authorityIds.length) return [];
  return db
    .select({ authorityId: channelPanelAuthorities.localAuthorityId, authorityName: organisations.name, panelId: channelPanels.id, panelName: channelPanels.name })
    .from(channelPanelAuthorities)
    .innerJoin(channelPanels, eq(channelPanels.id, channelPanelAuthorities.panelId))
    .innerJoin(organisations, eq(organisations.id, channelPanelAuthorities.localAuthorityId))
    .where(and(inArray(channelPanelAuthorities.localAuthorityId, authorityIds), exceptPanelId ? sql`${channelPanelAuthorities.panelId} <> ${exceptPanelId}::uuid` : undefined));
}

/** Of these authorities, those with a Channel case still open (awaiting the panel or adopted), by name. */
export async function authoritiesWithOpenCases(db: Db, authorityIds: string[]): Promise<string[]> {
  if (!authorityIds.length) return [];
  const rows = rowsOf<{ name: string }>(
    await db.execute(sql`
      SELECT o.name FROM organisations o
      WHERE o.id IN (${sql.join(authorityIds.map((id) => sql`${id}::uuid`), sql`, `)})
        AND EXISTS (SELECT 1 FROM channel_cases c WHERE c.local_authority_id = o.id AND c.state IN ('awaiting_panel', 'adopted'))
      ORDER BY o.name`),
  );
  return rows.map((r) => r.name);
}

export async function insertPanel(db: Db, row: typeof channelPanels.$inferInsert): Promise<void> {
  await db.insert(channelPanels).values(row);
}

/** Makes the panel cover exactly these authorities. */
export async function setPanelAuthorities(db: Db, panelId: string, authorityIds: string[]): Promise<void> {
  await db.delete(channelPanelAuthorities).where(eq(channelPanelAuthorities.panelId, panelId));
  await db.insert(channelPanelAuthorities).values(authorityIds.map((localAuthorityId) => ({ localAuthorityId, panelId })));
}

/** Applies the changes only if the panel is still at the version the user saw; the new version, or null. */
export async function updatePanel(db: Db, id: string, expectedVersion: number, changes: Pick<PanelRow, 'name' | 'chairOrgId' | 'reviewIntervalDays'>): Promise<number | null> {
  const [row] = await db
    .update(channelPanels)
    .set({ ...changes, version: sql`${channelPanels.version} + 1` })
    .where(and(eq(channelPanels.id, id), eq(channelPanels.version, expectedVersion)))
    .returning({ version: channelPanels.version });
  return row?.version ?? null;
}

/** Organisations by id (for checking kinds and naming them). */
export async function organisationsByIds(db: Db, ids: string[]) {
  if (!ids.length) return [];
  return db.select({ id: organisations.id, name: organisations.name, kind: organisations.kind }).from(organisations).where(inArray(organisations.id, ids));
}

/** Every organisation on the service, by name: members may come from any of them. */
export async function allOrganisations(db: Db) {
  return db.select({ id: organisations.id, name: organisations.name, kind: organisations.kind }).from(organisations).orderBy(asc(organisations.name));
}

/** An active account by email, with its organisation: how a member with an account is found. */
export async function activeUserByEmail(db: Db, email: string) {
  const [row] = await db
    .select({ id: users.id, displayName: users.displayName, organisationId: organisations.id, organisationName: organisations.name, organisationKind: organisations.kind })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(and(eq(sql`lower(${users.email})`, email.trim().toLowerCase()), isNull(users.disabledAt)));
  return row ?? null;
}

export interface MemberRow {
  id: string;
  name: string;
  userId: string | null;
  organisationId: string | null;
  organisationName: string;
  agency: string;
  role: string;
  canDecide: boolean;
  channelCaseId: string | null;
  caseReference: string | null;
  startedOn: string;
  endedOn: string | null;
}

/** A panel's members, standing and co-opted, current first, then by agency and name. Co-opted ones carry their case's reference only. */
export async function listMembers(db: Db, panelId: string): Promise<MemberRow[]> {
  return rowsOf<MemberRow>(
    await db.execute(sql`
      SELECT m.id, m.name, m.user_id AS "userId", m.organisation_id AS "organisationId", m.organisation_name AS "organisationName",
             m.agency, m.role, m.can_decide AS "canDecide", m.channel_case_id AS "channelCaseId", r.reference AS "caseReference",
             m.started_on::text AS "startedOn", m.ended_on::text AS "endedOn"
      FROM panel_members m
      LEFT JOIN channel_cases c ON c.id = m.channel_case_id
      LEFT JOIN referrals r ON r.id = c.referral_id
      WHERE m.panel_id = ${panelId}::uuid
      ORDER BY (m.ended_on IS NOT NULL), m.agency, m.name, m.id`),
  );
}

export async function findMember(db: Db, panelId: string, memberId: string) {
  const [row] = await db.select().from(panelMembers).where(and(eq(panelMembers.id, memberId), eq(panelMembers.panelId, panelId)));
  return row ?? null;
}

/** Whether the user is already a current member of the panel: standing, or co-opted for the same case. */
export async function isCurrentMember(db: Db, panelId: string, userId: string, channelCaseId: string | null): Promise<boolean> {
  const [row] = await db
    .select({ id: panelMembers.id })
    .from(panelMembers)
    .where(
      and(
        eq(panelMembers.panelId, panelId),
        eq(panelMembers.userId, userId),
        isNull(panelMembers.endedOn),
        channelCaseId ? eq(panelMembers.channelCaseId, channelCaseId) : isNull(panelMembers.channelCaseId),
      ),
    )
    .limit(1);
  return Boolean(row);
}

export async function insertMember(db: Db, row: NewPanelMember): Promise<void> {
  await db.insert(panelMembers).values(row);
}

/** Ends a current membership; false when it had already ended. */
export async function endMember(db: Db, memberId: string, endedOn: string): Promise<boolean> {
  const rows = await db.update(panelMembers).set({ endedOn }).where(and(eq(panelMembers.id, memberId), isNull(panelMembers.endedOn))).returning({ id: panelMembers.id });
  return rows.length === 1;
}

export interface OpenCase {
  id: string;
  reference: string;
  subjectGivenName: string;
  subjectFamilyName: string;
  state: string;
}

/** The panel's open cases (awaiting the panel or adopted) of the authorities it covers (channel_cases_la_state_idx). */
export async function openCasesOfPanel(db: Db, panelId: string, caseId?: string): Promise<OpenCase[]> {
  return rowsOf<OpenCase>(
    await db.execute(sql`
      SELECT c.id, r.reference, r.subject_given_name AS "subjectGivenName", r.subject_family_name AS "subjectFamilyName", c.state
      FROM channel_panel_authorities a
      JOIN channel_cases c ON c.local_authority_id = a.local_authority_id AND c.state IN ('awaiting_panel', 'adopted')
      JOIN referrals r ON r.id = c.referral_id
      WHERE a.panel_id = ${panelId}::uuid ${caseId ? sql`AND c.id = ${caseId}::uuid` : sql``}
      ORDER BY r.reference, c.id`),
  );
}
