// SQL for a local authority's Channel panel: the cases the police referred to it. Every function takes the
// database or transaction handle first. A case is referred to Channel by an effective gateway decision
// (outcome 'channel', the local authority in its details) or by a police-led review (decision
// 'refer_to_channel', the local authority in a column); both are read here, filtered in SQL by the panel's
// local authority (gateway_decisions_channel_la_idx, police_led_reviews_channel_la_idx; migration 0008).
//
// What the panel may see is decided by what is selected: never the deconfliction notes, the checks' notes or
// sources, the handover note or the officers' rationale. Those columns are not read.
import { asc, desc, eq, max, sql } from 'drizzle-orm';
import { deconflictions, gatewayChecks, organisations, referrals, thresholdJudgements } from '../../db/schema.js';
import type { Db } from '../../db/client.js';

const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

/** The effective Channel decisions naming the local authority (must match the index expression). */
const decisionsTo = (localAuthorityId: string) => sql`
  FROM gateway_decisions d
  WHERE (d.details ->> 'localAuthorityId') = ${localAuthorityId}::text AND d.outcome = 'channel' AND d.status = 'effective'`;

/** The police-led reviews that referred a case to the local authority's panel. */
const reviewsTo = (localAuthorityId: string) => sql`
  FROM police_led_reviews p
  WHERE p.local_authority_id = ${localAuthorityId}::uuid AND p.decision = 'refer_to_channel'`;

export interface ChannelListItem {
  id: string;
  reference: string;
  subjectGivenName: string;
  subjectFamilyName: string;
  subjectDateOfBirth: string | null;
  referringForce: string;
  referredAt: Date;
}

/** A panel's referrals, newest referral to Channel first, one page of them, and how many there are. */
export async function listForPanel(db: Db, localAuthorityId: string, limit: number, offset: number): Promise<{ items: ChannelListItem[]; total: number }> {
  const items = rowsOf<Omit<ChannelListItem, 'referredAt'> & { referredAt: Date | string }>(
    await db.execute(sql`
      SELECT r.id, r.reference, r.subject_given_name AS "subjectGivenName", r.subject_family_name AS "subjectFamilyName",
             r.subject_date_of_birth::text AS "subjectDateOfBirth", f.name AS "referringForce", c.referred_at AS "referredAt"
      FROM (
        SELECT d.referral_id, d.decided_at AS referred_at ${decisionsTo(localAuthorityId)}
        UNION ALL
        SELECT p.referral_id, p.created_at AS referred_at ${reviewsTo(localAuthorityId)}
      ) c
      JOIN referrals r ON r.id = c.referral_id
      JOIN organisations f ON f.id = r.owning_org_id
      ORDER BY c.referred_at DESC, r.id DESC
      LIMIT ${limit} OFFSET ${offset}`),
  );
  const total = await countForPanel(db, localAuthorityId);
  return { items: items.map((i) => ({ ...i, referredAt: new Date(i.referredAt) })), total };
}

/** How many cases the police have referred to the panel (the dashboard's count). */
export async function countForPanel(db: Db, localAuthorityId: string): Promise<number> {
  const [row] = rowsOf<{ n: number | string }>(
    await db.execute(sql`SELECT (SELECT count(*) ${decisionsTo(localAuthorityId)}) + (SELECT count(*) ${reviewsTo(localAuthorityId)}) AS n`),
  );
  return Number(row?.n ?? 0);
}

export interface ChannelReferralRecord {
  localAuthorityId: string;
  localAuthorityName: string;
  reasonableGrounds: string | null;
  referredAt: Date;
  referredByName: string;
  route: 'gateway' | 'police_led_review';
}

/** The latest referral of the case to a Channel panel, whichever way it was made; null when there is none. */
export async function latestChannelReferral(db: Db, referralId: string): Promise<ChannelReferralRecord | null> {
  const [row] = rowsOf<Omit<ChannelReferralRecord, 'referredAt'> & { referredAt: Date | string }>(
    await db.execute(sql`
      SELECT * FROM (
        SELECT d.details ->> 'localAuthorityId' AS "localAuthorityId", la.name AS "localAuthorityName",
               d.details ->> 'reasonableGrounds' AS "reasonableGrounds", d.decided_at AS "referredAt",
               u.display_name AS "referredByName", 'gateway' AS route
        FROM gateway_decisions d
        JOIN users u ON u.id = d.decided_by
        JOIN organisations la ON la.id::text = d.details ->> 'localAuthorityId'
        WHERE d.referral_id = ${referralId}::uuid AND d.outcome = 'channel' AND d.status = 'effective'
        UNION ALL
        SELECT p.local_authority_id::text, la.name, p.reasonable_grounds, p.created_at, u.display_name, 'police_led_review'
        FROM police_led_reviews p
        JOIN users u ON u.id = p.reviewed_by
        JOIN organisations la ON la.id = p.local_authority_id
        WHERE p.referral_id = ${referralId}::uuid AND p.decision = 'refer_to_channel'
      ) c
      ORDER BY "referredAt" DESC
      LIMIT 1`),
  );
  return row ? { ...row, referredAt: new Date(row.referredAt) } : null;
}

/** The referral as the referrer gave it, with the force holding it: no triage or police columns. */
export async function referralForPanel(db: Db, referralId: string) {
  const [row] = await db
    .select({
      id: referrals.id,
      reference: referrals.reference,
      submittedAt: referrals.submittedAt,
      subjectGivenName: referrals.subjectGivenName,
      subjectFamilyName: referrals.subjectFamilyName,
      submission: referrals.submission,
      legalRegime: referrals.legalRegime,
      referringForce: organisations.name,
    })
    .from(referrals)
    .innerJoin(organisations, eq(organisations.id, referrals.owningOrgId))
    .where(eq(referrals.id, referralId));
  return row ?? null;
}

/** The checks made: their kind and date only (gateway_checks_referral_idx). Never what they found or where. */
export async function checkDates(db: Db, referralId: string) {
  return db
    .select({ kind: gatewayChecks.kind, requestedOn: gatewayChecks.requestedOn })
    .from(gatewayChecks)
    .where(eq(gatewayChecks.referralId, referralId))
    .orderBy(asc(gatewayChecks.requestedOn), asc(gatewayChecks.recordedAt));
}

/** When deconfliction with live investigations was last done (deconflictions_referral_idx); never its notes. */
export async function lastDeconflictionOn(db: Db, referralId: string): Promise<string | null> {
  const [row] = await db.select({ on: max(deconflictions.doneOn) }).from(deconflictions).where(eq(deconflictions.referralId, referralId));
  return row?.on ?? null;
}

/** The type of concern of the current threshold judgement (threshold_judgements_referral_idx); nothing else of it. */
export async function currentConcernTypes(db: Db, referralId: string): Promise<string[] | null> {
  const [row] = await db
    .select({ concernTypes: thresholdJudgements.concernTypes })
    .from(thresholdJudgements)
    .where(eq(thresholdJudgements.referralId, referralId))
    .orderBy(desc(thresholdJudgements.recordedAt))
    .limit(1);
  return row?.concernTypes ?? null;
}
