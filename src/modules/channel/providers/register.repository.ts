// SQL for the register of Intervention Providers. Every function takes the database or transaction handle first.
// Filters run in SQL: a specialism is an element of the specialisms array; "currently approved" is approved with
// an approval that has not expired by the given day.
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { interventionProviders, interventionTypes, organisations } from '../../../db/schema.js';

export type ProviderRow = typeof interventionProviders.$inferSelect & { organisationName: string | null };
export type ProviderChanges = Omit<typeof interventionProviders.$inferInsert, 'id' | 'version' | 'createdAt' | 'updatedAt'>;

export interface ProviderFilter {
  specialism?: string | undefined;
  approvedOnly?: boolean | undefined;
  today: string;
}

const columns = {
  id: interventionProviders.id,
  name: interventionProviders.name,
  kind: interventionProviders.kind,
  organisationId: interventionProviders.organisationId,
  organisationName: organisations.name,
  contact: interventionProviders.contact,
  approvalStatus: interventionProviders.approvalStatus,
  approvedOn: interventionProviders.approvedOn,
  approvalExpiresOn: interventionProviders.approvalExpiresOn,
  specialisms: interventionProviders.specialisms,
  languages: interventionProviders.languages,
  version: interventionProviders.version,
  createdAt: interventionProviders.createdAt,
  updatedAt: interventionProviders.updatedAt,
};

function where(f: ProviderFilter): SQL | undefined {
  return and(
    f.specialism ? sql`${f.specialism} = ANY(${interventionProviders.specialisms})` : undefined,
    f.approvedOnly ? and(eq(interventionProviders.approvalStatus, 'approved'), sql`${interventionProviders.approvalExpiresOn} >= ${f.today}::date`) : undefined,
  );
}

/** One page of the register, by name, and how many providers match. */
export async function listProviders(db: Db, f: ProviderFilter, limit: number, offset: number): Promise<{ items: ProviderRow[]; total: number }> {
  const items = await db
    .select(columns)
    .from(interventionProviders)
    .leftJoin(organisations, eq(organisations.id, interventionProviders.organisationId))
    .where(where(f))
    .orderBy(asc(interventionProviders.name), asc(interventionProviders.id))
    .limit(limit)
    .offset(offset);
  const [n] = await db.select({ n: sql<number>`count(*)` }).from(interventionProviders).where(where(f));
  return { items, total: Number(n?.n ?? 0) };
}

export async function findProvider(db: Db, id: string, lock = false): Promise<ProviderRow | null> {
  const q = db.select(columns).from(interventionProviders).leftJoin(organisations, eq(organisations.id, interventionProviders.organisationId)).where(eq(interventionProviders.id, id));
  const [row] = lock ? await q.for('update', { of: interventionProviders }) : await q;
  return row ?? null;
}

export async function insertProvider(db: Db, id: string, row: ProviderChanges): Promise<void> {
  await db.insert(interventionProviders).values({ id, ...row });
}

/** Applies the changes only if the provider is still at the version the user saw; the new version, or null. */
export async function updateProvider(db: Db, id: string, expectedVersion: number, row: ProviderChanges): Promise<number | null> {
  const [updated] = await db
    .update(interventionProviders)
    .set({ ...row, version: sql`${interventionProviders.version} + 1`, updatedAt: new Date() })
    .where(and(eq(interventionProviders.id, id), eq(interventionProviders.version, expectedVersion)))
    .returning({ version: interventionProviders.version });
  return updated?.version ?? null;
}

/** The intervention types (the specialisms a provider may offer), in their catalogue order. */
export async function interventionTypeList(db: Db): Promise<{ code: string; label: string }[]> {
  return db.select({ code: interventionTypes.code, label: interventionTypes.label }).from(interventionTypes).orderBy(asc(interventionTypes.sortOrder));
}

/** Organisations of kind intervention_provider: whose staff may act for a provider. */
export async function providerOrganisations(db: Db, ids?: string[]): Promise<{ id: string; name: string }[]> {
  return db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(and(eq(organisations.kind, 'intervention_provider'), ids ? inArray(organisations.id, ids) : undefined))
    .orderBy(asc(organisations.name));
}
