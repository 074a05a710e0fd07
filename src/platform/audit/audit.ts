// DPA 2018 s.62 audit log. Call `recordAudit` inside the same transaction as the act it records, or
// `recordReadAudit` for a read made outside one.
import { is } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { auditLog } from '../../db/schema.js';
import { batched } from '../../db/batched.js';
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

function auditRow(ctx: RequestContext, entry: AuditEntry): typeof auditLog.$inferInsert {
  const actor = ctx.actor;
  return {
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
  };
}

export async function recordAudit(db: Db, ctx: RequestContext, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values(auditRow(ctx, entry));
}

const readAudits = new WeakMap<Db, (row: typeof auditLog.$inferInsert) => Promise<void>>();

/**
 * Audits a read made outside any transaction (a case page, a queue, a dashboard), resolving once the row is
 * committed: the caller shows nothing before then. Rows of concurrent reads are inserted together, so a busy
 * page costs a share of one insert and commit rather than one each.
 */
export async function recordReadAudit(db: Db, ctx: RequestContext, entry: AuditEntry): Promise<void> {
  // Rows written together commit together: one written inside a transaction must commit with that transaction.
  if (is(db, PgTransaction)) throw new Error('recordReadAudit is for reads outside a transaction: use recordAudit');
  let write = readAudits.get(db);
  if (!write) {
    write = batched(async (rows: (typeof auditLog.$inferInsert)[]) => {
      await db.insert(auditLog).values(rows);
      return rows.map(() => undefined);
    });
    readAudits.set(db, write);
  }
  await write(auditRow(ctx, entry));
}
