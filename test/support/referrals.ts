// Referral fixtures for integration tests: valid submissions for each channel, made through the real
// routes, plus small database look-ups. Nothing here replaces a part of the application.
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { and, eq, sql } from 'drizzle-orm';
import { auditLog, referralDrafts, referrals, users } from '../../src/db/schema.js';
import { createApiToken } from '../../src/platform/auth/apiTokens.js';
import { findOrganisationByCode } from '../../src/modules/organisations/organisations.repository.js';
import type { Client, TestApp } from './testApp.js';

type Form = Record<string, string | string[]>;

/** A valid professional referral for the JSON API; the postcode routes it to West Midlands Police. */
export function apiReferral(givenName = 'Apiperson', overrides: { subject?: object; concern?: object } = {}) {
  return {
    subject: { givenName, familyName: 'Example', dateOfBirth: '2008-05-01', gender: 'female', postcode: 'B1 1AA', ...overrides.subject },
    concern: { narrative: `Narrative about ${givenName}`, threatOfHarm: 'no', supportNeeds: ['mental_health'], ...overrides.concern },
    awareness: { subjectAware: 'no', parentAware: 'yes' },
    professional: { name: 'Tom Fletcher', role: 'Nurse', email: 'tom@nhs.example', safeguardingLeadConsulted: 'yes', safeguardingLeadName: 'Ann Lead' },
  };
}

/** The answers of the shared question pages (person to awareness), as forms. */
export function questionForms(givenName: string, extra: { narrative?: string; postcode?: string } = {}): Array<[string, Form]> {
  return [
    ['person', { givenName, familyName: 'Testperson', aliases: '' }],
    ['age', { 'dateOfBirth-day': '14', 'dateOfBirth-month': '3', 'dateOfBirth-year': '2009', gender: 'male' }],
    ['address', { address: '1 High Street', postcode: extra.postcode ?? 'B1 1AA', schoolOrWorkplace: 'Northfield Academy' }],
    ['concern', { narrative: extra.narrative ?? `Secret narrative about ${givenName}`, startedWhen: 'September' }],
    ['concern-details', { threatOfHarm: 'no', supportNeeds: ['mental_health'] }],
    ['awareness', { subjectAware: 'no', parentAware: 'not_sure' }],
  ];
}

function expectRedirect(res: LightMyRequestResponse, what: string) {
  if (res.statusCode !== 303) throw new Error(`${what}: expected 303, got ${res.statusCode}\n${res.body.slice(0, 1500)}`);
}

/** Sends a concern through the public form; returns the referral's reference. */
export async function submitPublicReferral(c: Client, givenName: string, extra: { narrative?: string; postcode?: string } = {}): Promise<string> {
  const steps: Array<[string, Form]> = [...questionForms(givenName, extra), ['about-you', { contact: 'no', relationship: 'Neighbour' }]];
  for (const [page, form] of steps) expectRedirect(await c.postForm(`/refer/${page}`, form), `/refer/${page}`);
  expectRedirect(await c.postForm('/refer/check', {}), '/refer/check');
  const reference = /PR-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec((await c.get('/refer/confirmation')).body)?.[0];
  if (!reference) throw new Error('no reference on the confirmation page');
  return reference;
}

/** Starts a professional draft as the signed-in client; returns its id. */
export async function startDraft(c: Client): Promise<string> {
  const res = await c.postForm('/referrals/drafts', {}, '/referrals/mine');
  expectRedirect(res, 'POST /referrals/drafts');
  const id = /^\/referrals\/drafts\/([0-9a-f-]{36})\/person$/.exec(String(res.headers.location))?.[1];
  if (!id) throw new Error(`unexpected draft location ${String(res.headers.location)}`);
  return id;
}

/** Sends a professional referral through the signed-in form (draft, every page, check); returns its id. */
export async function submitProfessionalReferral(t: TestApp, c: Client, givenName: string, extra: { narrative?: string; postcode?: string } = {}): Promise<string> {
  const draft = await startDraft(c);
  const base = `/referrals/drafts/${draft}`;
  const steps: Array<[string, Form]> = [
    ...questionForms(givenName, extra),
    ['your-details', { name: 'Rachel Evans', role: 'Designated safeguarding lead', email: 'dsl@northfield.example', safeguardingLeadConsulted: 'not_applicable' }],
  ];
  for (const [page, form] of steps) expectRedirect(await c.postForm(`${base}/${page}`, form), `${base}/${page}`);
  expectRedirect(await c.postForm(`${base}/check`, {}), `${base}/check`);
  return referralIdByName(t, givenName);
}

export async function referralIdByName(t: TestApp, givenName: string): Promise<string> {
  const rows = await t.db.database.db.select({ id: referrals.id }).from(referrals).where(eq(referrals.subjectGivenName, givenName));
  if (rows.length !== 1) throw new Error(`expected one referral for ${givenName}, found ${rows.length}`);
  return rows[0]!.id;
}

export async function referralById(t: TestApp, id: string) {
  const [row] = await t.db.database.db.select().from(referrals).where(eq(referrals.id, id));
  return row ?? null;
}

export async function draftExists(t: TestApp, id: string): Promise<boolean> {
  const rows = await t.db.database.db.select({ id: referralDrafts.id }).from(referralDrafts).where(eq(referralDrafts.id, id));
  return rows.length === 1;
}

export async function countReferrals(t: TestApp): Promise<number> {
  const [row] = await t.db.database.db.select({ n: sql<number>`count(*)::int` }).from(referrals);
  return Number(row?.n ?? 0);
}

/** Audit rows naming a record, oldest first. */
export async function auditRowsFor(t: TestApp, recordId: string, action?: string) {
  return t.db.database.db
    .select()
    .from(auditLog)
    .where(and(sql`${recordId} = ANY(${auditLog.recordIds})`, action ? eq(auditLog.action, action) : undefined))
    .orderBy(auditLog.id);
}

export async function userId(t: TestApp, email: string): Promise<string> {
  const [row] = await t.db.database.db.select({ id: users.id }).from(users).where(eq(sql`lower(${users.email})`, email.toLowerCase()));
  if (!row) throw new Error(`no user ${email}`);
  return row.id;
}

export async function orgId(t: TestApp, code: string): Promise<string> {
  const org = await findOrganisationByCode(t.db.database.db, code);
  if (!org) throw new Error(`no organisation ${code}`);
  return org.id;
}

/** A fresh organisation API token. */
export async function tokenFor(t: TestApp, orgCode: string, scopes: string[] = ['referrals:write', 'referrals:read'], expiresAt: Date | null = null): Promise<string> {
  return (await createApiToken(t.db.database.db, await orgId(t, orgCode), `test ${randomUUID()}`, scopes, expiresAt)).token;
}

/** JSON API request with an optional bearer token. */
export function api(t: TestApp, token: string | null) {
  return (method: 'GET' | 'POST', url: string, body?: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({
      method,
      url,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { payload: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body) } : {}),
    });
}

/** Removes what differs between any two responses to the same request: nonces, CSRF tokens, request ids. */
export function normaliseBody(body: string): string {
  return body
    .replace(/nonce="[^"]*"/g, 'nonce="N"')
    .replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value="T"')
    .replace(/"instance":"[^"]*"/g, '"instance":"I"');
}
