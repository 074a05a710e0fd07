// Applying the Channel workflow to a stored case: the one way every Channel service moves a case on. A step
// checks the transition table and the policy, updates the row only if nobody changed it since it was read
// (version column) and adds the timeline event, all inside the caller's transaction. Opening a case (when the
// police refer someone to a panel) lives here too, so the gateway and police-led reviews open them the same way.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../../db/client.js';
import type { RequestContext } from '../../../platform/access/actor.js';
import { ConflictError } from '../../../platform/errors.js';
import { assertTransition } from '../../../workflow/machine.js';
import { channelCaseTransitions, type ChannelCaseState, type ChannelCaseTransition } from '../../../workflow/channelCase.js';
import { insertChannelCase, insertChannelCaseEvent, updateChannelCase, type LoadedChannelCase, type NewChannelCase } from './channelCase.repository.js';

export const STALE_CASE = 'Someone else changed this Channel case while you were working on it. Reload the page and try again.';

export interface ChannelAfterAction {
  state: ChannelCaseState;
  version: number;
}

const actorIds = (ctx: RequestContext) =>
  ctx.actor.kind === 'user' ? { actorUserId: ctx.actor.userId, actorOrgId: ctx.actor.organisation.id } : { actorUserId: null, actorOrgId: ctx.actor.kind === 'api' ? ctx.actor.organisation.id : null };

/** A timeline event that is not a state change (an assessment, a consent, a session). */
export async function addChannelCaseEvent(tx: Db, ctx: RequestContext, caseId: string, type: string, data: Record<string, unknown> = {}): Promise<void> {
  await insertChannelCaseEvent(tx, { id: randomUUID(), channelCaseId: caseId, type, fromState: null, toState: null, ...actorIds(ctx), data, occurredAt: new Date() });
}

export async function moveChannelCase(
  tx: Db,
  ctx: RequestContext,
  loaded: LoadedChannelCase,
  name: ChannelCaseTransition,
  expectedVersion: number,
  changes: Partial<NewChannelCase>,
  data: Record<string, unknown>,
): Promise<ChannelAfterAction> {
  const t = assertTransition(channelCaseTransitions, name, loaded.row.state as ChannelCaseState, ctx.actor, loaded.facts, 'Channel case');
  const { id: _id, ...rest } = changes;
  if (!(await updateChannelCase(tx, loaded.row.id, expectedVersion, { ...rest, state: t.to }))) throw new ConflictError(STALE_CASE, 'stale');
  await insertChannelCaseEvent(tx, { id: randomUUID(), channelCaseId: loaded.row.id, type: name, fromState: loaded.row.state, toState: t.to, ...actorIds(ctx), data, occurredAt: new Date() });
  return { state: t.to, version: expectedVersion + 1 };
}

/** Opens a case for the panel covering `localAuthorityId`, awaiting its discussion; returns the case id. */
export async function openChannelCase(
  tx: Db,
  ctx: RequestContext,
  c: { referralId: string; localAuthorityId: string; policeOrgId: string; via: 'gateway' | 'police_led_review' | 'transfer'; previousCaseId?: string | null },
): Promise<string> {
  const id = randomUUID();
  const now = new Date();
  await insertChannelCase(tx, { id, referralId: c.referralId, localAuthorityId: c.localAuthorityId, policeOrgId: c.policeOrgId, state: 'awaiting_panel', referredAt: now, referredVia: c.via, previousCaseId: c.previousCaseId ?? null });
  await insertChannelCaseEvent(tx, { id: randomUUID(), channelCaseId: id, type: 'opened', fromState: null, toState: 'awaiting_panel', ...actorIds(ctx), data: { via: c.via }, occurredAt: now });
  return id;
}
