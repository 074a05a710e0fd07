// SQL for the official statistics: set-based counts over the referrals received in a period, each referral
// described once (sector, age band, gender, ethnicity, needs, type of concern, area, Channel outcome, consent)
// and counted with GROUPING SETS in a single pass. Nothing here returns a row about a person: only counts and
// reference data. The period is a range on referrals.submitted_at, bounded by UK midnights.
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { AGE_BANDS, AGE_NOT_KNOWN, SECTOR_OF_KIND } from './definitions.js';

const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

/** The instant a UK date begins. */
const ukMidnight = (isoDate: string): SQL => sql`(${isoDate}::timestamp AT TIME ZONE 'Europe/London')`;

const sectorSql = sql`CASE WHEN r.referrer_org_id IS NULL THEN 'community' ELSE CASE ro.kind ${sql.join(
  Object.entries(SECTOR_OF_KIND).map(([kind, sector]) => sql`WHEN ${kind}::text THEN ${sector}::text`),
  sql` `,
)} ELSE 'other' END END`;

/** Age at referral: from the date of birth on the UK date of submission, else the approximate age given. */
const ageSql = sql`COALESCE(extract(year FROM age((r.submitted_at AT TIME ZONE 'Europe/London')::date, r.subject_date_of_birth))::int, r.subject_approx_age)`;
const ageBandSql = sql`CASE WHEN r.age IS NULL OR r.age < 0 THEN ${AGE_NOT_KNOWN.code}::text ${sql.join(
  AGE_BANDS.map((b) => (b.max === null ? sql`ELSE ${b.code}::text` : sql`WHEN r.age <= ${sql.raw(String(b.max))} THEN ${b.code}::text`)),
  sql` `,
)} END`;

const needs = (code: string) => sql`COALESCE(r.submission -> 'concern' -> 'supportNeeds' @> ${JSON.stringify([code])}::jsonb, false)`;
const needsSql = sql`CASE WHEN ${needs('mental_health')} AND ${needs('autism_or_neurodivergence')} THEN 'both'
  WHEN ${needs('mental_health')} THEN 'mental_health' WHEN ${needs('autism_or_neurodivergence')} THEN 'neurodivergence' ELSE 'neither' END`;

/** Per referral of `received` with a Channel case: discussed at panel, adopted (over all its cases, transfers included). */
const channelOutcome = sql`
  SELECT c.referral_id,
    bool_or(c.adopted_at IS NOT NULL OR EXISTS (SELECT 1 FROM panel_decisions d WHERE d.channel_case_id = c.id)) AS discussed,
    bool_or(c.adopted_at IS NOT NULL OR EXISTS (SELECT 1 FROM panel_decisions d WHERE d.channel_case_id = c.id AND d.decision = 'adopt')) AS adopted
  FROM channel_cases c JOIN received ON received.id = c.referral_id
  GROUP BY c.referral_id`;

/**
 * One row per referral received in [from, to): its statistical attributes. Type of concern is the latest threshold
 * judgement's (several types count once, as "more than one"); discussed means a Channel case of the referral has a
 * panel decision or was adopted; adopted means one was adopted (a panel decision 'adopt' or the case's adoption);
 * consent is the latest consent recorded on the referral's Channel cases.
 */
function referralFacts(from: string, to: string): SQL {
  return sql`
    received AS (
      SELECT r.id, r.submitted_at, r.referrer_org_id, r.owning_org_id, r.submission, ${ageSql} AS age
      FROM referrals r
      WHERE r.submitted_at >= ${ukMidnight(from)} AND r.submitted_at < ${ukMidnight(to)}
    ),
    judged AS (
      SELECT DISTINCT ON (j.referral_id) j.referral_id, j.concern_types
      FROM threshold_judgements j JOIN received ON received.id = j.referral_id
      ORDER BY j.referral_id, j.recorded_at DESC, j.id DESC
    ),
    channel AS (${channelOutcome}),
    consented AS (
      SELECT DISTINCT ON (c.referral_id) c.referral_id, k.status
      FROM consents k JOIN channel_cases c ON c.id = k.channel_case_id JOIN received ON received.id = c.referral_id
      ORDER BY c.referral_id, k.recorded_at DESC, k.id DESC
    ),
    facts AS (
      SELECT r.submitted_at,
        ${sectorSql} AS sector,
        ${ageBandSql} AS age_band,
        COALESCE(r.submission -> 'subject' ->> 'gender', 'not_known') AS gender,
        COALESCE(r.submission -> 'subject' ->> 'ethnicity', 'not_known') AS ethnicity,
        ${needsSql} AS needs,
        CASE WHEN j.referral_id IS NULL THEN '_not_assessed' WHEN cardinality(j.concern_types) = 0 THEN '_no_concern'
          WHEN cardinality(j.concern_types) > 1 THEN '_several' ELSE j.concern_types[1] END AS concern,
        COALESCE(pf.region, '_national') AS region,
        COALESCE(pf.code, '_national') AS force,
        COALESCE(ch.discussed, false) AS discussed,
        COALESCE(ch.adopted, false) AS adopted,
        CASE WHEN COALESCE(ch.adopted, false) THEN COALESCE(k.status, 'not_recorded') END AS consent
      FROM received r
      LEFT JOIN organisations ro ON ro.id = r.referrer_org_id
      JOIN organisations ho ON ho.id = r.owning_org_id
      LEFT JOIN police_forces pf ON pf.code = ho.force_code
      LEFT JOIN judged j ON j.referral_id = r.id
      LEFT JOIN channel ch ON ch.referral_id = r.id
      LEFT JOIN consented k ON k.referral_id = r.id
    )`;
}

