// DPA 2018 s.62 audit: every collection, consultation and disclosure is logged with the act, and the
// log is append-only and hash-chained so that an altered or removed entry is found.
import { asc, eq, isNotNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/db/schema.js';
import type { Db } from '../../src/db/client.js';
import { chainPending, rowHash, verifyChain } from '../../src/platform/audit/chain.js';
import { recordAudit, recordReadAudit } from '../../src/platform/audit/audit.js';
import { systemContext } from '../../src/platform/access/actor.js';
import { createCliEnvironment, type CliEnvironment } from '../support/cliEnvironment.js';
import { createTestApp, DEMO, type Client, type TestApp } from '../support/testApp.js';
import {
  api,
  apiReferral,
  auditRowsFor,
  orgId,
  referralById,
  referralIdByName,
  submitProfessionalReferral,
  submitPublicReferral,
  tokenFor,
  userId,
} from '../support/referrals.js';

let t: TestApp;
let officer: Client;
let dsl: Client;
let publicId: string;
let professionalId: string;
let apiId: string;

async function rows<T = Record<string, unknown>>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

beforeAll(async () => {
  t = await createTestApp();
  officer = await t.signIn(DEMO.wmOfficer);
  dsl = await t.signIn(DEMO.schoolReferrer);
  await submitPublicReferral(t.client(), 'Auditpublic');
  publicId = await referralIdByName(t, 'Auditpublic');
  professionalId = await submitProfessionalReferral(t, dsl, 'Auditprofessional');
  const res = await api(t, await tokenFor(t, 'bsmhft'))('POST', '/api/v1/referrals', apiReferral('Auditapi'));
  expect(res.statusCode).toBe(201);
  apiId = res.json<{ id: string }>().id;
}, 120_000);
afterAll(() => t?.close());

describe('collection', () => {
  it.each([
    ['public form', () => publicId, 'public'],
    ['professional form', () => professionalId, 'user'],
    ['API', () => apiId, 'api'],
  ])('a referral sent through the %s writes one collection entry, in the same transaction', async (_channel, id, actorType) => {
    const entries = await auditRowsFor(t, id(), 'collection');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ event: 'referral.submitted', recordType: 'referral', actorType, regime: 'DPA_PART3' });
    expect(entries[0]!.purpose).toBeTruthy();
    const referral = await referralById(t, id());
    expect(entries[0]!.recipients).toEqual([referral!.owningOrgId]);
    // The same transaction wrote both rows: PostgreSQL stamps each row version with its transaction id.
    // (Checked before the chainer rewrites the audit row with its hash.)
    const [r] = await rows<{ x: string }>(t.db.database.db, sql`SELECT xmin::text AS x FROM referrals WHERE id = ${id()}`);
    const [a] = await rows<{ x: string; hash: string | null }>(t.db.database.db, sql`SELECT xmin::text AS x, hash FROM audit_log WHERE id = ${entries[0]!.id}`);
    expect(a!.hash).toBeNull();
    expect(a!.x).toBe(r!.x);
  });

  it('the API entry names the token that was used', async () => {
    const [entry] = await auditRowsFor(t, apiId, 'collection');
    expect((entry!.client as { apiToken?: string }).apiToken).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('consultation', () => {
  it('each time staff open a referral, a consultation with its purpose is written', async () => {
    const before = await auditRowsFor(t, publicId, 'consultation');
    expect((await officer.get(`/referrals/${publicId}`)).statusCode).toBe(200);
    expect((await officer.get(`/referrals/${publicId}`)).statusCode).toBe(200);
    const after = await auditRowsFor(t, publicId, 'consultation');
    const added = after.slice(before.length);
    expect(added).toHaveLength(2);
    const officerId = await userId(t, DEMO.wmOfficer);
    const wm = await orgId(t, 'west-midlands-police');
    for (const e of added) {
      expect(e).toMatchObject({ event: 'referral.viewed', actorType: 'user', userId: officerId, organisationId: wm, recordIds: [publicId] });
      expect(e.purpose).toMatch(/Prevent gateway assessment/);
      expect(e.requestId).toBeTruthy();
    }
  });

  it('the referrer reading their status page is a consultation too', async () => {
    const before = (await auditRowsFor(t, professionalId, 'consultation')).length;
    expect((await dsl.get(`/referrals/${professionalId}`)).statusCode).toBe(200);
    const after = await auditRowsFor(t, professionalId, 'consultation');
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toMatchObject({ event: 'referral.status_viewed', userId: await userId(t, DEMO.schoolReferrer) });
    expect(after.at(-1)!.purpose).toBeTruthy();
  });

  it('a refused attempt discloses nothing and records no consultation', async () => {
    const met = await t.signIn(DEMO.metOfficer);
    const before = (await auditRowsFor(t, publicId)).length;
    expect((await met.get(`/referrals/${publicId}`)).statusCode).toBe(404);
    expect(await auditRowsFor(t, publicId)).toHaveLength(before);
  });

  it('listing the triage queue is a consultation of every referral shown', async () => {
    const res = await officer.get('/triage');
    expect(res.statusCode).toBe(200);
    const [entry] = await t.db.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.event, 'referral.queue_listed'))
      .orderBy(sql`${auditLog.id} DESC`)
      .limit(1);
    expect(entry).toMatchObject({ action: 'consultation', userId: await userId(t, DEMO.wmOfficer) });
    expect(entry!.purpose).toBeTruthy();
    expect(entry!.recordIds).toEqual(expect.arrayContaining([publicId, professionalId, apiId]));
  });
});

describe('disclosure', () => {
  it('a transfer writes a disclosure naming the recipient and the reason', async () => {
    const met = await orgId(t, 'met-police');
    const referral = await referralById(t, apiId);
    const res = await officer.postForm(`/referrals/${apiId}/transfer`, { toOrganisationId: met, reason: 'Moved to London', version: String(referral!.version) }, `/referrals/${apiId}`);
    expect(res.statusCode).toBe(303);
    const disclosures = await auditRowsFor(t, apiId, 'disclosure');
    expect(disclosures).toHaveLength(1);
    expect(disclosures[0]).toMatchObject({ event: 'referral.transferred', recipients: [met], purpose: 'Moved to London', userId: await userId(t, DEMO.wmOfficer) });
  });
});

/** The database's own message for a refused statement (drizzle wraps the driver error as `cause`). */
async function refusal(statement: Promise<unknown>): Promise<string> {
  try {
    await statement;
  } catch (err) {
    const e = err as Error & { cause?: Error };
    return e.cause?.message ?? e.message;
  }
  throw new Error('the statement was not refused');
}

describe('the log is append-only', () => {
  it('refuses UPDATE, DELETE and TRUNCATE in normal operation', async () => {
    const db = t.db.database.db;
    const [entry] = await auditRowsFor(t, publicId, 'collection');
    expect(await refusal(db.execute(sql`UPDATE audit_log SET purpose = 'rewritten' WHERE id = ${entry!.id}`))).toMatch(/audit_log is append-only/);
    expect(await refusal(db.execute(sql`DELETE FROM audit_log WHERE id = ${entry!.id}`))).toMatch(/audit_log is append-only/);
    expect(await refusal(db.execute(sql`TRUNCATE audit_log`))).toMatch(/audit_log is append-only/);
    const [still] = await db.select().from(auditLog).where(eq(auditLog.id, entry!.id));
    expect(still!.purpose).toBe(entry!.purpose);
  });

  it('refuses altering an entry while pretending to chain it', async () => {
    const db = t.db.database.db;
    await recordAudit(db, systemContext, { action: 'consultation', event: 'test.unchained', recordType: 'test', recordIds: ['x'], regime: 'UK_GDPR' });
    const [entry] = await db.select().from(auditLog).where(eq(auditLog.event, 'test.unchained'));
    expect(entry!.hash).toBeNull();
    expect(await refusal(db.execute(sql`UPDATE audit_log SET purpose = 'forged', chain_seq = 999999, prev_hash = 'x', hash = 'y' WHERE id = ${entry!.id}`))).toMatch(/audit_log is append-only/);
  });
});

describe('an audit row', () => {
  it('keeps every field as given, in a transaction and outside one, whatever the text', async () => {
    const db = t.db.database.db;
    const healthOrg = await orgId(t, 'bsmhft');
    const ctx = { actor: { kind: 'api' as const, tokenId: 'token-1', scopes: [], organisation: { id: healthOrg, kind: 'nhs_trust' as const, name: 'Health', forceCode: null, preventDuty: true } }, requestId: 'req-"1"', client: { ip: '10.0.0.1', userAgent: 'Agent \\ "quoted" ' + 'x'.repeat(400) } };
    const entry = { action: 'disclosure' as const, event: 'test.fields', recordType: 'test', recordIds: ['a,b', '{c}', 'd "e"'], purpose: 'Why: \\n "this"', recipients: ['r1', 'r2'], regime: 'DPA_PART3' as const };
    const before = Date.now();
    await db.transaction((tx) => recordAudit(tx, ctx, entry));
    await recordReadAudit(db, ctx, { ...entry, event: 'test.fields.read' });
    const written = await db.select().from(auditLog).where(sql`${auditLog.event} LIKE 'test.fields%'`).orderBy(asc(auditLog.id));
    expect(written).toHaveLength(2);
    for (const row of written) {
      expect(row).toMatchObject({ actorType: 'api', userId: null, organisationId: healthOrg, action: 'disclosure', recordType: 'test', recordIds: entry.recordIds, purpose: entry.purpose, recipients: ['r1', 'r2'], regime: 'DPA_PART3', requestId: 'req-"1"' });
      expect(row.client).toEqual({ ip: '10.0.0.1', userAgent: ctx.client.userAgent.slice(0, 300), apiToken: 'token-1' });
      expect(row.occurredAt.getTime()).toBeGreaterThanOrEqual(before - 1);
      expect(row.occurredAt.getTime()).toBeLessThanOrEqual(Date.now());
    }
  });
});

describe('reads audited outside a transaction', () => {
  it('writes the rows of reads made at once, each committed before its caller goes on, and refuses a transaction', async () => {
    const db = t.db.database.db;
    const entry = (i: number) => ({ action: 'consultation' as const, event: 'test.read_together', recordType: 'test', recordIds: [String(i)], regime: 'UK_GDPR' as const });
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        await recordReadAudit(db, systemContext, entry(i));
        // Once the caller goes on, its row is there for anyone to read.
        const mine = await rows(db, sql`SELECT 1 FROM audit_log WHERE event = 'test.read_together' AND record_ids = ARRAY[${String(i)}]::text[]`);
        expect(mine).toHaveLength(1);
      }),
    );
    const written = await db.select({ recordIds: auditLog.recordIds }).from(auditLog).where(eq(auditLog.event, 'test.read_together'));
    expect(written.map((r) => Number(r.recordIds[0])).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    await expect(db.transaction((tx) => recordReadAudit(tx, systemContext, entry(99)))).rejects.toThrow(/outside a transaction/);
  });
});

