// The official statistics, checked exactly on a small dataset with known counts: 24 referrals received this
// statistics year through the real API, public form, gateway and Channel steps (test/support/statisticsSteps.ts),
// plus 16 moved back to earlier quarters for the quarterly series. Every table is compared cell by cell,
// including primary suppression (1 to 4 shown as [c]) and secondary suppression (the next smallest count hidden
// where a total would reveal the only hidden one), the rounding of percentages, the notes, the page and the audit.
import { sql, TransactionRollbackError } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import { rowsOf } from '../../src/db/rows.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, policeForces } from '../../src/db/schema.js';
import { statisticsYear, yearOf } from '../../src/modules/statistics/definitions.js';
import { londonDate } from '../../src/platform/dates.js';
import { bornYearsAgo, statisticsSteps, type ReferralSpec } from '../support/statisticsSteps.js';
import { createTestApp, DEMO, type Client, type TestApp } from '../support/testApp.js';

type Cell = number | '[c]' | '[x]';
interface Table {
  id: string;
  title: string;
  columns: Array<{ heading: string; kind: string }>;
  rows: Array<{ label: string; values: Cell[] }>;
  total: { label: string; values: Cell[] } | null;
}
interface Publication {
  year: string;
  from: string;
  to: string;
  provisional: boolean;
  notes: string[];
  tables: Table[];
}

const C = '[c]' as const;
const X = '[x]' as const;
const born = (age: number) => bornYearsAgo(age, -30);

/**
 * The year's 24 referrals. Sector: Education 8, Health 6, Police 5, local authority 2, prison 1, probation 1,
 * public 1. Type of concern: Islamist 6 (5 discussed, 4 adopted), extreme right-wing 5 (1 discussed and adopted),
 * incel 1, more than one type 2 (1 discussed), no concern 5, not assessed 5.
 */
