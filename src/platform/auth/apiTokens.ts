// Organisation API tokens: `ctc_<random>`, stored as SHA-256 (the token has 256 bits of entropy, so a
// fast hash is enough), scoped, revocable and optionally expiring.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, eq, gt, isNull, or } from 'drizzle-orm';
import { apiTokens, organisations } from '../../db/schema.js';
import type { Db } from '../../db/client.js';
import type { Actor, OrganisationKind } from '../access/actor.js';

export const API_SCOPES = ['referrals:write', 'referrals:read'] as const;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createApiToken(db: Db, organisationId: string, name: string, scopes: string[], expiresAt: Date | null = null) {
  const token = `ctc_${randomBytes(32).toString('base64url')}`;
  const id = randomUUID();
  await db.insert(apiTokens).values({ id, organisationId, name, scopes, tokenHash: hashToken(token), expiresAt });
  return { id, token };
}

export async function actorForApiToken(db: Db, token: string): Promise<Actor | null> {
  if (!/^ctc_[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const now = new Date();
  const [row] = await db
    .select({ id: apiTokens.id, scopes: apiTokens.scopes, org: organisations })
    .from(apiTokens)
    .innerJoin(organisations, eq(organisations.id, apiTokens.organisationId))
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now))));
  if (!row) return null;
  return {
    kind: 'api',
    tokenId: row.id,
    scopes: row.scopes,
    organisation: { id: row.org.id, kind: row.org.kind as OrganisationKind, name: row.org.name, forceCode: row.org.forceCode, preventDuty: row.org.preventDuty },
  };
}
