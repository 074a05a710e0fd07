// Fixtures for the panel and provider-register tests: administrators the demo lacks (of Sandwell, of Camden and of
// a new authority), the demo panels' and providers' ids, filled-in forms, and the audit rows of a record.
import { and, eq, sql } from 'drizzle-orm';
import { auditLog, channelPanels, interventionProviders, panelMembers } from '../../src/db/schema.js';
import { insertOrganisation } from '../../src/modules/organisations/organisations.repository.js';
import { createUser } from '../../src/modules/organisations/users.admin.js';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Client, TestApp } from './testApp.js';
import { CHANNEL_USERS, parseAccessTable as parseChannelTable, signInColumns, type TableCell } from './channelAccess.js';

/** Administrators created by `extraAdmin`, by authority code. */
export const EXTRA_ADMINS = { sandwell: 'admin@sandwell.example', camden: 'admin@camden.example', islington: 'admin@islington.example' } as const;

/** An administrator of the named authority (creating the authority first when it is not in the demo). */
export async function extraAdmin(t: TestApp, code: keyof typeof EXTRA_ADMINS): Promise<string> {
  const db = t.db.database.db;
  if (code === 'islington') {
    const [exists] = await db.execute(sql`SELECT 1 FROM organisations WHERE code = 'islington'`).then((r) => (r as unknown as { rows: unknown[] }).rows);
    if (!exists) await insertOrganisation(db, { code: 'islington', name: 'London Borough of Islington', kind: 'local_authority', preventDuty: true });
  }
  await createUser(db, { email: EXTRA_ADMINS[code], displayName: `Admin of ${code}`, organisationCode: code, roles: ['admin'] });
  return EXTRA_ADMINS[code];
}

export async function panelIdByName(t: TestApp, name: string): Promise<string> {
  const [p] = await t.db.database.db.select({ id: channelPanels.id }).from(channelPanels).where(eq(channelPanels.name, name));
  if (!p) throw new Error(`no panel ${name}`);
  return p.id;
}

export async function panelVersion(t: TestApp, id: string): Promise<number> {
  return (await t.db.database.db.select({ v: channelPanels.version }).from(channelPanels).where(eq(channelPanels.id, id)))[0]!.v;
}

export async function providerIdByName(t: TestApp, name: string): Promise<string> {
  const [p] = await t.db.database.db.select({ id: interventionProviders.id }).from(interventionProviders).where(eq(interventionProviders.name, name));
  if (!p) throw new Error(`no provider ${name}`);
  return p.id;
}

export async function providerVersion(t: TestApp, id: string): Promise<number> {
  return (await t.db.database.db.select({ v: interventionProviders.version }).from(interventionProviders).where(eq(interventionProviders.id, id)))[0]!.v;
}

export async function memberRow(t: TestApp, id: string) {
  const [m] = await t.db.database.db.select().from(panelMembers).where(eq(panelMembers.id, id));
  if (!m) throw new Error(`no member ${id}`);
  return m;
}

/** A current standing member of the panel, by name. */
export async function memberIdByName(t: TestApp, panelId: string, name: string): Promise<string> {
  const [m] = await t.db.database.db.select({ id: panelMembers.id }).from(panelMembers).where(and(eq(panelMembers.panelId, panelId), eq(panelMembers.name, name)));
  if (!m) throw new Error(`no member ${name}`);
  return m.id;
}

/** Audit rows naming the record, oldest first. */
export async function auditRows(t: TestApp, recordId: string) {
  return t.db.database.db.select().from(auditLog).where(sql`${recordId} = ANY(${auditLog.recordIds})`).orderBy(auditLog.id);
}

/** A standing member form for someone without an account, with overrides. */
export const namedMemberForm = (over: Record<string, string> = {}): Record<string, string> => ({
  who: 'named',
  name: 'Alex Example',
  organisationId: '',
  organisationName: 'Birmingham Youth Service',
  agency: 'youth_justice',
  role: 'Youth justice worker',
  canDecide: 'yes',
  ...over,
});

