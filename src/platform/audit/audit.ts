// DPA 2018 s.62 audit log. Call `recordAudit` inside the same transaction as the act it records.
import { auditLog } from '../../db/schema.js';
import type { Db } from '../../db/client.js';
import { actorOrganisationId, type RequestContext } from '../access/actor.js';

export type AuditAction = 'collection' | 'alteration' | 'consultation' | 'disclosure' | 'combination' | 'erasure';
export type LegalRegime = 'DPA_PART3' | 'UK_GDPR';

export interface AuditEntry {
  action: AuditAction;
  /** What happened, e.g. `referral.submitted`. */
  event: string;
  recordType: string;
  recordIds: string[];
  /** Why: the justification for a consultation or disclosure. */
  purpose?: string | null;
  recipients?: string[];
  regime: LegalRegime;
}

export async function recordAudit(db: Db, ctx: RequestContext, entry: AuditEntry): Promise<void> {
  const actor = ctx.actor;
  await db.insert(auditLog).values({
    occurredAt: new Date(),
    actorType: actor.kind,
    userId: actor.kind === 'user' ? actor.userId : null,
    organisationId: actorOrganisationId(actor),
    action: entry.action,
    event: entry.event,
    recordType: entry.recordType,
    recordIds: entry.recordIds,
    purpose: entry.purpose ?? null,
    recipients: entry.recipients ?? [],
    regime: entry.regime,
    requestId: ctx.requestId,
    client: {
      ...(ctx.client.ip ? { ip: ctx.client.ip } : {}),
      ...(ctx.client.userAgent ? { userAgent: ctx.client.userAgent.slice(0, 300) } : {}),
      ...(actor.kind === 'api' ? { apiToken: actor.tokenId } : {}),
    },
  });
}
