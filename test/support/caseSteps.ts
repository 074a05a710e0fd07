// Fixtures for the Channel case record's tests: a case whose referral carries a sealed police note, a case that
// has exited (through the shared exit step), sessions logged by a provider, and the forms' date boxes. Built on
// channelSteps.ts (referral, adoption, consent and support), called as the demo users would.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { channelCases, interventionProviders, interventionSessions, interventions, postExitReviews } from '../../src/db/schema.js';
import { loadChannelCase } from '../../src/modules/channel/cases/channelCase.repository.js';
import { exitCase } from '../../src/modules/channel/cases/lifecycle.js';
import { addDays, londonDate } from '../../src/platform/dates.js';
import { adoptCase, consentAndSupport, referToChannel } from './channelSteps.js';
import { contextFor } from './gatewaySteps.js';
import { monitoringSteps } from './monitoringSteps.js';
import { orgId, userId } from './referrals.js';
import { DEMO, type TestApp } from './testApp.js';

export const today = () => londonDate(new Date());

/** GOV.UK date boxes for a form: `name-day`, `name-month`, `name-year`. */
export function dateBoxes(name: string, iso: string): Record<string, string> {
  const [y, m, d] = iso.split('-') as [string, string, string];
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y };
}

/**
 * A West Midlands referral deconflicted with a sealed note, then referred to Birmingham's panel: the note must
 * never reach a Channel page. Returns the referral and the Channel case.
 */
export async function sealedReferralToChannel(t: TestApp, givenName: string, sealedNote: string) {
  const steps = monitoringSteps(t);
  const referralId = await steps.assessedCase(givenName);
  await steps.gateway.recordDeconfliction(await contextFor(t, DEMO.wmOfficer), referralId, { doneOn: addDays(today(), -1), sealedNotes: sealedNote });
  await steps.decide(referralId, { outcome: 'channel', localAuthorityId: await orgId(t, 'birmingham'), reasonableGrounds: `Grounds for ${givenName}`, rationale: `POLICE-RATIONALE ${sealedNote}`, referrerOutcome: 'ongoing_support' });
  const [c] = await t.db.database.db.select({ id: channelCases.id }).from(channelCases).where(eq(channelCases.referralId, referralId));
  return { referralId, channelCaseId: c!.id };
}

/** Referred, adopted, consent given by a parent and the named providers started. */
export async function supportedCase(t: TestApp, givenName: string, providers: string[] = [], opts: { dateOfBirth?: string } = {}) {
  const referred = await referToChannel(t, givenName, opts);
  await adoptCase(t, referred.channelCaseId);
  const support = await consentAndSupport(t, referred.channelCaseId, providers);
  return { ...referred, ...support };
}

/** Through the shared exit step as the chair: post-exit reviews at 6 and 12 months are scheduled. */
export async function exitedCase(t: TestApp, givenName: string) {
  const referred = await referToChannel(t, givenName);
  await adoptCase(t, referred.channelCaseId);
  const chair = await contextFor(t, DEMO.chair);
  await t.db.database.db.transaction(async (tx) => {
    const loaded = (await loadChannelCase(tx, referred.channelCaseId, (chair.actor as { userId: string }).userId, true))!;
    await exitCase(tx, chair, loaded, { reason: 'vulnerability_reduced', closingReport: 'Engaged well; no remaining concerns', version: loaded.row.version }, t.config.retention);
  });
  const reviews = await t.db.database.db.select().from(postExitReviews).where(eq(postExitReviews.channelCaseId, referred.channelCaseId)).orderBy(postExitReviews.monthsAfterExit);
  return { ...referred, reviews };
}

/** A session the provider logged on `heldOn`. */
export async function logSession(t: TestApp, interventionId: string, heldOn: string) {
  await t.db.database.db.insert(interventionSessions).values({ id: randomUUID(), interventionId, heldOn, attended: true, engagement: 'engaged', recordedBy: await userId(t, DEMO.provider), recordedAt: new Date() });
}

/** Moves an intervention's start back (a case supported for a while, for the dashboard's lists). */
export async function startedDaysAgo(t: TestApp, interventionId: string, days: number) {
  await t.db.database.db.update(interventions).set({ startsOn: addDays(today(), -days) }).where(eq(interventions.id, interventionId));
}

export async function setNextReview(t: TestApp, channelCaseId: string, on: string) {
  await t.db.database.db.update(channelCases).set({ nextReviewOn: on }).where(eq(channelCases.id, channelCaseId));
}

export async function providerIdByName(t: TestApp, name: string): Promise<string> {
  const [p] = await t.db.database.db.select({ id: interventionProviders.id }).from(interventionProviders).where(eq(interventionProviders.name, name));
  if (!p) throw new Error(`no provider ${name}`);
  return p.id;
}

export async function caseVersion(t: TestApp, channelCaseId: string): Promise<string> {
  const [c] = await t.db.database.db.select({ v: channelCases.version }).from(channelCases).where(eq(channelCases.id, channelCaseId));
  return String(c!.v);
}
