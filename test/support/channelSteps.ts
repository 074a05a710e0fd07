// Channel fixtures for tests: a person referred by the police to a local authority's Channel panel, made through
// the real API and gateway service (as the demo West Midlands officer), so the Channel case is opened exactly as
// in production. Later Channel steps (meetings, consent, interventions) call the Channel services themselves.
import { desc, eq } from 'drizzle-orm';
import { channelCases, interventionProviders } from '../../src/db/schema.js';
import { loadChannelCase } from '../../src/modules/channel/cases/channelCase.repository.js';
import { moveChannelCase } from '../../src/modules/channel/cases/channelCaseSteps.js';
import { addIntervention, recordConsent } from '../../src/modules/channel/cases/supportRules.js';
import { addDays, londonDate } from '../../src/platform/dates.js';
import { contextFor, gatewaySteps } from './gatewaySteps.js';
import { api, apiReferral, orgId, tokenFor } from './referrals.js';
import { DEMO, type TestApp } from './testApp.js';

export interface ReferredToChannel {
  referralId: string;
  channelCaseId: string;
}

/**
 * Submits an NHS referral about `givenName` (a West Midlands postcode), assesses it and refers it to the named
 * local authority's panel (Birmingham by default). `dateOfBirth` sets the person's age (under 18 by default).
 */
export async function referToChannel(t: TestApp, givenName: string, opts: { localAuthority?: string; dateOfBirth?: string } = {}): Promise<ReferredToChannel> {
  const token = await tokenFor(t, 'bsmhft');
  const res = await api(t, token)('POST', '/api/v1/referrals', apiReferral(givenName, { subject: { dateOfBirth: opts.dateOfBirth ?? '2010-05-01' } }));
  if (res.statusCode !== 201) throw new Error(`referral: ${res.statusCode} ${res.body}`);
  const referralId = (res.json() as { id: string }).id;
  const g = gatewaySteps(t, DEMO.wmOfficer);
  await g.assessed(referralId);
  await g.decide(referralId, {
    outcome: 'channel',
    localAuthorityId: await orgId(t, opts.localAuthority ?? 'birmingham'),
    reasonableGrounds: `Reasonable grounds to believe ${givenName} is vulnerable to being drawn into terrorism`,
    rationale: 'Clear vulnerability; partners can support',
    referrerOutcome: 'ongoing_support',
  });
  const [c] = await t.db.database.db.select({ id: channelCases.id }).from(channelCases).where(eq(channelCases.referralId, referralId)).orderBy(desc(channelCases.referredAt)).limit(1);
  if (!c) throw new Error('no Channel case was opened');
  return { referralId, channelCaseId: c.id };
}

export async function channelCaseRow(t: TestApp, id: string) {
  const [row] = await t.db.database.db.select().from(channelCases).where(eq(channelCases.id, id));
  if (!row) throw new Error(`no Channel case ${id}`);
  return row;
}

/**
 * Adopts a referred case as the demo chair through the workflow step itself (policy and version checked), for
 * tests of what follows adoption. The panel's decision at a meeting (meetings/) is what adopts a case in the
 * service; its own tests cover that path.
 */
export async function adoptCase(t: TestApp, channelCaseId: string): Promise<void> {
  const chair = await contextFor(t, DEMO.chair);
  const db = t.db.database.db;
  await db.transaction(async (tx) => {
    const loaded = await loadChannelCase(tx, channelCaseId, (chair.actor as { userId: string }).userId, true);
    if (!loaded) throw new Error('no case');
    await moveChannelCase(tx, chair, loaded, 'adopt', loaded.row.version, { adoptedAt: new Date(), nextReviewOn: addDays(londonDate(new Date()), 30) }, { test: true });
  });
}

/** Consent given by a parent (the default person is under 18) and, optionally, interventions with named providers. */
export async function consentAndSupport(t: TestApp, channelCaseId: string, providers: string[] = []): Promise<{ consentId: string; interventionIds: string[] }> {
  const chair = await contextFor(t, DEMO.chair);
  const today = londonDate(new Date());
  return t.db.database.db.transaction(async (tx) => {
    const loaded = (await loadChannelCase(tx, channelCaseId, (chair.actor as { userId: string }).userId, true))!;
    const consentId = await recordConsent(tx, chair, loaded, {
      status: 'given',
      givenBy: 'parent_guardian',
      giverName: 'Parent Example',
      relationship: 'Mother',
      soughtHow: 'Home visit with the school’s safeguarding lead',
      soughtBy: 'Channel coordinator',
      soughtOn: today,
      decidedOn: today,
      purposes: 'Mentoring and family support under Channel',
    });
    const interventionIds: string[] = [];
    for (const name of providers) {
      const [p] = await tx.select({ id: interventionProviders.id }).from(interventionProviders).where(eq(interventionProviders.name, name));
      if (!p) throw new Error(`no provider ${name}`);
      interventionIds.push(
        await addIntervention(tx, chair, loaded, { typeCode: name.startsWith('Bridges') ? 'family_support' : 'ideological_theological_mentoring', providerId: p.id, goal: `Goal with ${name}`, contactRoute: 'Through the school’s safeguarding lead', startsOn: today, expectedSessions: 8 }),
      );
    }
    return { consentId, interventionIds };
  });
}

/** The demo providers' register names. */
export const DEMO_PROVIDERS = { pathways: 'Pathways Mentoring CIC', bridges: 'Bridges Family Support', expired: 'J. Morgan (independent mentor)' } as const;
