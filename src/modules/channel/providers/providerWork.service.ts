// A provider's own work on Channel support: the interventions assigned to its organisation and the minimum it
// needs for each, the sessions it logs (a new concern alerts the chair and the police at once), its end report,
// and a withdrawal of consent the person told it about. Everything a provider reads is Channel case data going
// outside the case's controllers, so reads are audited as disclosures to the reading user and organisation.
// Each call is one transaction; a change locks the Channel case first, then the intervention (the order the
// chair's steps use), and checks the intervention's version.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../../db/client.js';
import type { RequestContext, UserActor } from '../../../platform/access/actor.js';
import { policy } from '../../../platform/access/policy.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { formatDay } from '../../../platform/dates.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../platform/errors.js';
import { loadChannelCase, type LoadedChannelCase } from '../cases/channelCase.repository.js';
import { addChannelCaseEvent } from '../cases/channelCaseSteps.js';
import { alertChairAndPolice, CHANNEL_REGIME, withdrawConsent } from '../cases/lifecycle.js';
import * as repo from './providerWork.repository.js';
import type { EndInput, SessionInput, WithdrawalInput } from './providerWork.schemas.js';

export const PROVIDER_PURPOSE = 'Delivering an intervention of a Channel support plan (CTSA 2015 s.36)';
export const STALE_INTERVENTION = 'Someone else changed this intervention while you were working on it. Check the intervention, then submit again: your answers are kept below.';
export const NOT_ACTIVE = 'This intervention is no longer active: nothing more can be recorded on it.';

/** The provider user acting; anyone else finds no interventions here. */
function providerUser(ctx: RequestContext): UserActor {
  const actor = ctx.actor;
  if (actor.kind !== 'user' || !policy.canActOnIntervention(actor, { providerOrgId: actor.organisation.id })) throw new NotFoundError();
  return actor;
}

/** Who receives what a provider reads: the reading user and their organisation. */
const recipients = (actor: UserActor) => [actor.userId, actor.organisation.id];

