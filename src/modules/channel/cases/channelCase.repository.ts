// SQL for Channel cases themselves: loading one with the facts the access policy needs, opening one, moving it
// on with optimistic concurrency, and its timeline. Every function takes the database or transaction handle.
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { channelCaseEvents, channelCases } from '../../../db/schema.js';
import type { ChannelCaseFacts } from '../../../platform/access/policy.js';
import { rowsOf } from '../../../db/rows.js';
import type { Bound } from '../../../db/prepared.js';

export type ChannelCaseRow = typeof channelCases.$inferSelect;
export type NewChannelCase = typeof channelCases.$inferInsert;

export interface LoadedChannelCase {
  row: ChannelCaseRow;
  facts: ChannelCaseFacts;
}


/**
 * A case with the policy's facts in one query: the panel covering its authority, whether the user sits on it
 * (standing, or co-opted for this case; panel_members_user_idx) and the organisations of its active providers.
 * With `lock`, the case row is locked for the rest of the transaction (FOR UPDATE OF c: the joins may be empty).
 */
export async function loadChannelCase(db: Db, id: string, userId: string | null, lock = false): Promise<LoadedChannelCase | null> {
  const [found] = rowsOf<{ id: string; panel_id: string | null; chair_org_id: string | null; member: boolean; provider_org_ids: string[] | null }>(
    await db.execute(sql`
      SELECT c.id, pa.panel_id, p.chair_org_id,
        EXISTS (
          SELECT 1 FROM panel_members m
          WHERE m.user_id = ${userId}::uuid AND m.ended_on IS NULL AND m.panel_id = pa.panel_id
            AND (m.channel_case_id IS NULL OR m.channel_case_id = c.id)
        ) AS member,
        ARRAY(
          SELECT DISTINCT ip.organisation_id FROM interventions i JOIN intervention_providers ip ON ip.id = i.provider_id
          WHERE i.channel_case_id = c.id AND i.status = 'active' AND ip.organisation_id IS NOT NULL
        ) AS provider_org_ids
      FROM channel_cases c
      LEFT JOIN channel_panel_authorities pa ON pa.local_authority_id = c.local_authority_id
      LEFT JOIN channel_panels p ON p.id = pa.panel_id
      WHERE c.id = ${id}::uuid
      ${lock ? sql`FOR UPDATE OF c` : sql``}`),
  );
  if (!found) return null;
  const [row] = await db.select().from(channelCases).where(eq(channelCases.id, id));
  if (!row) return null;
  return {
    row,
    facts: {
      localAuthorityId: row.localAuthorityId,
      policeOrgId: row.policeOrgId,
      panelId: found.panel_id,
      chairOrgId: found.chair_org_id,
      actorIsMember: Boolean(found.member),
      providerOrgIds: found.provider_org_ids ?? [],
    },
  };
}

export async function insertChannelCase(db: Db, row: NewChannelCase): Promise<void> {
  await db.insert(channelCases).values(row);
}

/** Applies changes only if the case is still at the version the user saw; false when someone else changed it. */
export async function updateChannelCase(db: Db, id: string, expectedVersion: number, changes: Partial<NewChannelCase>): Promise<boolean> {
  const updated = await db
    .update(channelCases)
    .set({ ...changes, version: sql`${channelCases.version} + 1`, updatedAt: new Date() })
    .where(and(eq(channelCases.id, id), eq(channelCases.version, expectedVersion)))
    .returning({ id: channelCases.id });
  return updated.length === 1;
}

export async function insertChannelCaseEvent(db: Db, event: typeof channelCaseEvents.$inferInsert): Promise<void> {
  await db.insert(channelCaseEvents).values(event);
}

/** The Channel cases of a referral, newest first (a transfer or a second referral to Channel makes more than one). */
export const channelCasesOf = (referralId: Bound<string>) => ({
  fields: { id: channelCases.id, state: channelCases.state, localAuthorityId: channelCases.localAuthorityId, referredAt: channelCases.referredAt, exitedAt: channelCases.exitedAt, exitReason: channelCases.exitReason },
  from: sql`${channelCases} WHERE ${channelCases.referralId} = ${referralId}`,
  orderBy: sql`${channelCases.referredAt} DESC`,
});
