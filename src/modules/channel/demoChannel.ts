// Demo Channel set-up: Birmingham's panel with standing members from the police, education and health, a
// Sandwell panel with its own member, and three Intervention Providers (two approved with accounts, one whose
// approval has expired), so the Channel pages can be explored at once. Called by the demo seed only.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.js';
import { channelPanelAuthorities, channelPanels, interventionProviders, panelMembers } from '../../db/schema.js';
import { addDays, londonDate } from '../../platform/dates.js';

export async function seedDemoChannel(tx: Db, orgIds: ReadonlyMap<string, string>, userIds: ReadonlyMap<string, string>): Promise<void> {
  const org = (code: string) => orgIds.get(code)!;
  const today = londonDate(new Date());
  const birmingham = randomUUID();
  const sandwell = randomUUID();
  await tx.insert(channelPanels).values([
    { id: birmingham, name: 'Birmingham Channel Panel', chairOrgId: org('birmingham') },
    { id: sandwell, name: 'Sandwell Channel Panel', chairOrgId: org('sandwell') },
  ]);
  await tx.insert(channelPanelAuthorities).values([
    { localAuthorityId: org('birmingham'), panelId: birmingham },
    { localAuthorityId: org('sandwell'), panelId: sandwell },
  ]);
  const member = (panelId: string, email: string | null, name: string, orgCode: string, organisationName: string, agency: string, role: string) => ({
    id: randomUUID(),
    panelId,
    userId: email ? userIds.get(email)! : null,
    name,
    organisationId: org(orgCode),
    organisationName,
    agency,
    role,
    canDecide: true,
    startedOn: today,
  });
  await tx.insert(panelMembers).values([
    member(birmingham, 'chair@birmingham.example', 'Helen Clarke', 'birmingham', 'Birmingham City Council', 'local_authority', 'Channel chair'),
    member(birmingham, 'officer@westmidlands.example', 'Daniel Hughes', 'west-midlands-police', 'West Midlands Police', 'police', 'Prevent officer'),
    member(birmingham, 'dsl@northfield.example', 'Rachel Evans', 'northfield-academy', 'Northfield Academy', 'education', 'Designated safeguarding lead'),
    member(birmingham, 'referrer@nhs.example', 'Tom Fletcher', 'bsmhft', 'Birmingham and Solihull Mental Health NHS Foundation Trust', 'mental_health', 'Prevent lead'),
    member(birmingham, null, 'Sam Patel', 'birmingham', 'Birmingham Children’s Trust', 'childrens_social_care', 'Team manager'),
    member(sandwell, 'panel@sandwell.example', 'Imran Hussain', 'sandwell', 'Sandwell Metropolitan Borough Council', 'local_authority', 'Channel coordinator'),
    member(sandwell, null, 'Gemma Price', 'west-midlands-police', 'West Midlands Police', 'police', 'Prevent officer'),
  ]);
  await tx.insert(interventionProviders).values([
    {
      id: randomUUID(),
      name: 'Pathways Mentoring CIC',
      kind: 'organisation',
      organisationId: org('pathways-mentoring'),
      contact: 'referrals@pathways.example, 0121 496 0000',
      approvalStatus: 'approved',
      approvedOn: addDays(today, -200),
      approvalExpiresOn: addDays(today, 530),
      specialisms: ['ideological_theological_mentoring', 'practical_mentoring', 'online_safety'],
      languages: ['English', 'Urdu', 'Arabic'],
    },
    {
      id: randomUUID(),
      name: 'Bridges Family Support',
      kind: 'organisation',
      organisationId: org('bridges-family-support'),
      contact: 'hello@bridges.example, 0121 496 0001',
      approvalStatus: 'approved',
      approvedOn: addDays(today, -100),
      approvalExpiresOn: addDays(today, 630),
      specialisms: ['family_support', 'education_training_employment', 'diversionary'],
      languages: ['English', 'Polish'],
    },
    {
      id: randomUUID(),
      name: 'J. Morgan (independent mentor)',
      kind: 'individual',
      organisationId: null,
      contact: 'j.morgan@mentor.example',
      approvalStatus: 'approved',
      approvedOn: addDays(today, -800),
      approvalExpiresOn: addDays(today, -35),
      specialisms: ['ideological_theological_mentoring'],
      languages: ['English'],
    },
  ]);
}