/** The lighter form for the quarterly series: when each referral arrived and how far it went, nothing else. */
function outcomeFacts(from: string, to: string): SQL {
  return sql`
    received AS (
      SELECT r.id, r.submitted_at FROM referrals r
      WHERE r.submitted_at >= ${ukMidnight(from)} AND r.submitted_at < ${ukMidnight(to)}
    ),
    channel AS (${channelOutcome}),
    facts AS (
      SELECT r.submitted_at, COALESCE(ch.discussed, false) AS discussed, COALESCE(ch.adopted, false) AS adopted
      FROM received r LEFT JOIN channel ch ON ch.referral_id = r.id
    )`;
}

export const DIMENSIONS = ['sector', 'age_band', 'gender', 'ethnicity', 'needs', 'concern', 'region', 'force', 'consent'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface Counts {
  referrals: number;
  discussed: number;
  adopted: number;
}
export interface DimensionCount extends Counts {
  /** null for the grand total. */
  dimension: Dimension | null;
  key: string | null;
}

/** Counts of referrals, discussed and adopted by every dimension, and overall, for referrals received in [from, to). */
export async function countsByDimension(db: Db, from: string, to: string): Promise<DimensionCount[]> {
  const sets = DIMENSIONS.map((d) => sql`(${sql.identifier(d)})`);
  const rows = rowsOf<Record<string, string | number | null>>(
    await db.execute(sql`
      WITH ${referralFacts(from, to)}
      SELECT ${sql.join(
        DIMENSIONS.map((d) => sql`${sql.identifier(d)}, GROUPING(${sql.identifier(d)}) AS ${sql.identifier(`g_${d}`)}`),
        sql`, `,
      )},
        count(*) AS referrals, count(*) FILTER (WHERE discussed) AS discussed, count(*) FILTER (WHERE adopted) AS adopted
      FROM facts
      GROUP BY GROUPING SETS (${sql.join(sets, sql`, `)}, ())`),
  );
  return rows.map((row) => {
    const dimension = DIMENSIONS.find((d) => Number(row[`g_${d}`]) === 0) ?? null;
    return {
      dimension,
      key: dimension ? (row[dimension] as string | null) : null,
      referrals: Number(row.referrals),
      discussed: Number(row.discussed),
      adopted: Number(row.adopted),
    };
  });
}

export interface PeriodCount extends Counts {
  /** 0-based index of the period whose start is `starts[index]`. */
  index: number;
}

/** Counts per period for referrals received from starts[0] to `end`; a period runs from its start to the next. */
export async function countsByPeriod(db: Db, starts: readonly string[], end: string): Promise<PeriodCount[]> {
  const bounds = sql.join([...starts, end].map(ukMidnight), sql`, `);
  const rows = rowsOf<{ bucket: number | string; referrals: string | number; discussed: string | number; adopted: string | number }>(
    await db.execute(sql`
      WITH ${outcomeFacts(starts[0]!, end)}
      SELECT width_bucket(submitted_at, ARRAY[${bounds}]::timestamptz[]) AS bucket,
        count(*) AS referrals, count(*) FILTER (WHERE discussed) AS discussed, count(*) FILTER (WHERE adopted) AS adopted
      FROM facts GROUP BY 1`),
  );
  return rows.map((r) => ({ index: Number(r.bucket) - 1, referrals: Number(r.referrals), discussed: Number(r.discussed), adopted: Number(r.adopted) }));
}

export interface ConcernCategory {
  code: string;
  label: string;
  fromYear: number;
  toYear: number | null;
}

export async function concernCategories(db: Db): Promise<ConcernCategory[]> {
  return rowsOf<ConcernCategory>(
    await db.execute(sql`SELECT code, label, from_year AS "fromYear", to_year AS "toYear" FROM concern_categories ORDER BY sort_order, code`),
  );
}

export async function policeForces(db: Db): Promise<Array<{ code: string; name: string; region: string }>> {
  return rowsOf(await db.execute(sql`SELECT code, name, region FROM police_forces ORDER BY name`));
}
