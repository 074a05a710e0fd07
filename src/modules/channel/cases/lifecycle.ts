// The Channel steps that reach beyond one page: withdrawing consent, leaving Channel (exit or transfer to
// another panel) and reopening. Each touches the Channel case, its interventions, the police referral and the
// people who must be told at once, so they live here once and every route (the chair's pages, the police, a
// provider, a panel decision) calls the same function inside its own transaction.
import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { consents, interventionProviders, interventions, postExitReviews, referrals } from '../../../db/schema.js';
import { systemContext, type RequestContext } from '../../../platform/access/actor.js';
import { policy } from '../../../platform/access/policy.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { addDays, addMonths, formatDay, londonDate } from '../../../platform/dates.js';
import { ConflictError, ForbiddenError, ValidationError } from '../../../platform/errors.js';
import { settingsFor } from '../../gateway/gateway.repository.js';
import { retentionFor, type RetentionSettings } from '../../gateway/retention.js';
import { activeUsersWithRole, insertNotifications } from '../../monitoring/monitoring.repository.js';
import { findOrganisationById } from '../../organisations/organisations.repository.js';
import { findReferralById, type ReferralRow } from '../../referrals/referrals.repository.js';
import { moveReferral } from '../../referrals/referralSteps.js';
import type { LoadedChannelCase } from './channelCase.repository.js';
import { moveChannelCase, openChannelCase, type ChannelAfterAction } from './channelCaseSteps.js';

export const CHANNEL_REGIME = 'DPA_PART3' as const;
export const CHANNEL_CASE_PURPOSE = 'Channel panel support (CTSA 2015 s.36)';
const STALE_REFERRAL = 'The police referral changed while this was recorded. Reload the page and try again.';

export const EXIT_REASONS = {
  vulnerability_reduced: 'Vulnerability reduced',
  consent_withdrawn: 'Consent withdrawn',
  other_route: 'Transferred to another route',
  moved_out_of_area: 'Moved out of area',
} as const;
export type ExitReason = keyof typeof EXIT_REASONS;

/** How the withdrawal reached the service: the person (or parent) told one of these. */
export const WITHDRAWAL_ROUTES = {
  chair: 'Told the Channel chair or coordinator',
  police: 'Told the police',
  provider: 'Told their Intervention Provider',
  other: 'Another way',
} as const;
export type WithdrawalRoute = keyof typeof WITHDRAWAL_ROUTES;

/** Post-exit reviews come at 6 and 12 months; the panel may extend watch to 24. */
export const POST_EXIT_MONTHS = [6, 12] as const;
export const EXTENDED_POST_EXIT_MONTHS = 24;

const personName = (r: ReferralRow) => `${r.subjectGivenName} ${r.subjectFamilyName}`;

/** The consent in force: the latest one given and not withdrawn (consents_case_idx); null when there is none. */
export async function liveConsent(tx: Db, caseId: string) {
  const [latest] = await tx.select().from(consents).where(eq(consents.channelCaseId, caseId)).orderBy(desc(consents.recordedAt)).limit(1);
  return latest && latest.status === 'given' && latest.withdrawnOn === null ? latest : null;
}

/** Tells every active user of the organisations holding the roles, each with a link to open. */
export async function notifyOrganisations(tx: Db, orgIds: readonly string[], roles: string[], n: { kind: string; referralId: string; message: string; link: string }) {
  const recipients = [];
  for (const org of new Set(orgIds)) recipients.push(...(await activeUsersWithRole(tx, org, roles)));
  await insertNotifications(
    tx,
    recipients.map((u) => ({ id: randomUUID(), userId: u.id, kind: n.kind, referralId: n.referralId, message: n.message, link: n.link })),
  );
  return recipients.length;
}

/** Alerts the chair (the chairing authority's Channel staff) and the police of the area at once. */
export async function alertChairAndPolice(tx: Db, loaded: LoadedChannelCase, kind: string, message: string) {
  const orgs = loaded.facts.chairOrgId ? [loaded.facts.chairOrgId] : [loaded.row.localAuthorityId];
  await notifyOrganisations(tx, orgs, ['channel_chair'], { kind, referralId: loaded.row.referralId, message, link: `/channel/cases/${loaded.row.id}` });
  await notifyOrganisations(tx, [loaded.row.policeOrgId], ['prevent_officer', 'prevent_supervisor'], { kind, referralId: loaded.row.referralId, message, link: `/cases/${loaded.row.referralId}` });
}

/** Stops the case's active interventions; returns them with their providers' organisations. */
async function stopInterventions(tx: Db, caseId: string, on: string, reason: string) {
  const stopped = await tx
    .update(interventions)
    .set({ status: 'stopped', stoppedOn: on, stopReason: reason, version: sql`${interventions.version} + 1` })
    .where(and(eq(interventions.channelCaseId, caseId), eq(interventions.status, 'active')))
    .returning({ id: interventions.id, providerId: interventions.providerId });
  if (!stopped.length) return [];
  const providers = await tx
    .select({ id: interventionProviders.id, organisationId: interventionProviders.organisationId, name: interventionProviders.name })
    .from(interventionProviders)
    .where(inArray(interventionProviders.id, [...new Set(stopped.map((s) => s.providerId))]));
  const byId = new Map(providers.map((p) => [p.id, p]));
  return stopped.map((s) => ({ ...s, provider: byId.get(s.providerId)! }));
}

