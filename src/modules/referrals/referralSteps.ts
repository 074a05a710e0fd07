// Applying the workflow to a stored referral: the one way every module moves a case on. A step checks the
// transition table, updates the row only if nobody changed it since it was read (version column), and adds
// the timeline event, all inside the caller's transaction.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.js';
import type { RequestContext } from '../../platform/access/actor.js';
import type { ReferralAccessFacts } from '../../platform/access/policy.js';
import { ConflictError } from '../../platform/errors.js';
import { assertTransition } from '../../workflow/machine.js';
import { referralTransitions, type ReferralState, type ReferralTransition } from '../../workflow/referral.js';
import { insertEvent, updateReferral, type ReferralRow } from './referrals.repository.js';

/** Where the referral stands after an action: callers (the JSON API) need the new version for the next step. */
export interface AfterAction {
  state: string;
  version: number;
}

export const referralFacts = (r: ReferralRow): ReferralAccessFacts => ({ owningOrgId: r.owningOrgId, referrerUserId: r.referrerUserId, referrerOrgId: r.referrerOrgId });

const actorIds = (ctx: RequestContext) =>
  ctx.actor.kind === 'user' ? { actorUserId: ctx.actor.userId, actorOrgId: ctx.actor.organisation.id } : { actorUserId: null, actorOrgId: ctx.actor.kind === 'api' ? ctx.actor.organisation.id : null };

/** Adds a timeline event that is not a state change (a record added, a note). */
export async function addReferralEvent(tx: Db, ctx: RequestContext, referralId: string, type: string, data: Record<string, unknown> = {}): Promise<void> {
  await insertEvent(tx, { id: randomUUID(), referralId, type, fromState: null, toState: null, ...actorIds(ctx), data, occurredAt: new Date() });
}

export async function moveReferral(
  tx: Db,
  ctx: RequestContext,
  referral: ReferralRow,
  name: ReferralTransition,
  expectedVersion: number,
  changes: Partial<ReferralRow>,
  data: Record<string, unknown>,
  staleMessage: string,
): Promise<AfterAction> {
  const t = assertTransition(referralTransitions, name, referral.state as ReferralState, ctx.actor, referralFacts(referral));
  const { id: _id, ...rest } = changes;
  if (!(await updateReferral(tx, referral.id, expectedVersion, { ...rest, state: t.to }))) throw new ConflictError(staleMessage, 'stale');
  await insertEvent(tx, { id: randomUUID(), referralId: referral.id, type: name, fromState: referral.state, toState: t.to, ...actorIds(ctx), data, occurredAt: new Date() });
  return { state: t.to, version: expectedVersion + 1 };
}