const YEAR: ReferralSpec[] = [
  /* 1 */ { from: 'northfield-academy', area: 'westMidlands', dateOfBirth: born(13), gender: 'male', ethnicity: 'asian', supportNeeds: ['mental_health'], concern: ['islamist'], channel: 'adopted', consent: 'given' },
  /* 2 */ { from: 'northfield-academy', area: 'westMidlands', dateOfBirth: born(14), gender: 'male', ethnicity: 'white', supportNeeds: ['mental_health'], concern: ['islamist'], channel: 'adopted', consent: 'given' },
  /* 3 */ { from: 'bsmhft', area: 'westMidlands', dateOfBirth: born(12), gender: 'female', ethnicity: 'white', supportNeeds: ['mental_health'], concern: ['islamist'], channel: 'adopted', consent: 'given' },
  /* 4: 16 today */ { from: 'west-midlands-police', area: 'westMidlands', dateOfBirth: bornYearsAgo(16), gender: 'male', ethnicity: 'asian', supportNeeds: ['mental_health'], concern: ['islamist'], channel: 'adopted', consent: 'refused' },
  /* 5: 18 today */ { from: 'west-midlands-police', area: 'westMidlands', dateOfBirth: bornYearsAgo(18), gender: 'male', ethnicity: 'white', supportNeeds: ['mental_health'], concern: ['islamist'], channel: 'discussed' },
  /* 6 */ { from: 'northfield-academy', area: 'westMidlands', dateOfBirth: born(15), gender: 'male', ethnicity: 'asian', supportNeeds: ['mental_health'], concern: ['islamist'] },
  /* 7 */ { from: 'bsmhft', area: 'westMidlands', dateOfBirth: born(19), gender: 'male', ethnicity: 'black', supportNeeds: ['mental_health'], concern: ['extreme_right_wing'], channel: 'adopted' },
  /* 8 */ { from: 'northfield-academy', area: 'met', dateOfBirth: born(11), gender: 'male', ethnicity: 'white', supportNeeds: ['mental_health'], concern: ['extreme_right_wing'] },
  /* 9 */ { from: 'northfield-academy', area: 'westMidlands', dateOfBirth: born(13), gender: 'female', ethnicity: 'white', supportNeeds: ['autism_or_neurodivergence'], concern: ['extreme_right_wing'] },
  /* 10 */ { from: 'bsmhft', area: 'westMidlands', dateOfBirth: born(17), gender: 'male', ethnicity: 'asian', supportNeeds: ['autism_or_neurodivergence'], concern: ['extreme_right_wing'] },
  /* 11 */ { from: 'west-midlands-police', area: 'westMidlands', dateOfBirth: born(20), gender: 'male', ethnicity: 'white', supportNeeds: ['autism_or_neurodivergence'], concern: ['extreme_right_wing'] },
  /* 12 */ { from: 'northfield-academy', area: 'westMidlands', dateOfBirth: born(14), gender: 'other', ethnicity: 'white', supportNeeds: ['autism_or_neurodivergence', 'learning_disability'], concern: ['incel'] },
  /* 13 */ { from: 'bsmhft', area: 'westMidlands', dateOfBirth: born(16), gender: 'male', ethnicity: 'black', supportNeeds: ['autism_or_neurodivergence'], concern: ['islamist', 'extreme_right_wing'], channel: 'discussed' },
  /* 14 */ { from: 'birmingham', area: 'westMidlands', dateOfBirth: born(18), gender: 'female', ethnicity: 'white', supportNeeds: ['mental_health', 'autism_or_neurodivergence'], concern: ['incel', 'other'] },
  /* 15 */ { from: 'northfield-academy', area: 'met', dateOfBirth: born(15), gender: 'male', ethnicity: 'asian', supportNeeds: ['mental_health', 'autism_or_neurodivergence'], concern: [] },
  /* 16 */ { from: 'bsmhft', area: 'met', dateOfBirth: born(16), gender: 'male', ethnicity: 'white', supportNeeds: ['autism_or_neurodivergence', 'mental_health'], concern: [] },
  /* 17 */ { from: 'west-midlands-police', area: 'westMidlands', dateOfBirth: born(19), gender: 'female', ethnicity: 'white', supportNeeds: [], concern: [] },
  /* 18 */ { from: 'birmingham', area: 'westMidlands', dateOfBirth: born(20), gender: 'male', ethnicity: 'asian', supportNeeds: ['physical_disability'], concern: [] },
  /* 19 */ { from: 'hmp-birmingham', area: 'westMidlands', dateOfBirth: born(11), gender: 'other', ethnicity: 'white', supportNeeds: [], concern: [] },
  /* 20 */ { from: 'probation-west-midlands', area: 'national', gender: 'male', supportNeeds: [] },
  /* 21: the public form's person: male, born 14 March 2009, mental health needs, no ethnic group */ { from: 'public', area: 'westMidlands', gender: 'male', supportNeeds: ['mental_health'] },
  /* 22 */ { from: 'west-midlands-police', area: 'met', dateOfBirth: born(17), gender: 'male', ethnicity: 'not_known', supportNeeds: [] },
  /* 23 */ { from: 'bsmhft', area: 'met', approximateAge: 19, gender: 'male', ethnicity: 'not_known', supportNeeds: [] },
  /* 24: 16 tomorrow */ { from: 'northfield-academy', area: 'westMidlands', dateOfBirth: bornYearsAgo(16, 1), gender: 'female', ethnicity: 'white', supportNeeds: [] },
];

const OLDER: ReferralSpec = { from: 'bsmhft', area: 'westMidlands', dateOfBirth: '2000-01-01', gender: 'male', supportNeeds: [] };

let t: TestApp;
let oversight: Client;
let publication: Publication;
const today = londonDate(new Date());
const year = yearOf(today);
const quarterOfToday = (() => {
  const m = Number(today.slice(5, 7));
  return m >= 4 ? Math.floor((m - 4) / 3) : 3;
})();

