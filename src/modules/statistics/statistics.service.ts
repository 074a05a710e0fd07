// The official statistics of the annual release "Individuals referred to and supported through the Prevent
// Programme", for one April–March year: counts from the repository, published through suppression and
// rounding, with the definitions stated as notes. The same publication feeds the page, the JSON API and the
// command line. Reading it is audited as a consultation of aggregate statistics (no personal data).
import type { Db } from '../../db/client.js';
import { systemContext, type RequestContext } from '../../platform/access/actor.js';
import { policy } from '../../platform/access/policy.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { formatDay, londonDate } from '../../platform/dates.js';
import { ForbiddenError, UnauthenticatedError, ValidationError } from '../../platform/errors.js';
import {
  AGE_BANDS,
  AGE_NOT_KNOWN,
  CONCERN_EXTRA_ROWS,
  CONSENT_ROWS,
  ETHNICITY_ROWS,
  GENDER_ROWS,
  NATIONAL_AREA,
  NEEDS_ROWS,
  parseYear,
  QUARTERS,
  quarterStarts,
  SECTORS,
  SERIES_YEARS,
  statisticsYear,
  yearOf,
  type StatisticsYear,
} from './definitions.js';
import { categoryTable, seriesTable, totalsTable, type ColumnSpec, type PublishedTable } from './publication.js';
import { THRESHOLD } from './suppression.js';
import * as repo from './statistics.repository.js';

export interface Publication {
  year: StatisticsYear;
  /** The year has not ended: its figures will change. */
  provisional: boolean;
  /** The UK date the figures were produced (outcomes as recorded then). */
  producedOn: string;
  notes: string[];
  tables: PublishedTable[];
}

const REGIME = 'DPA_PART3' as const;
const PURPOSE = 'Official statistics: aggregate counts with small numbers suppressed, no personal data';
export const YEAR_ERROR = 'Enter a statistics year from 2015-16 to the current year, like 2024-25';

/** The definitions, suppression and rounding rules, as the page, the API and the CSV state them. */
export function notesFor(year: StatisticsYear, producedOn: string, provisional: boolean): string[] {
  return [
    `Period: referrals received from ${formatDay(year.from)} to ${formatDay(year.to)}, by the UK date and time the referral was submitted.${provisional ? ' The year has not ended: these figures are provisional.' : ''}`,
    'Every referral received is counted once, as the annual release does: repeat referrals about a person already known, and referrals that joined an open case, are each counted.',
    `Outcomes (discussed at a Channel panel, adopted, consent) are as recorded on ${formatDay(producedOn)}, for the referrals received in the year, whenever the outcome happened.`,
    'Referring sector comes from the kind of organisation that referred: schools, colleges and universities are Education; police forces and the national police hub are Police; NHS trusts are Health. Referrals from members of the public are Community, friends and family (the public form does not say which). Any other organisation is Other.',
    'Age band is the age at referral, from the date of birth on the date the referral was submitted, or else the approximate age the referrer gave; the bands are those of the 2024/25 release for every year.',
    'Gender and ethnic group are as given in the referral; ethnic group (the five high-level groups of the 2021 Census) is optional, so a referral without it is Not known.',
    'Mental health and neurodivergence come from the support needs the referrer recorded; the rows do not overlap, so they add up to the total.',
    'Type of concern is from the latest threshold judgement of the police Prevent team. A referral judged to have more than one type is counted once, as More than one type recorded, so the table adds up to the total. Referrals judged to show no radicalisation concern, and those not yet assessed, have their own rows.',
    'Region and police force area are those of the police force holding the referral; referrals held by the national police hub have no force area.',
    'Discussed at panel: a Channel case of the referral has a panel decision or was adopted. Adopted: a Channel case of the referral was adopted.',
    'Consent is shown for adopted referrals, from the latest consent recorded on their Channel cases; Consent given includes consent later withdrawn.',
    'Quarters run April to June (Q1), July to September (Q2), October to December (Q3) and January to March (Q4).',
    `Suppression: counts from 1 to ${THRESHOLD - 1} are shown as [c]. Where a total would let a hidden count be worked out (a column, or a year of quarters, with exactly one hidden count), the next smallest count in it is hidden too. Totals are always shown. Zeros are shown.`,
    'Rounding: counts are not rounded. Percentages are rounded to whole numbers (halves up), so they may not add up to 100. A percentage worked out from a hidden count is hidden too ([c]); [x] means not applicable (a percentage of nothing).',
  ];
}

