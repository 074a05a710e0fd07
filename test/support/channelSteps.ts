// Channel fixtures for tests: a person referred by the police to a local authority's Channel panel, made through
// the real API and gateway service (as the demo West Midlands officer), so the Channel case is opened exactly as
// in production. Later Channel steps (meetings, consent, interventions) call the Channel services themselves.
import { desc, eq } from 'drizzle-orm';
import { channelCases } from '../../src/db/schema.js';
import { gatewaySteps } from './gatewaySteps.js';
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
