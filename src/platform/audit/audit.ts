// DPA 2018 s.62 audit log. Call `recordAudit` inside the same transaction as the act it records, or
// `recordReadAudit` for a read made outside one.
import { is, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { auditLog } from '../../db/schema.js';
import { batched } from '../../db/batched.js';
import { prepared, type Placeholders } from '../../db/prepared.js';
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

/** An audit row as the insert takes it: named by its columns, as JSON. */
function auditRow(ctx: RequestContext, entry: AuditEntry) {
  const actor = ctx.actor;
  return {
    occurred_at: new Date().toISOString(),
    actor_type: actor.kind,
    user_id: actor.kind === 'user' ? actor.userId : null,
    organisation_id: actorOrganisationId(actor),
    action: entry.action,
    event: entry.event,
    record_type: entry.recordType,
    record_ids: entry.recordIds,
    purpose: entry.purpose ?? null,
    recipients: entry.recipients ?? [],
    regime: entry.regime,
    request_id: ctx.requestId,
    client: {
      ...(ctx.client.ip ? { ip: ctx.client.ip } : {}),
      ...(ctx.client.userAgent ? { userAgent: ctx.client.userAgent.slice(0, 300) } : {}),
      ...(actor.kind === 'api' ? { apiToken: actor.tokenId } : {}),
    },
  };
}
type AuditRow = ReturnType<typeof auditRow>;

// Any number of rows in one statement built once: the rows go in as one JSON array. Built row by row, an insert of
// a batch of read audits was most of the query building a case view did.
const COLUMNS = sql.raw('occurred_at, actor_type, user_id, organisation_id, action, event, record_type, record_ids, purpose, recipients, regime, request_id, client');
const insertRows = prepared((p: Placeholders<'rows'>) => sql`INSERT INTO ${auditLog} (${COLUMNS}) SELECT ${COLUMNS} FROM json_populate_recordset(NULL::${auditLog}, ${p.rows}::json)`);
const insertAudit = (db: Db, rows: AuditRow[]) => insertRows(db, { rows: JSON.stringify(rows) });

export async function recordAudit(db: Db, ctx: RequestContext, entry: AuditEntry): Promise<void> {
  await insertAudit(db, [auditRow(ctx, entry)]);
}

const readAudits = new WeakMap<Db, (row: AuditRow) => Promise<void>>();

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
    write = batched(async (rows: AuditRow[]) => {
      await insertAudit(db, rows);
      return rows.map(() => undefined);
    });
    readAudits.set(db, write);
  }
  await write(auditRow(ctx, entry));
}