const day = (iso: string) => {
  const [y, m, d] = iso.split('-') as [string, string, string];
  return { day: d, month: m, year: y };
};

/** The provider form, filled in (approved, with dates), with overrides. Dates as ISO days. */
export function providerForm(over: Record<string, string | string[]> = {}, dates: { approvedOn?: string | null; approvalExpiresOn?: string | null } = {}): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = {
    name: 'Unity Mentors',
    kind: 'organisation',
    organisationId: '',
    contact: 'team@unity.example, 0121 496 0099',
    approvalStatus: 'approved',
    specialisms: ['practical_mentoring', 'online_safety'],
    languages: 'English, Punjabi',
    ...over,
  };
  const approvedOn = dates.approvedOn === undefined ? '2025-01-10' : dates.approvedOn;
  const approvalExpiresOn = dates.approvalExpiresOn === undefined ? '2027-01-10' : dates.approvalExpiresOn;
  for (const [name, iso] of Object.entries({ approvedOn, approvalExpiresOn })) {
    if (!iso) continue;
    const d = day(iso);
    Object.assign(form, { [`${name}-day`]: d.day, [`${name}-month`]: d.month, [`${name}-year`]: d.year });
  }
  return form;
}

/** The same provider as the JSON API takes it. */
export const providerJson = (over: Record<string, unknown> = {}) => ({
  name: 'Unity Mentors',
  kind: 'organisation',
  contact: 'team@unity.example',
  approvalStatus: 'approved',
  approvedOn: '2025-01-10',
  approvalExpiresOn: '2027-01-10',
  specialisms: ['practical_mentoring'],
  languages: ['English'],
  ...over,
});

// ---- Access tables ---------------------------------------------------------------------------------

/** The columns of the Channel access tables, with an administrator of another authority before nobody. */
const { signedOut: _nobody, ...SIGNED_IN } = CHANNEL_USERS;
export const ACCESS_COLUMNS = { ...SIGNED_IN, sandwellAdmin: EXTRA_ADMINS.sandwell, signedOut: null } as const;
export type AccessColumn = keyof typeof ACCESS_COLUMNS;
export type AccessCell = TableCell<AccessColumn>;

/** The table's cells, checked to have exactly the columns above. */
export const parseAccessTable = (text: string): AccessCell[] => parseChannelTable(text, Object.keys(ACCESS_COLUMNS) as AccessColumn[]);

/** A client per column, signed in (the Sandwell administrator is created first). */
export async function accessClients(t: TestApp): Promise<Map<AccessColumn, Client>> {
  await extraAdmin(t, 'sandwell');
  return signInColumns(t, ACCESS_COLUMNS);
}

/** How many changes have been audited: a write that was allowed adds to it, a refused one never does. */
export async function auditedWrites(t: TestApp): Promise<number> {
  const [row] = await t.db.database.db.select({ n: sql<number>`count(*)` }).from(auditLog).where(sql`${auditLog.action} IN ('collection', 'alteration')`);
  return Number(row?.n ?? 0);
}

/** Checks one cell's response: its status (or the redirect to sign in), and that a POST changed something only when allowed. */
export async function expectCell(t: TestApp, cell: AccessCell, act: () => Promise<LightMyRequestResponse>): Promise<void> {
  const before = await auditedWrites(t);
  const res = await act();
  const label = `${cell.route} as ${cell.who}: ${res.body.slice(0, 300)}`;
  if (cell.expected === '→in') {
    expect(res.statusCode, label).toBe(303);
    expect(res.headers.location, label).toBe('/sign-in');
  } else {
    expect(res.statusCode, label).toBe(Number(cell.expected));
  }
  if (cell.route.startsWith('POST')) expect((await auditedWrites(t)) > before, `${label} (audited change)`).toBe(['200', '201', '204', '303'].includes(cell.expected));
}