type CountsOf = (dimension: repo.Dimension, key: string) => repo.Counts;

const ZERO: repo.Counts = { referrals: 0, discussed: 0, adopted: 0 };
const SHARE: ColumnSpec[] = [
  { kind: 'count', heading: 'Referrals', index: 0 },
  { kind: 'percent', heading: '% of referrals', of: 0, per: 'total' },
];

function referralTable(id: string, title: string, rowHeading: string, dimension: repo.Dimension, rows: ReadonlyArray<{ code: string; label: string }>, countsOf: CountsOf, description = 'Referrals received in the year.'): PublishedTable {
  return categoryTable({ id, title, description, rowHeading, columns: SHARE, rows: rows.map((r) => ({ label: r.label, counts: [countsOf(dimension, r.code).referrals] })) });
}

async function buildPublication(db: Db, year: StatisticsYear, now: Date): Promise<Publication> {
  const producedOn = londonDate(now);
  const provisional = producedOn <= year.to;
  const firstSeriesYear = statisticsYear(year.start - (SERIES_YEARS - 1));
  const seriesYears = Array.from({ length: SERIES_YEARS }, (_, i) => statisticsYear(firstSeriesYear.start + i));
  const end = `${year.start + 1}-04-01`;
  // One after another: inside a transaction the queries share one connection.
  const counts = await repo.countsByDimension(db, year.from, end);
  const periods = await repo.countsByPeriod(db, seriesYears.flatMap(quarterStarts), end);
  const categories = await repo.concernCategories(db);
  const forces = await repo.policeForces(db);
  const byKey = new Map(counts.map((c) => [`${c.dimension ?? ''}:${c.key ?? ''}`, c]));
  const countsOf: CountsOf = (dimension, key) => byKey.get(`${dimension}:${key}`) ?? ZERO;
  const total = byKey.get(':') ?? ZERO;

  // Categories of the year, then any other recorded (older or newer codes), then the rows for no single type.
  const current = categories.filter((c) => c.fromYear <= year.start && (c.toYear === null || c.toYear >= year.start));
  const recorded = counts.filter((c) => c.dimension === 'concern' && c.key && !c.key.startsWith('_')).map((c) => c.key!);
  const labelOf = new Map(categories.map((c) => [c.code, c.label]));
  const concernRows = [
    ...current.map((c) => ({ code: c.code, label: c.label })),
    ...recorded.filter((k) => !current.some((c) => c.code === k)).sort().map((code) => ({ code, label: labelOf.get(code) ?? code })),
    ...CONCERN_EXTRA_ROWS,
  ];
  const regions = [...new Set(forces.map((f) => f.region))].sort().map((r) => ({ code: r, label: r }));

  const seriesFor = (measure: keyof repo.Counts, title: string): PublishedTable =>
    seriesTable({
      id: `quarterly_${measure}`,
      title,
      description: `Quarterly, for ${firstSeriesYear.label} to ${year.label}, by the quarter the referral was received.`,
      rowHeading: 'Year',
      periodHeadings: QUARTERS.map((q, i) => `Q${i + 1} (${q.label})`),
      rows: seriesYears.map((y, yi) => ({
        label: y.label,
        counts: QUARTERS.map((_, qi) => periods.find((p) => p.index === yi * QUARTERS.length + qi)?.[measure] ?? 0),
      })),
    });

  const tables: PublishedTable[] = [
    totalsTable({
      id: 'journey',
      title: 'Referrals, discussions at panel and adoptions',
      description: 'How far the referrals received in the year went through the programme. These are totals, always shown.',
      rowHeading: 'Stage',
      rows: [
        { label: 'Referred', count: total.referrals },
        { label: 'Discussed at a Channel panel', count: total.discussed },
        { label: 'Adopted as a Channel case', count: total.adopted },
      ],
      percentOf: total.referrals,
    }),
    referralTable('sector', 'Referrals by referring sector', 'Sector', 'sector', SECTORS, countsOf),
    referralTable('age', 'Referrals by age at referral', 'Age band', 'age_band', [...AGE_BANDS, AGE_NOT_KNOWN], countsOf),
    referralTable('gender', 'Referrals by gender', 'Gender', 'gender', GENDER_ROWS, countsOf),
    referralTable('ethnicity', 'Referrals by ethnic group', 'Ethnic group', 'ethnicity', ETHNICITY_ROWS, countsOf),
    referralTable('needs', 'Referrals by mental health needs and neurodivergence', 'Support needs recorded', 'needs', NEEDS_ROWS, countsOf),
    categoryTable({
      id: 'concern',
      title: 'Referrals, discussions and adoptions by type of concern',
      description: 'Referrals received in the year by the type of concern, with how many were discussed at panel and adopted.',
      rowHeading: 'Type of concern',
      columns: [
        ...SHARE,
        { kind: 'count', heading: 'Discussed at panel', index: 1 },
        { kind: 'count', heading: 'Adopted', index: 2 },
        { kind: 'percent', heading: 'Adopted as % of referrals', of: 2, per: 0 },
      ],
      rows: concernRows.map((r) => {
        const c = countsOf('concern', r.code);
        return { label: r.label, counts: [c.referrals, c.discussed, c.adopted] };
      }),
    }),
    referralTable('region', 'Referrals by region', 'Region', 'region', [...regions, NATIONAL_AREA], countsOf),
    referralTable('force', 'Referrals by police force area', 'Police force area', 'force', [...forces.map((f) => ({ code: f.code, label: f.name })), NATIONAL_AREA], countsOf),
    categoryTable({
      id: 'consent',
      title: 'Adopted referrals by consent',
      description: 'Referrals received in the year and adopted as Channel cases, by the consent recorded.',
      rowHeading: 'Consent',
      columns: [
        { kind: 'count', heading: 'Adopted referrals', index: 0 },
        { kind: 'percent', heading: '% of adopted', of: 0, per: 'total' },
      ],
      rows: CONSENT_ROWS.map((r) => ({ label: r.label, counts: [countsOf('consent', r.code).adopted] })),
    }),
    seriesFor('referrals', 'Referrals by quarter'),
    seriesFor('discussed', 'Referrals discussed at panel by quarter'),
    seriesFor('adopted', 'Referrals adopted by quarter'),
  ];
  return { year, provisional, producedOn, notes: notesFor(year, producedOn, provisional), tables };
}

