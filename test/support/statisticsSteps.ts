// Fixtures for the official statistics: referrals made through the real API (or the public form), assessed
// through the real gateway service, referred to Channel, adopted and consented through the Channel steps. Two
// things have no service yet and are written as fully valid rows, as documented here: the panel's decision
// (panel_decisions; the meetings slice records it in production) and a referral's submission time when a test
// needs one in an earlier quarter or year (submitted_at moved back; everything else as submitted).
import { randomUUID } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import { channelCases, panelDecisions, referrals } from '../../src/db/schema.js';
import { loadChannelCase } from '../../src/modules/channel/cases/channelCase.repository.js';
import { recordConsent } from '../../src/modules/channel/cases/supportRules.js';
import { londonDate } from '../../src/platform/dates.js';
import { adoptCase } from './channelSteps.js';
import { contextFor, gatewaySteps } from './gatewaySteps.js';
import { api, orgId, referralIdByName, submitPublicReferral, tokenFor, userId } from './referrals.js';
import { DEMO, type TestApp } from './testApp.js';

/** Where the person lives decides the force holding the referral. */
export const AREAS = { westMidlands: 'B1 1AA', met: 'SW1A 1AA', national: 'EH1 1AA' } as const;
export type Area = keyof typeof AREAS;

export interface ReferralSpec {
  /** The referring organisation's code; 'public' for the public form. */
  from: string;
  area: Area;
  /** Date of birth, or an approximate age, or neither. */
  dateOfBirth?: string;
  approximateAge?: number;
  gender: 'female' | 'male' | 'other' | 'not_known';
  ethnicity?: 'asian' | 'black' | 'mixed' | 'white' | 'other' | 'not_known';
  supportNeeds: string[];
  /** undefined: not assessed; []: judged no concern; codes: the judged types of concern. */
  concern?: string[];
  /** How far it went in Channel (West Midlands referrals only). */
  channel?: 'discussed' | 'adopted';
  consent?: 'given' | 'refused';
}

const OFFICER_OF: Record<Area, string> = { westMidlands: DEMO.wmOfficer, met: DEMO.metOfficer, national: DEMO.hubOfficer };

/** A date `years` years before today (UK), shifted by `days`: ages that fall exactly on a band's edge. */
export function bornYearsAgo(years: number, days = 0): string {
  const today = londonDate(new Date());
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y - years, m - 1, d + days));
  return date.toISOString().slice(0, 10);
}

export function statisticsSteps(t: TestApp) {
  const tokens = new Map<string, string>();
  const token = async (org: string) => {
    if (!tokens.has(org)) tokens.set(org, await tokenFor(t, org));
    return tokens.get(org)!;
  };
  let n = 0;

  async function submit(spec: ReferralSpec): Promise<string> {
    const givenName = `Stat${++n}${randomUUID().slice(0, 6)}`;
    if (spec.from === 'public') {
      // The public form asks the shared questions (questionForms): its person is male, born 14 March 2009, with mental health needs.
      await submitPublicReferral(t.client(), givenName, { postcode: AREAS[spec.area] });
      return referralIdByName(t, givenName);
    }
    const subject = {
      givenName,
      familyName: 'Statistics',
      gender: spec.gender,
      postcode: AREAS[spec.area],
      ...(spec.dateOfBirth ? { dateOfBirth: spec.dateOfBirth } : {}),
      ...(spec.approximateAge !== undefined ? { approximateAge: spec.approximateAge } : {}),
      ...(spec.ethnicity ? { ethnicity: spec.ethnicity } : {}),
    };
    const body = {
      subject,
      concern: { narrative: `Narrative about ${givenName}`, threatOfHarm: 'no', supportNeeds: spec.supportNeeds },
      awareness: { subjectAware: 'no', parentAware: 'yes' },
      professional: { name: 'A Referrer', role: 'Safeguarding lead', email: 'referrer@example.org', safeguardingLeadConsulted: 'not_applicable' },
    };
    const res = await api(t, await token(spec.from))('POST', '/api/v1/referrals', body);
    if (res.statusCode !== 201) throw new Error(`referral from ${spec.from}: ${res.statusCode} ${res.body}`);
    return (res.json() as { id: string }).id;
  }

  async function assess(id: string, area: Area, concernTypes: string[]) {
    const g = gatewaySteps(t, OFFICER_OF[area]);
    await g.assign(id);
    await g.gateway.recordJudgement(await contextFor(t, OFFICER_OF[area]), id, {
      concernPresent: concernTypes.length ? 'yes' : 'no',
      concernTypes,
      immediateRisk: 'no',
      rationale: 'Judgement for the statistics test',
    });
    return g;
  }

  /** The panel's decision as the meetings slice records it: a fully valid row. */
  async function panelDecision(channelCaseId: string, decision: 'adopt' | 'not_adopt') {
    await t.db.database.db.insert(panelDecisions).values({
      id: randomUUID(),
      channelCaseId,
      decision,
      method: 'unanimous',
      rationale: 'Decision for the statistics test',
      details: decision === 'not_adopt' ? { onwardReferral: 'none' } : {},
      decidedBy: await userId(t, DEMO.chair),
      recordedAt: new Date(),
    });
  }

  async function toChannel(id: string, spec: ReferralSpec, g: ReturnType<typeof gatewaySteps>) {
    await g.decide(id, {
      outcome: 'channel',
      localAuthorityId: await orgId(t, 'birmingham'),
      reasonableGrounds: 'Reasonable grounds to believe the person is vulnerable to being drawn into terrorism',
      rationale: 'Clear vulnerability',
      referrerOutcome: 'ongoing_support',
    });
    const [c] = await t.db.database.db.select({ id: channelCases.id }).from(channelCases).where(eq(channelCases.referralId, id)).orderBy(desc(channelCases.referredAt)).limit(1);
    if (!c) throw new Error('no Channel case was opened');
    if (spec.channel === 'discussed') return panelDecision(c.id, 'not_adopt');
    await panelDecision(c.id, 'adopt');
    await adoptCase(t, c.id);
    if (spec.consent) await consent(c.id, spec.consent);
  }

  async function consent(channelCaseId: string, status: 'given' | 'refused') {
    const chair = await contextFor(t, DEMO.chair);
    const today = londonDate(new Date());
    await t.db.database.db.transaction(async (tx) => {
      const loaded = (await loadChannelCase(tx, channelCaseId, (chair.actor as { userId: string }).userId, true))!;
      await recordConsent(tx, chair, loaded, {
        status,
        givenBy: 'parent_guardian',
        giverName: 'Parent Example',
        relationship: 'Parent',
        soughtHow: 'Home visit',
        soughtBy: 'Channel coordinator',
        soughtOn: today,
        decidedOn: today,
        purposes: 'Support under Channel',
      });
    });
  }

  /** Makes a referral as the spec says; returns its id. */
  async function referral(spec: ReferralSpec): Promise<string> {
    const id = await submit(spec);
    if (spec.concern === undefined) return id;
    const g = await assess(id, spec.area, spec.concern);
    if (spec.channel) await toChannel(id, spec, g);
    return id;
  }

  /** Moves a referral's submission back to a given instant (an earlier quarter or year). */
  async function receivedAt(id: string, at: Date) {
    await t.db.database.db.update(referrals).set({ submittedAt: at }).where(eq(referrals.id, id));
  }

  return { referral, receivedAt };
}