export function createProviderWorkService(db: Db) {
  /** The intervention, if it is the actor's organisation's; anything else is not found. */
  async function visible(tx: Db, ctx: RequestContext, id: string, lock = false): Promise<{ actor: UserActor; intervention: repo.ProviderIntervention }> {
    const actor = providerUser(ctx);
    const intervention = await repo.findIntervention(tx, id, lock);
    if (!intervention || !policy.canActOnIntervention(actor, intervention)) throw new NotFoundError();
    return { actor, intervention };
  }

  /**
   * For a change: the Channel case is locked first, then the intervention, which must still be active and at the
   * version the user saw. Returns both, with the case as the shared Channel rules need it.
   */
  async function forChange(tx: Db, ctx: RequestContext, id: string, expectedVersion: number) {
    const first = await visible(tx, ctx, id);
    const loaded = await loadChannelCase(tx, first.intervention.channelCaseId, first.actor.userId, true);
    if (!loaded) throw new NotFoundError();
    const { actor, intervention } = await visible(tx, ctx, id, true);
    if (intervention.status !== 'active') throw new ConflictError(NOT_ACTIVE, 'illegal-transition');
    if (intervention.version !== expectedVersion) throw new ConflictError(STALE_INTERVENTION, 'stale');
    return { actor, intervention, loaded };
  }

  function notBeforeStart(intervention: repo.ProviderIntervention, field: string, value: string, label: string) {
    if (value < intervention.startsOn) throw new ValidationError([{ field, message: `${label} cannot be before the intervention started on ${formatDay(intervention.startsOn)}` }]);
  }

  return {
    /** The actor's organisation's interventions, one page of them; the names shown are disclosed to the reader. */
    async list(ctx: RequestContext, page: number, pageSize = 25) {
      const actor = providerUser(ctx);
      const listed = await db.transaction(async (tx) => {
        const result = await repo.listForOrganisation(tx, actor.organisation.id, pageSize, (page - 1) * pageSize);
        if (result.items.length) {
          await recordAudit(tx, ctx, { action: 'disclosure', event: 'channel.provider_interventions_listed', recordType: 'intervention', recordIds: result.items.map((i) => i.id), purpose: PROVIDER_PURPOSE, recipients: recipients(actor), regime: CHANNEL_REGIME });
        }
        return result;
      });
      return { ...listed, page, pageSize };
    },

    /** The minimal view of one intervention with its sessions; disclosed to the reader in the same transaction. */
    async view(ctx: RequestContext, id: string) {
      return db.transaction(async (tx) => {
        const { actor, intervention } = await visible(tx, ctx, id);
        const sessions = await repo.listSessions(tx, id);
        await recordAudit(tx, ctx, {
          action: 'disclosure',
          event: 'channel.provider_intervention_viewed',
          recordType: 'intervention',
          recordIds: [id, intervention.channelCaseId, ...sessions.map((s) => s.id)],
          purpose: PROVIDER_PURPOSE,
          recipients: recipients(actor),
          regime: CHANNEL_REGIME,
        });
        return { intervention, sessions };
      });
    },

    /**
     * Logs a session. A new concern is recorded on the session and on the Channel case's timeline, and the chair
     * and the police of the area are alerted at once with a message that does not repeat it (notifications are
     * listed on dashboards): they read it on the case.
     */
    async logSession(ctx: RequestContext, id: string, input: SessionInput) {
      return db.transaction(async (tx) => {
        const { actor, intervention, loaded } = await forChange(tx, ctx, id, input.version);
        notBeforeStart(intervention, 'heldOn', input.heldOn, 'The date of the session');
        const sessionId = randomUUID();
        const attended = input.attended === 'yes';
        await repo.insertSession(tx, {
          id: sessionId,
          interventionId: id,
          heldOn: input.heldOn,
          attended,
          engagement: attended ? (input.engagement ?? null) : null,
          notes: input.notes ?? null,
          newConcern: input.newConcern ?? null,
          recordedBy: actor.userId,
          recordedAt: new Date(),
        });
        if (!(await repo.updateActiveIntervention(tx, id, input.version))) throw new ConflictError(STALE_INTERVENTION, 'stale');
        await addChannelCaseEvent(tx, ctx, intervention.channelCaseId, 'intervention_session_logged', { interventionId: id, sessionId, heldOn: input.heldOn, attended });
        await recordAudit(tx, ctx, { action: 'collection', event: 'channel.session_logged', recordType: 'intervention', recordIds: [id, sessionId, intervention.channelCaseId], purpose: PROVIDER_PURPOSE, regime: CHANNEL_REGIME });
        if (input.newConcern) await alertNewConcern(tx, ctx, loaded, intervention, sessionId, input.heldOn);
        return { interventionId: id, sessionId, status: 'active' as const, version: input.version + 1, alerted: Boolean(input.newConcern) };
      });
    },

    /** The end-of-intervention report: the intervention is completed and read-only from then on. */
    async end(ctx: RequestContext, id: string, input: EndInput) {
      return db.transaction(async (tx) => {
        const { intervention } = await forChange(tx, ctx, id, input.version);
        notBeforeStart(intervention, 'endedOn', input.endedOn, 'The date the intervention ended');
        if (!(await repo.updateActiveIntervention(tx, id, input.version, { status: 'completed', endedOn: input.endedOn, endReport: input.endReport }))) {
          throw new ConflictError(STALE_INTERVENTION, 'stale');
        }
        await addChannelCaseEvent(tx, ctx, intervention.channelCaseId, 'intervention_completed', { interventionId: id, endedOn: input.endedOn, provider: intervention.providerName });
        await recordAudit(tx, ctx, { action: 'collection', event: 'channel.intervention_completed', recordType: 'intervention', recordIds: [id, intervention.channelCaseId], purpose: PROVIDER_PURPOSE, regime: CHANNEL_REGIME });
        return { interventionId: id, status: 'completed' as const, version: input.version + 1 };
      });
    },

    /**
     * The person told the provider they withdraw consent: the shared Channel rule stops every intervention,
     * tells every provider, the chair and the police, and returns the case to the police.
     */
    async withdrawConsent(ctx: RequestContext, id: string, input: WithdrawalInput) {
      return db.transaction(async (tx) => {
        const { loaded } = await forChange(tx, ctx, id, input.version);
        await withdrawConsent(tx, ctx, loaded, { withdrawnOn: input.withdrawnOn, route: 'provider', notes: input.notes, version: loaded.row.version });
        const after = await repo.findIntervention(tx, id);
        return { interventionId: id, status: after!.status, version: after!.version };
      });
    },
  };
}

/** The alert of a new concern: to the chair's and the police's staff, and a disclosure to their organisations. */
async function alertNewConcern(tx: Db, ctx: RequestContext, loaded: LoadedChannelCase, intervention: repo.ProviderIntervention, sessionId: string, heldOn: string) {
  await addChannelCaseEvent(tx, ctx, loaded.row.id, 'new_concern_reported', { interventionId: intervention.id, sessionId, provider: intervention.providerName });
  await alertChairAndPolice(
    tx,
    loaded,
    'channel.new_concern',
    `${intervention.providerName} reported a new concern at a session on ${formatDay(heldOn)}. Read it on the Channel case now.`,
  );
  await recordAudit(tx, ctx, {
    action: 'disclosure',
    event: 'channel.new_concern_alerted',
    recordType: 'intervention',
    recordIds: [intervention.id, sessionId, loaded.row.id],
    purpose: 'Alerting the Channel chair and the police of the area to a new concern raised by a provider',
    recipients: [loaded.facts.chairOrgId ?? loaded.row.localAuthorityId, loaded.row.policeOrgId],
    regime: CHANNEL_REGIME,
  });
}

export type ProviderWorkService = ReturnType<typeof createProviderWorkService>;