export function createStatisticsService(db: Db, clock: () => Date = () => new Date()) {
  /** The year asked for ("2024-25"), or the current one when none is given; a 422 on the `year` field otherwise. */
  function resolveYear(value: string | undefined): StatisticsYear {
    const today = londonDate(clock());
    if (value === undefined || value.trim() === '') return yearOf(today);
    const year = parseYear(value, today);
    if (!year) throw new ValidationError([{ field: 'year', message: YEAR_ERROR }]);
    return year;
  }

  async function publish(ctx: RequestContext, year: StatisticsYear, event: string): Promise<Publication> {
    return db.transaction(async (tx) => {
      const publication = await buildPublication(tx, year, clock());
      await recordAudit(tx, ctx, { action: 'consultation', event, recordType: 'statistics', recordIds: [year.code], purpose: PURPOSE, regime: REGIME });
      return publication;
    });
  }

  return {
    resolveYear,

    /** The statistics of a year for a signed-in user the policy allows; the year is checked after the person. */
    async forUser(ctx: RequestContext, yearParam: string | undefined): Promise<Publication> {
      if (ctx.actor.kind !== 'user') throw new UnauthenticatedError();
      if (!policy.canViewStatistics(ctx.actor)) throw new ForbiddenError('You do not have permission to view the official statistics.');
      return publish(ctx, resolveYear(yearParam), 'statistics.viewed');
    },

    /** The operator's export from the command line (the system acts). */
    async forExport(yearParam: string): Promise<Publication> {
      return publish(systemContext, resolveYear(yearParam), 'statistics.exported');
    },
  };
}

export type StatisticsService = ReturnType<typeof createStatisticsService>;

/** The publication as the API and the command line's JSON give it. */
export function publicationJson(p: Publication) {
  return { year: p.year.code, from: p.year.from, to: p.year.to, provisional: p.provisional, producedOn: p.producedOn, notes: p.notes, tables: p.tables };
}
