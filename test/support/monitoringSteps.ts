// Cases in the monitoring states (signposted with a follow-up, under police-led management), made through the
// real gateway service as the demo West Midlands officer, for tests of the monitoring pages and jobs.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { signpostFollowUps } from '../../src/db/schema.js';
import { apiReferral, tokenFor } from './referrals.js';
import { gatewaySteps } from './gatewaySteps.js';
import type { TestApp } from './testApp.js';

export const SIGNPOST_RATIONALE = 'Needs mental health support, not Prevent: rationale for police eyes only';

export function monitoringSteps(t: TestApp) {
  const steps = gatewaySteps(t);
  let token: Promise<string> | undefined;
  let made = 0;

  /** A new West Midlands referral about a new person, assigned and judged. */
  async function assessedCase(givenName = `Monitor${randomUUID().slice(0, 8).replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!)}`): Promise<string> {
    token ??= tokenFor(t, 'bsmhft');
    // Through the organisation API, each from its own address: tests make far more referrals a minute than
    // the API's per-client rate limit allows one integration.
    made += 1;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/referrals',
      remoteAddress: `10.77.${Math.floor(made / 250) % 250}.${(made % 250) + 1}`,
      headers: { authorization: `Bearer ${await token}`, 'content-type': 'application/json' },
      payload: JSON.stringify(apiReferral(givenName)),
    });
    if (res.statusCode !== 201) throw new Error(`referral not created: ${res.statusCode} ${res.body}`);
    const id = res.json<{ id: string }>().id;
    await steps.assessed(id);
    return id;
  }

  /** Signposted to a mental health service, addressed to `receivingOrganisationId` when given. */
  async function signpostedCase(opts: { givenName?: string; receivingOrganisationId?: string } = {}): Promise<{ id: string; followUpId: string }> {
    const id = await assessedCase(opts.givenName);
    await steps.decide(id, {
      outcome: 'signposted',
      serviceType: 'mental_health',
      serviceName: 'CAMHS Birmingham',
      serviceContact: 'duty@camhs.example',
      ...(opts.receivingOrganisationId ? { receivingOrganisationId: opts.receivingOrganisationId } : {}),
      referrerOutcome: 'support_elsewhere',
      rationale: SIGNPOST_RATIONALE,
    });
    const [fu] = await t.db.database.db.select({ id: signpostFollowUps.id }).from(signpostFollowUps).where(eq(signpostFollowUps.referralId, id));
    if (!fu) throw new Error('no follow-up was created');
    return { id, followUpId: fu.id };
  }

  async function policeLedCase(givenName?: string): Promise<string> {
    const id = await assessedCase(givenName);
    await steps.decide(id, { outcome: 'police_led_management', referrerOutcome: 'ongoing_support', rationale: 'Possible vulnerability, limited information' });
    return id;
  }

  return { ...steps, assessedCase, signpostedCase, policeLedCase };
}