/** Runs SQL with the append-only trigger switched off, as only a superuser could. */
async function asSuperuser(db: Db, statement: ReturnType<typeof sql>) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER USER`);
    await tx.execute(statement);
    await tx.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER USER`);
  });
}

describe('the hash chain', () => {
  it('chains every entry and verifies intact', async () => {
    const chained = await chainPending(t.db.database);
    expect(chained).toBeGreaterThan(5);
    expect(await chainPending(t.db.database)).toBe(0);
    const result = await verifyChain(t.db.database.db);
    expect(result).toEqual({ intact: true, chained: expect.any(Number), unchained: 0 });
    expect(result.chained).toBe(chained);
  });

  it('finds an entry altered by a superuser, at its chain position; putting it back restores the chain', async () => {
    const db = t.db.database.db;
    const chained = await db.select().from(auditLog).where(isNotNull(auditLog.chainSeq)).orderBy(asc(auditLog.chainSeq));
    const victim = chained[Math.floor(chained.length / 2)]!;
    await asSuperuser(db, sql`UPDATE audit_log SET purpose = 'Nothing to see here' WHERE id = ${victim.id}`);
    const broken = await verifyChain(db);
    expect(broken).toMatchObject({ intact: false, chained: victim.chainSeq! - 1, brokenAt: { chainSeq: victim.chainSeq, id: victim.id, reason: 'entry content was altered' } });

    await asSuperuser(db, sql`UPDATE audit_log SET purpose = ${victim.purpose} WHERE id = ${victim.id}`);
    expect((await verifyChain(db)).intact).toBe(true);
  });

  it('finds a rewritten entry even when its own hash was recomputed: the next link breaks', async () => {
    const db = t.db.database.db;
    const chained = await db.select().from(auditLog).where(isNotNull(auditLog.chainSeq)).orderBy(asc(auditLog.chainSeq));
    const victim = chained[2]!;
    const forgedHash = rowHash({ ...victim, purpose: 'forged' }, victim.chainSeq!, victim.prevHash!);
    await asSuperuser(db, sql`UPDATE audit_log SET purpose = 'forged', hash = ${forgedHash} WHERE id = ${victim.id}`);
    const broken = await verifyChain(db);
    expect(broken).toMatchObject({ intact: false, brokenAt: { chainSeq: victim.chainSeq! + 1, reason: 'link to the previous entry does not match' } });

    await asSuperuser(db, sql`UPDATE audit_log SET purpose = ${victim.purpose}, hash = ${victim.hash} WHERE id = ${victim.id}`);
    expect((await verifyChain(db)).intact).toBe(true);
  });

  it('finds a deleted entry in the middle of the chain', async () => {
    const db = t.db.database.db;
    const chained = await db.select().from(auditLog).where(isNotNull(auditLog.chainSeq)).orderBy(asc(auditLog.chainSeq));
    const victim = chained[Math.floor(chained.length / 2)]!;
    await asSuperuser(db, sql`DELETE FROM audit_log WHERE id = ${victim.id}`);
    const broken = await verifyChain(db);
    expect(broken).toMatchObject({ intact: false, chained: victim.chainSeq! - 1, brokenAt: { chainSeq: victim.chainSeq! + 1, reason: `entry ${victim.chainSeq} is missing` } });

    // Restoring the exact row restores the chain: the check is over content, not row identity.
    await db.insert(auditLog).values(victim);
    expect((await verifyChain(db)).intact).toBe(true);
  });

  it('keeps chaining after new activity, continuing from the head', async () => {
    await officer.get(`/referrals/${publicId}`);
    expect(await chainPending(t.db.database)).toBe(1);
    expect(await verifyChain(t.db.database.db)).toMatchObject({ intact: true, unchained: 0 });
  });
});