beforeAll(async () => {
  t = await createTestApp();
  const steps = statisticsSteps(t);
  for (const spec of YEAR) await steps.referral(spec);
  // Earlier years, for the quarterly series (submission moved back: see statisticsSteps).
  const earlier: Array<[number, string]> = [
    ...Array.from({ length: 6 }, () => [year.start - 1, '-06-15T11:00:00Z'] as [number, string]),
    ...Array.from({ length: 7 }, () => [year.start - 2, '-05-10T11:00:00Z'] as [number, string]),
    ...Array.from({ length: 2 }, () => [year.start - 2, '-08-20T11:00:00Z'] as [number, string]),
    [year.start - 4 + 1, '-01-10T11:00:00Z'],
  ];
  for (const [y, rest] of earlier) await steps.receivedAt(await steps.referral(OLDER), new Date(`${y}${rest}`));
  oversight = await t.signIn(DEMO.oversight);
  const res = await oversight.get(`/api/v1/statistics?year=${year.code}`);
  expect(res.statusCode).toBe(200);
  publication = res.json() as Publication;
}, 300_000);
afterAll(() => t?.close());

const table = (id: string) => {
  const found = publication.tables.find((x) => x.id === id);
  if (!found) throw new Error(`no table ${id}`);
  return found;
};
/** A table as { row label: values }, with the total under "Total". */
const cells = (id: string) => {
  const x = table(id);
  return Object.fromEntries([...x.rows, ...(x.total ? [x.total] : [])].map((r) => [r.label, r.values]));
};

