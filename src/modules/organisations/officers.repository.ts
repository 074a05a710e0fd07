// The Prevent officers of a police force: who a referral can be assigned to, and whom the triage queue can be
// filtered by. Shared by the gateway (assignment) and the triage queue, which read them with their own lists.
import { sql } from 'drizzle-orm';
import { users } from '../../db/schema.js';
import type { Bound } from '../../db/prepared.js';

const isOfficerOf = (organisationId: Bound<string>) =>
  sql`${users.organisationId} = ${organisationId} AND ${users.roles} && ARRAY['prevent_officer','prevent_supervisor']::text[] AND ${users.disabledAt} IS NULL`;

/** The organisation's Prevent officers, by name, as a source to read with other parts (db/together.ts). */
export const officersSource = (organisationId: Bound<string>) => ({
  fields: { id: users.id, displayName: users.displayName },
  from: sql`${users} WHERE ${isOfficerOf(organisationId)}`,
  orderBy: sql`${users.displayName}`,
});

/** Whether the user is one of the organisation's Prevent officers, as a condition. */
export const officerOf = (userId: Bound<string>, organisationId: Bound<string>) =>
  sql`EXISTS (SELECT 1 FROM ${users} WHERE ${users.id} = ${userId}::uuid AND ${isOfficerOf(organisationId)})`;
