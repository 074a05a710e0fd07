// Gateway steps for tests that need a referral in a later state (assigned, decided, closed): the real
// gateway service, called as the demo officers, so each step is checked and recorded as in production.
import { eq } from 'drizzle-orm';
import { referrals } from '../../src/db/schema.js';
import type { RequestContext } from '../../src/platform/access/actor.js';
import { findUserByEmail } from '../../src/platform/auth/users.repository.js';
import { createGatewayService } from '../../src/modules/gateway/gateway.service.js';
import type { DecisionInput } from '../../src/modules/gateway/gateway.schemas.js';
import { DEMO, type TestApp } from './testApp.js';

/** A decision without its version (filled in from the database); distributive, so each outcome keeps its fields. */
export type DecisionWithoutVersion = DecisionInput extends infer D ? (D extends unknown ? Omit<D, 'version'> : never) : never;

export async function contextFor(t: TestApp, email: string): Promise<RequestContext> {
  const u = await findUserByEmail(t.db.database.db, email);
  if (!u) throw new Error(`no user ${email}`);
  return { actor: { kind: 'user', userId: u.id, displayName: u.displayName, roles: u.roles, organisation: u.organisation }, requestId: null, client: {} };
}

export function gatewaySteps(t: TestApp, officerEmail: string = DEMO.wmOfficer, supervisorEmail: string = DEMO.wmSupervisor) {
  const gateway = createGatewayService(t.db.database.db, t.config.retention);
  const version = async (id: string) => (await t.db.database.db.select({ v: referrals.version }).from(referrals).where(eq(referrals.id, id)))[0]!.v;
  const officer = () => contextFor(t, officerEmail);

  async function assign(id: string, toEmail: string = officerEmail) {
    const to = await contextFor(t, toEmail);
    await gateway.assign(await officer(), id, { officerId: (to.actor as { userId: string }).userId, version: await version(id) });
  }

  /** Assigned and judged: ready for an outcome. */
  async function assessed(id: string) {
    await assign(id);
    await gateway.recordJudgement(await officer(), id, { concernPresent: 'no', concernTypes: [], immediateRisk: 'no', rationale: 'Context explains the comment' });
  }

  async function decide(id: string, input: DecisionWithoutVersion) {
    return gateway.decide(await officer(), id, { ...input, version: await version(id) } as DecisionInput);
  }

  /** No further action, approved by the supervisor: the referral is closed. */
  async function closeWithNoFurtherAction(id: string, rationale = 'Context explains the comment', referrerOutcome: DecisionInput['referrerOutcome'] = 'no_further_action') {
    await assessed(id);
    const { needsApproval } = await decide(id, { outcome: 'no_further_action', rationale, referrerOutcome });
    if (needsApproval) await gateway.review(await contextFor(t, supervisorEmail), id, { decision: 'approve', version: await version(id) });
  }

  return { gateway, version, assign, assessed, decide, closeWithNoFurtherAction };
}