/** Moves the police referral back to police-led management, with the force's first review date. */
async function returnReferralToPolice(tx: Db, referralId: string, why: string, channelCaseId: string) {
  const referral = await findReferralById(tx, referralId);
  if (!referral || referral.state !== 'referred_to_channel') return;
  const settings = await settingsFor(tx, referral.owningOrgId);
  const nextReviewOn = addDays(londonDate(new Date()), settings.policeLedReviewDays);
  await moveReferral(tx, systemContext, referral, 'returnFromChannel', referral.version, { nextReviewOn }, { channelCaseId, why }, STALE_REFERRAL);
}

/**
 * Consent withdrawn (by whatever route the person used): the consent records it, support stops, every assigned
 * provider is told at once, the chair and the police are alerted, and the case goes back to the police.
 */
export async function withdrawConsent(
  tx: Db,
  ctx: RequestContext,
  loaded: LoadedChannelCase,
  input: { withdrawnOn: string; route: WithdrawalRoute; notes?: string | undefined; version: number },
): Promise<ChannelAfterAction> {
  if (ctx.actor.kind !== 'user' || !policy.canRecordConsentWithdrawal(ctx.actor, loaded.facts)) throw new ForbiddenError();
  const consent = await liveConsent(tx, loaded.row.id);
  if (loaded.row.state === 'adopted' && !consent) throw new ConflictError('There is no live consent on this case to withdraw.', 'no-live-consent');
  if (consent && input.withdrawnOn < consent.decidedOn) throw new ValidationError([{ field: 'withdrawnOn', message: 'Consent cannot be withdrawn before it was given' }]);
  const after = await moveChannelCase(tx, ctx, loaded, 'withdrawConsent', input.version, { nextReviewOn: null }, { route: input.route });
  await tx
    .update(consents)
    .set({ withdrawnOn: input.withdrawnOn, withdrawalRoute: input.route, withdrawalNotes: input.notes ?? null, withdrawalRecordedBy: ctx.actor.userId })
    .where(and(eq(consents.id, consent!.id), isNull(consents.withdrawnOn)));
  const stopped = await stopInterventions(tx, loaded.row.id, input.withdrawnOn, 'Consent withdrawn');
  const referral = (await findReferralById(tx, loaded.row.referralId))!;
  const providerOrgs = stopped.map((s) => s.provider.organisationId).filter((o): o is string => o !== null);
  for (const s of stopped) {
    if (!s.provider.organisationId) continue;
    await notifyOrganisations(tx, [s.provider.organisationId], ['provider'], {
      kind: 'channel.consent_withdrawn',
      referralId: referral.id,
      message: `Consent to Channel support was withdrawn on ${formatDay(input.withdrawnOn)}: stop your work with ${personName(referral)} now.`,
      link: `/provider/interventions/${s.id}`,
    });
  }
  await alertChairAndPolice(tx, loaded, 'channel.consent_withdrawn', `Consent to Channel support for ${personName(referral)} was withdrawn on ${formatDay(input.withdrawnOn)}; the case is back with the police for review.`);
  await returnReferralToPolice(tx, referral.id, 'Consent to Channel support withdrawn', loaded.row.id);
  await recordAudit(tx, ctx, { action: 'alteration', event: 'channel.consent_withdrawn', recordType: 'channel_case', recordIds: [loaded.row.id, consent!.id, ...stopped.map((s) => s.id)], purpose: CHANNEL_CASE_PURPOSE, regime: CHANNEL_REGIME });
  await recordAudit(tx, ctx, { action: 'disclosure', event: 'channel.withdrawal_notified', recordType: 'channel_case', recordIds: [loaded.row.id], purpose: 'Telling providers, the chair and the police that consent was withdrawn', recipients: [...new Set([...providerOrgs, loaded.facts.chairOrgId ?? loaded.row.localAuthorityId, loaded.row.policeOrgId])], regime: CHANNEL_REGIME });
  return after;
}

/** The panel did not adopt the case: the police review it next (it stays in their sight). */
export async function afterNotAdopted(tx: Db, loaded: LoadedChannelCase) {
  await returnReferralToPolice(tx, loaded.row.referralId, 'Not adopted by the Channel panel', loaded.row.id);
}

/**
 * Exit with a reason and closing report: remaining support stops, post-exit reviews are scheduled at 6 and 12
 * months, and the police referral closes with the Channel retention rule. Moving out of area is `transfer`.
 */
