// Channel meeting fixtures for tests: scheduling a Birmingham panel meeting, building its agenda, publishing the
// pack and recording attendance through the real JSON API as the demo chair, so each step is checked and
// audited as in production; plus co-opting a member for one case (the panels slice's job, done here directly).
import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { channelPanels, panelMeetings, panelMembers } from '../../src/db/schema.js';
import { addDays, londonDate } from '../../src/platform/dates.js';
import { json } from './sessionClient.js';
import { userId } from './referrals.js';
import type { Client, TestApp } from './testApp.js';

export const BIRMINGHAM_PANEL = 'Birmingham Channel Panel';

export async function panelId(t: TestApp, name = BIRMINGHAM_PANEL): Promise<string> {
  const [p] = await t.db.database.db.select({ id: channelPanels.id }).from(channelPanels).where(eq(channelPanels.name, name));
  if (!p) throw new Error(`no panel ${name}`);
  return p.id;
}

/** The current standing membership of a demo user (by email) or of a member without an account (by name). */
export async function memberId(t: TestApp, who: { email: string } | { name: string }, panel = BIRMINGHAM_PANEL): Promise<string> {
  const byWho = 'email' in who ? eq(panelMembers.userId, await userId(t, who.email)) : eq(panelMembers.name, who.name);
  const [m] = await t.db.database.db
    .select({ id: panelMembers.id })
    .from(panelMembers)
    .where(and(eq(panelMembers.panelId, await panelId(t, panel)), byWho, isNull(panelMembers.channelCaseId), isNull(panelMembers.endedOn)));
  if (!m) throw new Error(`no member ${JSON.stringify(who)}`);
  return m.id;
}

/** Co-opts a user onto the panel for one case (s.37(4)); returns the membership id. */
export async function coOpt(t: TestApp, channelCaseId: string, email: string, org: { id: string; name: string }, panel = BIRMINGHAM_PANEL): Promise<string> {
  const id = randomUUID();
  await t.db.database.db.insert(panelMembers).values({
    id,
    panelId: await panelId(t, panel),
    userId: await userId(t, email),
    name: `Co-opted ${email}`,
    organisationId: org.id,
    organisationName: org.name,
    agency: 'probation',
    role: 'Offender manager',
    channelCaseId,
    startedOn: londonDate(new Date()),
  });
  return id;
}

export async function meetingVersion(t: TestApp, id: string): Promise<number> {
  const [m] = await t.db.database.db.select({ v: panelMeetings.version }).from(panelMeetings).where(eq(panelMeetings.id, id));
  if (!m) throw new Error(`no meeting ${id}`);
  return m.v;
}

/** A meeting driven through the API by a signed-in chair client. */
export function meetingSteps(t: TestApp, chair: Client) {
  const ok = (what: string, res: { statusCode: number; body: string }, status: number) => {
    if (res.statusCode !== status) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
    return JSON.parse(res.body) as Record<string, unknown>;
  };

  async function schedule(opts: { daysAhead?: number; time?: string; location?: string } = {}): Promise<string> {
    const res = await json(chair, 'POST', '/api/v1/channel/meetings', {
      panelId: await panelId(t),
      date: addDays(londonDate(new Date()), opts.daysAhead ?? 7),
      time: opts.time ?? '10:00',
      location: opts.location ?? 'Council House, Committee Room 2',
    });
    return ok('schedule', res, 201).id as string;
  }

  async function addItem(meetingId: string, channelCaseId: string): Promise<string> {
    const res = await json(chair, 'POST', `/api/v1/channel/meetings/${meetingId}/agenda`, { channelCaseId, version: await meetingVersion(t, meetingId) });
    return ok('add item', res, 201).itemId as string;
  }

  async function publish(meetingId: string): Promise<void> {
    ok('publish', await json(chair, 'POST', `/api/v1/channel/meetings/${meetingId}/publication`, { version: await meetingVersion(t, meetingId) }), 200);
  }

  async function attend(meetingId: string, memberIds: string[]): Promise<void> {
    const res = await json(chair, 'POST', `/api/v1/channel/meetings/${meetingId}/attendance`, { attendees: memberIds.map((memberId) => ({ memberId, canDecide: true })), version: await meetingVersion(t, meetingId) });
    ok('attendance', res, 200);
  }

  /** A meeting with these cases on the agenda and its pack published; the item ids in the same order. */
  async function published(caseIds: string[], opts: { daysAhead?: number } = {}): Promise<{ meetingId: string; itemIds: string[] }> {
    const meetingId = await schedule(opts);
    const itemIds: string[] = [];
    for (const c of caseIds) itemIds.push(await addItem(meetingId, c));
    await publish(meetingId);
    return { meetingId, itemIds };
  }

  return { schedule, addItem, publish, attend, published };
}
