// SQL for organisations and the reference data that routes referrals (forces, postcode areas, bank holidays).
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { bankHolidays, organisations, policeForces, postcodeAreaForces } from '../../db/schema.js';
import type { Db } from '../../db/client.js';
import type { Bound } from '../../db/prepared.js';
import type { OrganisationKind } from '../../platform/access/actor.js';

export interface OrganisationRecord {
  id: string;
  code: string;
  name: string;
  kind: OrganisationKind;
  forceCode: string | null;
  preventDuty: boolean;
}

export interface NewOrganisation {
  id?: string;
  code: string;
  name: string;
  kind: OrganisationKind;
  forceCode?: string | null;
  preventDuty: boolean;
}

const columns = {
  id: organisations.id,
  code: organisations.code,
  name: organisations.name,
  kind: organisations.kind,
  forceCode: organisations.forceCode,
  preventDuty: organisations.preventDuty,
};

// The kind column is plain text in SQL; only values from ORGANISATION_KINDS are ever written to it.
const toRecord = (row: Omit<OrganisationRecord, 'kind'> & { kind: string }): OrganisationRecord => ({
  ...row,
  kind: row.kind as OrganisationKind,
});

export async function findOrganisationByCode(db: Db, code: string): Promise<OrganisationRecord | null> {
  const [row] = await db.select(columns).from(organisations).where(eq(organisations.code, code));
  return row ? toRecord(row) : null;
}

/** An organisation by id, to read with other parts of a screen (see db/together.ts). */
export const organisationById = (id: Bound<string>) => ({ fields: columns, from: sql`${organisations} WHERE ${organisations.id} = ${id}` });

export async function findOrganisationById(db: Db, id: string): Promise<OrganisationRecord | null> {
  const [row] = await db.select(columns).from(organisations).where(eq(organisations.id, id));
  return row ? toRecord(row) : null;
}

export async function insertOrganisation(db: Db, org: NewOrganisation): Promise<OrganisationRecord> {
  const record: OrganisationRecord = {
    id: org.id ?? randomUUID(),
    code: org.code,
    name: org.name,
    kind: org.kind,
    forceCode: org.forceCode ?? null,
    preventDuty: org.preventDuty,
  };
  await db.insert(organisations).values(record);
  return record;
}

export async function listPoliceForces(db: Db): Promise<{ code: string; name: string }[]> {
  return db.select({ code: policeForces.code, name: policeForces.name }).from(policeForces).orderBy(asc(policeForces.name));
}

/** Organisations a referral can be owned by or transferred to (force Prevent teams and the national hub), by name. */
export async function listPoliceOrganisations(db: Db): Promise<OrganisationRecord[]> {
  const rows = await db
    .select(columns)
    .from(organisations)
    .where(inArray(organisations.kind, ['police_force', 'national_police_hub']))
    .orderBy(asc(organisations.name));
  return rows.map(toRecord);
}

/** Local authorities, by name: whose Channel panel a case can be referred to. */
export async function listLocalAuthorities(db: Db): Promise<OrganisationRecord[]> {
  const rows = await db.select(columns).from(organisations).where(eq(organisations.kind, 'local_authority')).orderBy(asc(organisations.name));
  return rows.map(toRecord);
}

/** Partner organisations a signposted case can be handed to (they see its follow-up in this service). */
export async function listSignpostingPartners(db: Db): Promise<OrganisationRecord[]> {
  const rows = await db
    .select(columns)
    .from(organisations)
    .where(inArray(organisations.kind, ['local_authority', 'school', 'college', 'university', 'nhs_trust', 'prison', 'probation']))
    .orderBy(asc(organisations.name));
  return rows.map(toRecord);
}

// Full postcode (outward + inward) or outward code alone, after normalising: referrers often know only the district.
const UK_POSTCODE = /^([A-Z]{1,2})\d[A-Z\d]?(\d[A-Z]{2})?$/;

/** The postcode area ("B" for "B1 1AA"), or null when the text does not look like a UK postcode. */
export function postcodeArea(postcode: string): string | null {
  const match = UK_POSTCODE.exec(postcode.replace(/\s+/g, '').toUpperCase());
  return match?.[1] ?? null;
}

/**
 * The police force organisation serving the postcode's area, or null when the postcode is not a UK
 * postcode, its area is outside England and Wales, or this deployment has no organisation for that force.
 * Callers route null to the national queue.
 */
export async function findForceOrganisationForPostcode(
  db: Db,
  postcode: string,
): Promise<{ id: string; name: string; forceCode: string } | null> {
  const area = postcodeArea(postcode);
  if (!area) return null;
  const [row] = await db
    .select({ id: organisations.id, name: organisations.name, forceCode: postcodeAreaForces.forceCode })
    .from(postcodeAreaForces)
    .innerJoin(organisations, and(eq(organisations.forceCode, postcodeAreaForces.forceCode), eq(organisations.kind, 'police_force')))
    .where(eq(postcodeAreaForces.area, area));
  // The inner join already excludes areas mapped to NULL; the check narrows the type.
  return row?.forceCode ? { id: row.id, name: row.name, forceCode: row.forceCode } : null;
}

/** Bank holidays as ISO dates (YYYY-MM-DD), for working-day arithmetic. */
export async function loadBankHolidays(db: Db): Promise<Set<string>> {
  const rows = await db.select({ day: bankHolidays.day }).from(bankHolidays);
  return new Set(rows.map((r) => r.day));
}
