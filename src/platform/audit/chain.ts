// Hash chain over the audit log. Writers never wait for it: rows are inserted unchained, and this step
// chains committed rows afterwards, one chainer at a time (advisory lock), in the order it sees them.
import { createHash } from 'node:crypto';
import { and, asc, desc, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import { auditLog } from '../../db/schema.js';
import type { Database, Db } from '../../db/client.js';

const CHAIN_LOCK = 7_301_002;
const GENESIS = '0'.repeat(64);
const BATCH = 2000;

type AuditRow = typeof auditLog.$inferSelect;

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function rowHash(row: AuditRow, chainSeq: number, prevHash: string): string {
  const { hash: _h, chainSeq: _c, prevHash: _p, ...content } = row;
  return createHash('sha256').update(prevHash).update(canonical({ ...content, chainSeq })).digest('hex');
}

async function chainHead(db: Db): Promise<{ seq: number; hash: string }> {
  const [head] = await db
    .select({ seq: auditLog.chainSeq, hash: auditLog.hash })
    .from(auditLog)
    .where(isNotNull(auditLog.chainSeq))
    .orderBy(desc(auditLog.chainSeq))
    .limit(1);
  return head?.seq != null && head.hash ? { seq: head.seq, hash: head.hash } : { seq: 0, hash: GENESIS };
}

/** Chains every committed, unchained row. Returns how many rows it chained. */
export async function chainPending(database: Database): Promise<number> {
  return database.withLock(CHAIN_LOCK, async (lockDb) => {
    let total = 0;
    for (;;) {
      const chained = await lockDb.transaction(async (tx) => {
        let { seq, hash } = await chainHead(tx);
        const rows = await tx.select().from(auditLog).where(isNull(auditLog.hash)).orderBy(asc(auditLog.id)).limit(BATCH);
        if (rows.length === 0) return 0;
        const ids: number[] = [];
        const seqs: number[] = [];
        const prevs: string[] = [];
        const hashes: string[] = [];
        for (const row of rows) {
          seq += 1;
          const next = rowHash(row, seq, hash);
          ids.push(row.id);
          seqs.push(seq);
          prevs.push(hash);
          hashes.push(next);
          hash = next;
        }
        await tx.execute(sql`
          UPDATE audit_log AS a SET chain_seq = v.seq, prev_hash = v.prev, hash = v.hash
          FROM unnest(${sql.param(ids)}::bigint[], ${sql.param(seqs)}::bigint[], ${sql.param(prevs)}::text[], ${sql.param(hashes)}::text[])
            AS v(id, seq, prev, hash)
          WHERE a.id = v.id`);
        return rows.length;
      });
      total += chained;
      if (chained < BATCH) return total;
    }
  });
}

export type VerifyResult =
  | { intact: true; chained: number; unchained: number }
  | { intact: false; chained: number; brokenAt: { chainSeq: number; id: number; reason: string } };

/** Walks the chain in order and reports the first link that does not hold. */
export async function verifyChain(db: Db): Promise<VerifyResult> {
  let expectedSeq = 1;
  let prev = GENESIS;
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(and(isNotNull(auditLog.chainSeq), gt(auditLog.chainSeq, expectedSeq - 1)))
      .orderBy(asc(auditLog.chainSeq))
      .limit(BATCH);
    for (const row of rows) {
      const at = { chainSeq: row.chainSeq ?? 0, id: row.id };
      if (row.chainSeq !== expectedSeq) {
        return { intact: false, chained: expectedSeq - 1, brokenAt: { ...at, reason: `entry ${expectedSeq} is missing` } };
      }
      if (row.prevHash !== prev) {
        return { intact: false, chained: expectedSeq - 1, brokenAt: { ...at, reason: 'link to the previous entry does not match' } };
      }
      if (rowHash(row, expectedSeq, prev) !== row.hash) {
        return { intact: false, chained: expectedSeq - 1, brokenAt: { ...at, reason: 'entry content was altered' } };
      }
      prev = row.hash;
      expectedSeq += 1;
    }
    if (rows.length < BATCH) break;
  }
  const [pending] = await db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(isNull(auditLog.hash));
  return { intact: true, chained: expectedSeq - 1, unchained: Number(pending?.n ?? 0) };
}
