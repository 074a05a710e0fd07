// SQL for the official statistics: set-based counts over the referrals received in a period, each referral
// described once (sector, age band, gender, ethnicity, needs, type of concern, area, Channel outcome, consent)
// (referral_statistics, kept by triggers) and counted with GROUPING SETS in a single pass. Nothing here returns
// a row about a person: only counts and reference data. The period is a range on submitted_at, bounded by UK
// midnights.
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

const ageBandSql = sql`CASE WHEN r.age IS NULL OR r.age < 0 THEN ${AGE_NOT_KNOWN.code}::text ${sql.join(
  AGE_BANDS.map((b) => (b.max === null ? sql`ELSE ${b.code}::text` : sql`WHEN r.age <= ${sql.raw(String(b.max))} THEN ${b.code}::text`)),
  sql` `,
)} END`;

const needsSql = sql`CASE WHEN r.mental_health AND r.neurodivergence THEN 'both'
  WHEN r.mental_health THEN 'mental_health' WHEN r.neurodivergence THEN 'neurodivergence' ELSE 'neither' END`;

/** Received in [from, to): a range on referral_statistics_submitted_idx. */
const receivedIn = (from: string, to: string) => sql`r.submitted_at >= ${ukMidnight(from)} AND r.submitted_at < ${ukMidnight(to)}`;

/**
 * One row per referral received in [from, to): its statistical attributes, from referral_statistics, which
 * triggers keep as each referral, judgement, Channel case, panel decision and consent is written (migration
 * 0016 defines age, needs, discussed, adopted and consent). Type of concern is the latest threshold
 * judgement's (several types count once, as "more than one"); consent is shown for adopted referrals only.
 */
function referralFacts(from: string, to: string): SQL {
  return sql`
    facts AS (
      SELECT r.submitted_at,
        ${sectorSql} AS sector,
        ${ageBandSql} AS age_band,
        COALESCE(r.gender, 'not_known') AS gender,
        COALESCE(r.ethnicity, 'not_known') AS ethnicity,
        ${needsSql} AS needs,
        CASE WHEN r.concern_types IS NULL THEN '_not_assessed' WHEN cardinality(r.concern_types) = 0 THEN '_no_concern'
          WHEN cardinality(r.concern_types) > 1 THEN '_several' ELSE r.concern_types[1] END AS concern,
        COALESCE(pf.region, '_national') AS region,
        COALESCE(pf.code, '_national') AS force,
        r.discussed,
        r.adopted,
        CASE WHEN r.adopted THEN COALESCE(r.consent, 'not_recorded') END AS consent
      FROM referral_statistics r
      LEFT JOIN organisations ro ON ro.id = r.referrer_org_id
      JOIN organisations ho ON ho.id = r.owning_org_id
      LEFT JOIN police_forces pf ON pf.code = ho.force_code
      WHERE ${receivedIn(from, to)}
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
      SELECT width_bucket(r.submitted_at, ARRAY[${bounds}]::timestamptz[]) AS bucket,
        count(*) AS referrals, count(*) FILTER (WHERE r.discussed) AS discussed, count(*) FILTER (WHERE r.adopted) AS adopted
      FROM referral_statistics r WHERE ${receivedIn(starts[0]!, end)} GROUP BY 1`),
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
