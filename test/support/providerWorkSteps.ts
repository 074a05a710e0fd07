// Fixtures for tests of a provider's own work: a person referred, adopted and supported by named providers
// (through the shared Channel steps), the intervention's current version, and the provider's forms as posted.
import { and, eq, inArray } from 'drizzle-orm';
import { auditLog, interventions, notifications } from '../../src/db/schema.js';
import { adoptCase, consentAndSupport, DEMO_PROVIDERS, referToChannel } from './channelSteps.js';
import type { TestApp } from './testApp.js';

export interface SupportedCase {
  referralId: string;
  channelCaseId: string;
  /** In the order of the providers given. */
  interventionIds: string[];
}

/** A person referred to Birmingham's panel, adopted, with consent and an intervention by each provider named. */
export async function supportedCase(t: TestApp, givenName: string, providers: string[] = [DEMO_PROVIDERS.pathways]): Promise<SupportedCase> {
  const { referralId, channelCaseId } = await referToChannel(t, givenName);
  await adoptCase(t, channelCaseId);
  const { interventionIds } = await consentAndSupport(t, channelCaseId, providers);
  return { referralId, channelCaseId, interventionIds };
}

export async function interventionRow(t: TestApp, id: string) {
  const [row] = await t.db.database.db.select().from(interventions).where(eq(interventions.id, id));
  if (!row) throw new Error(`no intervention ${id}`);
  return row;
}

export const interventionVersion = async (t: TestApp, id: string): Promise<number> => (await interventionRow(t, id)).version;

/** A GOV.UK date input's three boxes for an ISO date. */
export function dateFields(name: string, iso: string): Record<string, string> {
  const [year, month, day] = iso.split('-') as [string, string, string];
  return { [`${name}-day`]: String(Number(day)), [`${name}-month`]: String(Number(month)), [`${name}-year`]: year };
}

/** The session form as posted, for an attended, engaged session on `heldOn` at the intervention's version. */
export async function sessionForm(t: TestApp, id: string, heldOn: string, extra: Record<string, string> = {}): Promise<Record<string, string>> {
  return { ...dateFields('heldOn', heldOn), attended: 'yes', engagement: 'engaged', notes: 'Talked about college plans', version: String(await interventionVersion(t, id)), ...extra };
}

export async function endForm(t: TestApp, id: string, endedOn: string, extra: Record<string, string> = {}): Promise<Record<string, string>> {
  return { ...dateFields('endedOn', endedOn), endReport: 'Met the goal: now attending college and mentoring has ended', version: String(await interventionVersion(t, id)), ...extra };
}

export async function withdrawalForm(t: TestApp, id: string, withdrawnOn: string): Promise<Record<string, string>> {
  return { ...dateFields('withdrawnOn', withdrawnOn), notes: 'Told me at the start of the session', version: String(await interventionVersion(t, id)) };
}

/** The notifications of one kind about a referral, by recipient user id. */
export async function notificationsAbout(t: TestApp, referralId: string, kind: string) {
  return t.db.database.db.select().from(notifications).where(and(eq(notifications.referralId, referralId), eq(notifications.kind, kind)));
}

/** Audit entries with one of the events, newest last. */
export async function auditEvents(t: TestApp, events: string[]) {
  return t.db.database.db.select().from(auditLog).where(inArray(auditLog.event, events)).orderBy(auditLog.occurredAt);
}