describe('official statistics of a year', () => {
  it('covers April to March of the year asked for, provisional while it runs, with its rules stated', () => {
    expect(publication).toMatchObject({ year: year.code, from: `${year.start}-04-01`, to: `${year.start + 1}-03-31`, provisional: true });
    const notes = publication.notes.join('\n');
    expect(notes).toContain('counts from 1 to 4 are shown as [c]');
    expect(notes).toContain('Totals are always shown');
    expect(notes).toContain('Percentages are rounded to whole numbers');
    expect(notes).toContain('Every referral received is counted once');
  });

  it('counts the journey: referred, discussed at panel, adopted (totals, always shown)', () => {
    expect(cells('journey')).toEqual({ Referred: [24, 100], 'Discussed at a Channel panel': [7, 29], 'Adopted as a Channel case': [5, 21] });
  });

  it('counts referrals by sector, hiding the four small sectors', () => {
    expect(cells('sector')).toEqual({
      Education: [8, 33],
      Police: [5, 21],
      'Local authority': [C, C],
      Health: [6, 25],
      Prisons: [C, C],
      Probation: [C, C],
      'Community, friends and family': [C, C],
      Other: [0, 0],
      Total: [24, 100],
    });
  });

  it('counts referrals by age band at referral (birthdays today and tomorrow, approximate age), with secondary suppression', () => {
    // Not known (1) is hidden; the column's only other hidden count would give it away, so 16 to 17 (6) is hidden too.
    expect(cells('age')).toEqual({
      '10 and under': [0, 0],
      '11 to 15': [10, 42],
      '16 to 17': [C, C],
      '18 to 20': [7, 29],
      '21 to 30': [0, 0],
      '31 to 40': [0, 0],
      '41 to 50': [0, 0],
      '51 and over': [0, 0],
      'Not known': [C, C],
      Total: [24, 100],
    });
  });

  it('counts referrals by gender: another gender (2) hidden, and female (5) hidden with it', () => {
    expect(cells('gender')).toEqual({ Female: [C, C], Male: [17, 71], 'Another gender': [C, C], 'Not known': [0, 0], Total: [24, 100] });
  });

  it('counts referrals by ethnic group, the public form’s referral without one as Not known', () => {
    expect(cells('ethnicity')).toEqual({
      'Asian, Asian British or Asian Welsh': [6, 25],
      'Black, Black British, Black Welsh, Caribbean or African': [C, C],
      'Mixed or multiple ethnic groups': [0, 0],
      White: [12, 50],
      'Other ethnic group': [0, 0],
      'Not known': [C, C],
      Total: [24, 100],
    });
  });

  it('counts referrals by mental health needs and neurodivergence, rows not overlapping', () => {
    expect(cells('needs')).toEqual({
      'Mental health needs only': [9, 38],
      'Autism or other neurodivergence only': [C, C],
      'Both mental health needs and neurodivergence': [C, C],
      'Neither recorded': [7, 29],
      Total: [24, 100],
    });
  });

  it('counts referrals, discussions and adoptions by type of concern, hiding adoption rates worked out from hidden counts', () => {
    expect(table('concern').columns.map((c) => c.heading)).toEqual(['Referrals', '% of referrals', 'Discussed at panel', 'Adopted', 'Adopted as % of referrals']);
    expect(cells('concern')).toEqual({
      Islamist: [6, 25, 5, C, C],
      'Extreme right-wing': [5, 21, C, C, C],
      'Left-wing, anarchist or single issue': [0, 0, 0, 0, X],
      Incel: [C, C, 0, 0, C],
      'School massacre': [0, 0, 0, 0, X],
      'High counter-terrorism risk but no ideology': [0, 0, 0, 0, X],
      'No ideology identified': [0, 0, 0, 0, X],
      'No ideology – other susceptibility': [0, 0, 0, 0, X],
      'Multiple ideologies, none dominant': [0, 0, 0, 0, X],
      Other: [0, 0, 0, 0, X],
      'More than one type recorded': [C, C, C, 0, C],
      'No radicalisation concern identified': [5, 21, 0, 0, 0],
      'Not assessed yet': [5, 21, 0, 0, 0],
      Total: [24, 100, 7, 5, 21],
    });
  });

  it('counts referrals by region and police force area of the holding force, the national hub without one', async () => {
    const forces = await t.db.database.db.select().from(policeForces);
    const regions = [...new Set(forces.map((f) => f.region))];
    const region = cells('region');
    expect(Object.keys(region).sort()).toEqual([...regions, 'National (no force area)', 'Total'].sort());
    expect(region['West Midlands']).toEqual([18, 75]);
    // National (1) is hidden, and London (5) with it.
    expect(region.London).toEqual([C, C]);
    expect(region['National (no force area)']).toEqual([C, C]);
    expect(region.Total).toEqual([24, 100]);
    for (const r of regions.filter((x) => x !== 'West Midlands' && x !== 'London')) expect(region[r], r).toEqual([0, 0]);

    const force = cells('force');
    expect(Object.keys(force)).toHaveLength(forces.length + 2);
    expect(force['West Midlands Police']).toEqual([18, 75]);
    expect(force['Metropolitan Police Service']).toEqual([C, C]);
    expect(force['National (no force area)']).toEqual([C, C]);
    expect(force.Total).toEqual([24, 100]);
    for (const f of forces.filter((x) => x.code !== 'west-midlands' && x.code !== 'met')) expect(force[f.name], f.name).toEqual([0, 0]);
  });

  it('counts adopted referrals by consent: given (3), refused (1), not recorded (1), all hidden', () => {
    expect(cells('consent')).toEqual({ 'Consent given': [C, C], 'Consent refused': [C, C], 'Not recorded': [C, C], Total: [5, 100] });
  });

  it('gives the quarterly series for the year and the four before, hiding along each year', () => {
    const labels = Array.from({ length: 5 }, (_, i) => statisticsYear(year.start - 4 + i).label);
    const zeros = [0, 0, 0, 0, 0];
    const thisYear = (n: number) => [0, 0, 0, 0].map((_, q) => (q === quarterOfToday ? n : 0)).concat([n]);
    expect(table('quarterly_referrals').columns.map((c) => c.heading)).toEqual(['Q1 (Apr to Jun)', 'Q2 (Jul to Sep)', 'Q3 (Oct to Dec)', 'Q4 (Jan to Mar)', 'Year total']);
    expect(cells('quarterly_referrals')).toEqual({
      // One referral in January: hidden, and (only zeros left) the first quarter with it; the year's total is shown.
      [labels[0]!]: [C, 0, 0, C, 1],
      [labels[1]!]: zeros,
      // 7 in Q1 and 2 in Q2: Q2 hidden, and Q1 with it.
      [labels[2]!]: [C, C, 0, 0, 9],
      [labels[3]!]: [6, 0, 0, 0, 6],
      [labels[4]!]: thisYear(24),
    });
    expect(cells('quarterly_discussed')).toEqual({ [labels[0]!]: zeros, [labels[1]!]: zeros, [labels[2]!]: zeros, [labels[3]!]: zeros, [labels[4]!]: thisYear(7) });
    expect(cells('quarterly_adopted')).toEqual({ [labels[0]!]: zeros, [labels[1]!]: zeros, [labels[2]!]: zeros, [labels[3]!]: zeros, [labels[4]!]: thisYear(5) });
  });

  it('reads referral_statistics, which the triggers kept exactly as describing every referral afresh gives, by referral or in one pass', async () => {
    const db = t.db.database.db;
    const snapshot = async () => rowsOf<Record<string, unknown>>(await db.execute(sql`SELECT * FROM referral_statistics ORDER BY referral_id`));
    const kept = await snapshot();
    expect(kept.length).toBe(rowsOf<{ n: number }>(await db.execute(sql`SELECT count(*)::int AS n FROM referrals`))[0]!.n);
    await db.execute(sql`TRUNCATE referral_statistics`);
    await db.execute(sql`SELECT referral_statistics_describe(ARRAY(SELECT id FROM referrals))`);
    await db.execute(sql`SELECT referral_statistics_outcomes(ARRAY(SELECT id FROM referrals))`);
    expect(await snapshot()).toEqual(kept);
    // The bulk load's way: every row in one pass.
    await db.execute(sql`TRUNCATE referral_statistics`);
    await db.execute(sql`SELECT referral_statistics_rebuild()`);
    expect(await snapshot()).toEqual(kept);
  });

  it('works out in one pass what the triggers keep for a referral with several judgements, consents and Channel cases', async () => {
    const db = t.db.database.db;
    const snapshot = async (tx: Db) => rowsOf<Record<string, unknown>>(await tx.execute(sql`SELECT * FROM referral_statistics ORDER BY referral_id`));
    let kept: unknown[] = [];
    let rebuilt: unknown[] = [];
    // Inside a transaction rolled back, so the figures the other tests read stay as they were.
    await db
      .transaction(async (tx) => {
        // A later judgement of another type of concern.
        await tx.execute(sql`INSERT INTO threshold_judgements (id, referral_id, concern_present, concern_types, immediate_risk, rationale, recorded_by, recorded_at)
          SELECT gen_random_uuid(), referral_id, concern_present, ARRAY['incel'], immediate_risk, rationale, recorded_by, recorded_at + interval '1 day'
          FROM threshold_judgements WHERE concern_types = ARRAY['islamist'] ORDER BY recorded_at LIMIT 1`);
        // Consent given, then refused on the same case.
        await tx.execute(sql`INSERT INTO consents (id, channel_case_id, status, given_by, giver_name, sought_how, sought_by, sought_on, decided_on, purposes, recorded_by, recorded_at)
          SELECT gen_random_uuid(), g.channel_case_id, r.status, r.given_by, r.giver_name, r.sought_how, r.sought_by, r.sought_on, r.decided_on, r.purposes, r.recorded_by, g.recorded_at + interval '1 day'
          FROM consents g, consents r WHERE g.status = 'given' AND r.status = 'refused' ORDER BY g.recorded_at LIMIT 1`);
        // A case discussed but not adopted, then transferred and adopted by the receiving area without a decision there.
        await tx.execute(sql`INSERT INTO channel_cases (id, referral_id, local_authority_id, police_org_id, state, referred_at, referred_via, previous_case_id, adopted_at)
          SELECT gen_random_uuid(), c.referral_id, c.local_authority_id, c.police_org_id, 'adopted', c.referred_at + interval '1 day', 'transfer', c.id, c.referred_at + interval '2 days'
          FROM channel_cases c WHERE c.adopted_at IS NULL AND EXISTS (SELECT 1 FROM panel_decisions d WHERE d.channel_case_id = c.id)
            AND NOT EXISTS (SELECT 1 FROM panel_decisions d WHERE d.channel_case_id = c.id AND d.decision = 'adopt') ORDER BY c.referred_at LIMIT 1`);
        // A referral never at panel with a case adopted (as a transfer is), so discussed by its adoption alone.
        await tx.execute(sql`INSERT INTO channel_cases (id, referral_id, local_authority_id, police_org_id, state, referred_at, referred_via, adopted_at)
          SELECT gen_random_uuid(), r.id, c.local_authority_id, c.police_org_id, 'adopted', r.submitted_at, 'transfer', r.submitted_at + interval '1 day'
          FROM referrals r, (SELECT * FROM channel_cases ORDER BY referred_at LIMIT 1) c
          WHERE NOT EXISTS (SELECT 1 FROM channel_cases x WHERE x.referral_id = r.id) ORDER BY r.submitted_at LIMIT 1`);
        kept = await snapshot(tx);
        await tx.execute(sql`TRUNCATE referral_statistics`);
        await tx.execute(sql`SELECT referral_statistics_rebuild()`);
        rebuilt = await snapshot(tx);
        tx.rollback();
      })
      .catch((e: unknown) => {
        if (!(e instanceof TransactionRollbackError)) throw e;
      });
    const outcomes = (rows: unknown[]) => (rows as Array<Record<string, unknown>>).map((r) => [r.concern_types, r.discussed, r.adopted, r.consent]);
    const was = outcomes(await snapshot(db));
    const differences = outcomes(kept).flatMap((now, i) => (JSON.stringify(now) === JSON.stringify(was[i]) ? [] : [{ was: was[i], now }]));
    // [types of concern, discussed, adopted, consent]: the changes above, as the triggers kept them.
    expect(differences).toHaveLength(3);
    expect(differences).toEqual(
      expect.arrayContaining([
        { was: [['islamist'], true, true, 'given'], now: [['incel'], true, true, 'refused'] },
        { was: [['islamist'], true, false, null], now: [['islamist'], true, true, null] },
        { was: [null, false, false, null], now: [null, true, true, null] },
      ]),
    );
    expect(rebuilt).toEqual(kept);
  });

  it('counts an earlier year on its own: 2 years back has the 9 referrals moved there', async () => {
    const earlier = statisticsYear(year.start - 2);
    const res = await oversight.get(`/api/v1/statistics?year=${earlier.code}`);
    expect(res.statusCode).toBe(200);
    const p = res.json() as Publication;
    expect(p.provisional).toBe(false);
    expect(p.tables.find((x) => x.id === 'journey')!.rows[0]!.values).toEqual([9, 100]);
  });

  it('audits each reading as a consultation of aggregate statistics, naming no person', async () => {
    const rows = await t.db.database.db.select().from(auditLog).where(sql`${auditLog.recordType} = 'statistics'`);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows[0]).toMatchObject({ action: 'consultation', event: 'statistics.viewed', recordIds: [year.code] });
  });

  it('refuses a year that is not one (422 with the field), or one not yet started', async () => {
    for (const bad of ['2024', '2024-26', '2014-15', `${year.start + 1}-${String((year.start + 2) % 100).padStart(2, '0')}`]) {
      const res = await oversight.get(`/api/v1/statistics?year=${bad}`);
      expect(res.statusCode, bad).toBe(422);
      expect(res.json().errors[0]).toMatchObject({ field: 'year' });
    }
    const page = await oversight.get('/statistics?year=nonsense');
    expect(page.statusCode).toBe(422);
    expect(page.body).toContain('govuk-error-summary');
    expect(page.body).toContain('href="#year"');
  });

  it('describes the API in the OpenAPI document', async () => {
    const doc = (await t.client().get('/api/openapi.json')).json() as { paths: Record<string, { get?: { parameters?: Array<{ name: string }>; responses: Record<string, unknown> } }> };
    const op = doc.paths['/api/v1/statistics']?.get;
    expect(op?.parameters?.map((p) => p.name)).toEqual(['year']);
    expect(Object.keys(op?.responses ?? {}).sort()).toEqual(['200', '401', '403', '422']);
  });

  it('shows the page with the tables, the charts and the rules, and the current year by default', async () => {
    const res = await oversight.get('/statistics');
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain(`Official statistics ${year.label}`);
    expect(html).toContain('class="govuk-table"');
    expect(html.match(/<svg [^>]*role="img"/g)).toHaveLength(2);
    expect(html).toContain('<title id="chart-journey-title">');
    expect(html).toContain('<desc id="chart-journey-desc">Bar chart. Referred: 24; Discussed at panel: 7; Adopted: 5.</desc>');
    expect(html).toContain('Counts from 1 to 4 are shown as [c]');
    // Nothing about a person reaches the page.
    expect(html).not.toMatch(/Stat\d+/);
  });
});