describe('ct-casework audit verify', () => {
  let cli: CliEnvironment;

  beforeAll(async () => {
    cli = await createCliEnvironment();
    const database = await cli.open();
    try {
      for (let i = 0; i < 5; i++) {
        await recordAudit(database.db, systemContext, { action: 'collection', event: `cli.test.${i}`, recordType: 'test', recordIds: [String(i)], regime: 'UK_GDPR' });
      }
    } finally {
      await database.close();
    }
  }, 60_000);
  afterAll(() => cli.dispose());

  const runCli = () => cli.run(['audit', 'verify']);

  it('chains what is pending, reports intact and exits 0', async () => {
    const { code, out } = await runCli();
    expect(out).toContain('Audit log intact: 5 entries verified (5 newly chained)');
    expect(code).toBe(0);
  });

  it('reports the first broken entry and exits 2', async () => {
    const database = await cli.open();
    try {
      await asSuperuser(database.db, sql`UPDATE audit_log SET event = 'cli.test.altered' WHERE chain_seq = 3`);
    } finally {
      await database.close();
    }
    const { code, out } = await runCli();
    expect(out).toMatch(/Audit log BROKEN at chain position 3 \(entry id \d+\): entry content was altered\. 2 entries before it verified\./);
    expect(code).toBe(2);
  });
});