export async function exitCase(
  tx: Db,
  ctx: RequestContext,
  loaded: LoadedChannelCase,
  input: { reason: Exclude<ExitReason, 'moved_out_of_area'>; closingReport: string; version: number },
  retention: RetentionSettings,
): Promise<ChannelAfterAction & { postExitReviewIds: string[] }> {
  const exitedAt = new Date();
  const today = londonDate(exitedAt);
  const after = await moveChannelCase(tx, ctx, loaded, 'exit', input.version, { exitedAt, exitReason: input.reason, closingReport: input.closingReport, nextReviewOn: null }, { reason: input.reason, closingReport: input.closingReport });
  const stopped = await stopInterventions(tx, loaded.row.id, today, 'Case exited');
  const reviews = POST_EXIT_MONTHS.map((months) => ({ id: randomUUID(), channelCaseId: loaded.row.id, monthsAfterExit: months, dueOn: addMonths(today, months) }));
  await tx.insert(postExitReviews).values(reviews);
  const referral = await findReferralById(tx, loaded.row.referralId);
  if (referral && referral.state === 'referred_to_channel') {
    const r = retentionFor('channel', exitedAt, retention);
    await moveReferral(tx, systemContext, referral, 'closeAfterChannel', referral.version, { closedAt: exitedAt, retentionRule: r.rule, retentionReviewOn: r.reviewOn }, { channelCaseId: loaded.row.id, reason: input.reason }, STALE_REFERRAL);
  }
  await recordAudit(tx, ctx, { action: 'alteration', event: 'channel.exited', recordType: 'channel_case', recordIds: [loaded.row.id, ...stopped.map((s) => s.id), ...reviews.map((r) => r.id)], purpose: CHANNEL_CASE_PURPOSE, regime: CHANNEL_REGIME });
  return { ...after, postExitReviewIds: reviews.map((r) => r.id) };
}

/** Moved out of area: this case ends and the other authority's panel receives a new one, linked to this. */
export async function transferCase(
  tx: Db,
  ctx: RequestContext,
  loaded: LoadedChannelCase,
  input: { targetLocalAuthorityId: string; closingReport: string; version: number },
): Promise<ChannelAfterAction & { newCaseId: string }> {
  const target = await findOrganisationById(tx, input.targetLocalAuthorityId);
  if (!target || target.kind !== 'local_authority') throw new ValidationError([{ field: 'targetLocalAuthorityId', message: 'Select the local authority the person moved to' }]);
  if (target.id === loaded.row.localAuthorityId) throw new ValidationError([{ field: 'targetLocalAuthorityId', message: 'Select a different local authority from this one' }]);
  const exitedAt = new Date();
  const after = await moveChannelCase(tx, ctx, loaded, 'transfer', input.version, { exitedAt, exitReason: 'moved_out_of_area', closingReport: input.closingReport, nextReviewOn: null }, { targetLocalAuthorityId: target.id, targetName: target.name, closingReport: input.closingReport });
  const stopped = await stopInterventions(tx, loaded.row.id, londonDate(exitedAt), 'Moved out of area');
  const newCaseId = await openChannelCase(tx, ctx, { referralId: loaded.row.referralId, localAuthorityId: target.id, policeOrgId: loaded.row.policeOrgId, via: 'transfer', previousCaseId: loaded.row.id });
  await recordAudit(tx, ctx, { action: 'alteration', event: 'channel.transferred', recordType: 'channel_case', recordIds: [loaded.row.id, newCaseId, ...stopped.map((s) => s.id)], purpose: CHANNEL_CASE_PURPOSE, regime: CHANNEL_REGIME });
  await recordAudit(tx, ctx, { action: 'disclosure', event: 'channel.shared.transfer', recordType: 'channel_case', recordIds: [loaded.row.id, newCaseId], purpose: 'Transfer to the Channel panel of the area the person moved to', recipients: [target.id], regime: CHANNEL_REGIME });
  return { ...after, newCaseId };
}

/** A post-exit review found concerns again: the case returns to the panel's agenda and the referral reopens. */
export async function reopenCase(tx: Db, ctx: RequestContext, loaded: LoadedChannelCase, input: { version: number; reviewId: string }): Promise<ChannelAfterAction> {
  // The exit's reason and closing report stay on the timeline (the exit event) and the panel's decision.
  const after = await moveChannelCase(tx, ctx, loaded, 'reopen', input.version, { exitedAt: null, exitReason: null, closingReport: null, nextReviewOn: null }, { postExitReviewId: input.reviewId });
  const [referral] = await tx.select().from(referrals).where(eq(referrals.id, loaded.row.referralId));
  if (referral && referral.state === 'closed') {
    await moveReferral(tx, systemContext, referral, 'reopenChannel', referral.version, { closedAt: null, retentionReviewOn: null }, { channelCaseId: loaded.row.id }, STALE_REFERRAL);
  }
  await alertChairAndPolice(tx, loaded, 'channel.reopened', `A post-exit review reopened a Channel case: it is back on the panel's agenda.`);
  return after;
}
