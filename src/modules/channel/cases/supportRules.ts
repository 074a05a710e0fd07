// The rules of support under Channel (CTSA 2015 s.36(4)-(5)) that more than one page relies on: consent is
// recorded before anything starts (from a parent or guardian for under-18s), and an intervention can only be
// started with live consent, by a provider whose approval is current (and Home Office-approved where the type
// needs it). Callers load and lock the case, check the policy and run these inside their transaction.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { consents, interventionProviders, interventions, interventionTypes } from '../../../db/schema.js';
import type { RequestContext } from '../../../platform/access/actor.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { londonDate } from '../../../platform/dates.js';
import { ConflictError, ForbiddenError, ValidationError } from '../../../platform/errors.js';
import { findReferralById } from '../../referrals/referrals.repository.js';
import type { LoadedChannelCase } from './channelCase.repository.js';
import { addChannelCaseEvent } from './channelCaseSteps.js';
import { CHANNEL_CASE_PURPOSE, CHANNEL_REGIME, liveConsent } from './lifecycle.js';

export interface ConsentInput {
  status: 'given' | 'refused';
  givenBy: 'person' | 'parent_guardian';
  giverName: string;
  relationship?: string | undefined;
  soughtHow: string;
  soughtBy: string;
  soughtOn: string;
  capacityNotes?: string | undefined;
  decidedOn: string;
  purposes: string;
}

export interface InterventionInput {
  typeCode: string;
  providerId: string;
  goal: string;
  contactRoute: string;
  startsOn: string;
  expectedSessions: number;
}

/** Whole years between an ISO date of birth and an ISO day. */
function ageOn(dateOfBirth: string, day: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

function requireAdopted(loaded: LoadedChannelCase, what: string) {
  if (loaded.row.state !== 'adopted') {
    throw new ConflictError(`${what} can only be recorded for an adopted Channel case; this one is ${loaded.row.state.replace(/_/g, ' ')}.`, 'illegal-transition');
  }
}

/** Records consent given or refused; for a person under 18 on that day, a parent or guardian decides. */
export async function recordConsent(tx: Db, ctx: RequestContext, loaded: LoadedChannelCase, input: ConsentInput): Promise<string> {
  if (ctx.actor.kind !== 'user') throw new ForbiddenError();
  requireAdopted(loaded, 'Consent');
  if (input.decidedOn < input.soughtOn) throw new ValidationError([{ field: 'decidedOn', message: 'The decision cannot come before consent was sought' }]);
  if (await liveConsent(tx, loaded.row.id)) throw new ConflictError('Consent is already live on this case. Record a withdrawal first if it has changed.', 'consent-live');
  const referral = (await findReferralById(tx, loaded.row.referralId))!;
  const minor = referral.subjectDateOfBirth ? ageOn(referral.subjectDateOfBirth, input.decidedOn) < 18 : referral.subjectUnder18 === true;
  if (minor && input.givenBy !== 'parent_guardian') {
    throw new ValidationError([{ field: 'givenBy', message: 'The person is under 18: consent must come from a parent or guardian' }]);
  }
  if (input.givenBy === 'parent_guardian' && !input.relationship) throw new ValidationError([{ field: 'relationship', message: 'Enter the parent or guardian’s relationship to the person' }]);
  const id = randomUUID();
  await tx.insert(consents).values({
    id,
    channelCaseId: loaded.row.id,
    status: input.status,
    givenBy: input.givenBy,
    giverName: input.giverName,
    relationship: input.givenBy === 'parent_guardian' ? (input.relationship ?? null) : null,
    soughtHow: input.soughtHow,
    soughtBy: input.soughtBy,
    soughtOn: input.soughtOn,
    capacityNotes: input.capacityNotes ?? null,
    decidedOn: input.decidedOn,
    purposes: input.purposes,
    recordedBy: ctx.actor.userId,
    recordedAt: new Date(),
  });
  await addChannelCaseEvent(tx, ctx, loaded.row.id, input.status === 'given' ? 'consent_given' : 'consent_refused', { consentId: id, givenBy: input.givenBy });
  await recordAudit(tx, ctx, { action: 'collection', event: `channel.consent_${input.status}`, recordType: 'channel_case', recordIds: [loaded.row.id, id], purpose: CHANNEL_CASE_PURPOSE, regime: CHANNEL_REGIME });
  return id;
}

/**
 * Starts an intervention of the support plan. Refused without live consent, with a provider whose approval is
 * not current (status approved and not expired on the start day), or, for a type that needs one, with a provider
 * that is not an approved Intervention Provider organisation or individual on the register.
 */
export async function addIntervention(tx: Db, ctx: RequestContext, loaded: LoadedChannelCase, input: InterventionInput): Promise<string> {
  if (ctx.actor.kind !== 'user') throw new ForbiddenError();
  requireAdopted(loaded, 'Support');
  if (!(await liveConsent(tx, loaded.row.id))) {
    throw new ConflictError('Support cannot start without live consent. Record consent from the person, or from a parent or guardian if they are under 18.', 'no-live-consent');
  }
  const [type] = await tx.select().from(interventionTypes).where(eq(interventionTypes.code, input.typeCode));
  if (!type || !type.active) throw new ValidationError([{ field: 'typeCode', message: 'Select the type of support' }]);
  const [provider] = await tx.select().from(interventionProviders).where(eq(interventionProviders.id, input.providerId));
  if (!provider) throw new ValidationError([{ field: 'providerId', message: 'Select a provider from the register' }]);
  const today = londonDate(new Date());
  const on = input.startsOn > today ? input.startsOn : today;
  if (provider.approvalStatus !== 'approved' || !provider.approvalExpiresOn || provider.approvalExpiresOn < on) {
    throw new ValidationError([{ field: 'providerId', message: `${provider.name} is not currently approved (approval ${provider.approvalStatus === 'approved' ? 'expired' : provider.approvalStatus}): choose another provider` }]);
  }
  const id = randomUUID();
  await tx.insert(interventions).values({
    id,
    channelCaseId: loaded.row.id,
    typeCode: type.code,
    providerId: provider.id,
    goal: input.goal,
    contactRoute: input.contactRoute,
    startsOn: input.startsOn,
    expectedSessions: input.expectedSessions,
    status: 'active',
    createdBy: ctx.actor.userId,
  });
  await addChannelCaseEvent(tx, ctx, loaded.row.id, 'intervention_started', { interventionId: id, type: type.code, provider: provider.name });
  await recordAudit(tx, ctx, { action: 'collection', event: 'channel.intervention_started', recordType: 'channel_case', recordIds: [loaded.row.id, id], purpose: CHANNEL_CASE_PURPOSE, regime: CHANNEL_REGIME });
  // The provider learns the person's name, contact route and goal: a disclosure to its organisation.
  await recordAudit(tx, ctx, { action: 'disclosure', event: 'channel.shared.provider', recordType: 'channel_case', recordIds: [loaded.row.id, id], purpose: 'Assigning an intervention to its provider', recipients: [provider.organisationId ?? provider.id], regime: CHANNEL_REGIME });
  return id;
}
