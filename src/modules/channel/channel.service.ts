// A local authority's Channel panel: the cases the police referred to it (CTSA 2015 s.36), as the panel may
// see them. Partners learn that deconfliction with live investigations was done and when, and which checks were
// made and when, never what they found; never the handover note or the police's rationale. The repository
// does not read those columns. Anything the actor may not see is not found.
import type { Db } from '../../db/client.js';
import type { RequestContext } from '../../platform/access/actor.js';
import { policy } from '../../platform/access/policy.js';
import { recordAudit, type LegalRegime } from '../../platform/audit/audit.js';
import { NotFoundError } from '../../platform/errors.js';
import { concernLabels } from '../gateway/gateway.repository.js';
import * as repo from './channel.repository.js';
import { inTurn } from '../../db/inTurn.js';

export const CHANNEL_PURPOSE = 'Channel panel consideration of a police referral (CTSA 2015 s.36)';

/** The local authority whose panel the actor sits on; anyone else finds nothing here. */
function panelOf(ctx: RequestContext): string {
  const actor = ctx.actor;
  if (actor.kind !== 'user' || !policy.canViewChannelReferral(actor, actor.organisation.id)) throw new NotFoundError();
  return actor.organisation.id;
}

export function createChannelService(db: Db) {
  return {
    /** The cases referred to the actor's panel, newest first, filtered in SQL by the actor's local authority. */
    async referrals(ctx: RequestContext, page: number, pageSize = 25) {
      const localAuthorityId = panelOf(ctx);
      const listed = await db.transaction(async (tx) => {
        const result = await repo.listForPanel(tx, localAuthorityId, pageSize, (page - 1) * pageSize);
        // Names in a list are personal data seen: the listing is a consultation of each referral shown.
        if (result.items.length) {
          await recordAudit(tx, ctx, { action: 'consultation', event: 'channel.referrals_listed', recordType: 'referral', recordIds: result.items.map((i) => i.id), purpose: CHANNEL_PURPOSE, regime: 'DPA_PART3' });
        }
        return result;
      });
      return { ...listed, page, pageSize };
    },

    /** One case as the panel sees it; the read is audited in the same transaction. */
    async referral(ctx: RequestContext, id: string) {
      const localAuthorityId = panelOf(ctx);
      return db.transaction(async (tx) => {
        const channel = await repo.latestChannelReferral(tx, id);
        if (!channel || channel.localAuthorityId !== localAuthorityId || !policy.canViewChannelReferral(ctx.actor, channel.localAuthorityId)) throw new NotFoundError();
        const referral = await repo.referralForPanel(tx, id);
        if (!referral) throw new NotFoundError();
        const [checks, deconflictedOn, concernTypes] = await inTurn(
          () => repo.checkDates(tx, id),
          () => repo.lastDeconflictionOn(tx, id),
          () => repo.currentConcernTypes(tx, id),
        );
        const labels = await concernLabels(tx, concernTypes ?? []);
        await recordAudit(tx, ctx, {
          action: 'consultation',
          event: 'channel.referral_viewed',
          recordType: 'referral',
          recordIds: [id],
          purpose: CHANNEL_PURPOSE,
          regime: referral.legalRegime as LegalRegime,
        });
        return {
          referral,
          channel,
          checks,
          deconflictedOn,
          /** Null when no threshold judgement is recorded; an empty list when it found no concern type. */
          concernTypes: concernTypes ? concernTypes.map((c) => labels.get(c) ?? c) : null,
        };
      });
    },
  };
}

export type ChannelService = ReturnType<typeof createChannelService>;
