// The official statistics page (/statistics?year=2024-25) and its JSON API (/api/v1/statistics?year=). Routes
// parse and render; the service checks who may read them (signed out: sign in; not allowed: 403), the year (422)
// and audits each reading. The page shows each table with the GOV.UK table component and, for the journey and
// the quarterly trends, an SVG chart with the data table beside it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { signedIn } from '../../platform/http/routeParams.js';
import { personContext, requestContext } from '../../platform/http/requestContext.js';
import { problemResponses } from '../../platform/http/problems.js';
import { ValidationError, type FieldError } from '../../platform/errors.js';
import { render } from '../../platform/views/views.js';
import { londonDate } from '../../platform/dates.js';
import { barChart, lineChart } from './charts.js';
import { QUARTERS, selectableYears } from './definitions.js';
import type { PublishedTable } from './publication.js';
import { publicationSchema, statisticsQuerySchema } from './statistics.schemas.js';
import { publicationJson, type Publication, type StatisticsService } from './statistics.service.js';
import { SUPPRESSED, type Published } from './suppression.js';

const TITLE = 'Official statistics';

const display = (v: Published, kind: 'count' | 'percent'): string => (typeof v === 'number' ? (kind === 'percent' ? `${v}%` : v.toLocaleString('en-GB')) : v);

/** A publication's table as govukTable parameters: the category as a row header, figures right-aligned. */
function tableView(t: PublishedTable) {
  const rowCells = (label: string, values: Published[], bold: boolean) => [
    { text: label, ...(bold ? { classes: 'govuk-!-font-weight-bold' } : {}) },
    ...values.map((v, i) => ({ text: display(v, t.columns[i]!.kind), format: 'numeric', ...(bold ? { classes: 'govuk-!-font-weight-bold' } : {}) })),
  ];
  return {
    id: t.id,
    description: t.description,
    table: {
      caption: t.title,
      captionClasses: 'govuk-table__caption--m',
      firstCellIsHeader: true,
      head: [{ text: t.rowHeading }, ...t.columns.map((c) => ({ text: c.heading, format: 'numeric' }))],
      rows: [...t.rows.map((r) => rowCells(r.label, r.values, false)), ...(t.total ? [rowCells(t.total.label, t.total.values, true)] : [])],
    },
  };
}

function charts(p: Publication) {
  const table = (id: string) => p.tables.find((t) => t.id === id)!;
  const journey = table('journey');
  const funnel = barChart(
    'chart-journey',
    `Referrals, discussions at panel and adoptions, ${p.year.label}`,
    journey.rows.map((r) => ({ label: r.label.replace(' a Channel panel', ' panel').replace(' as a Channel case', ''), value: r.values[0]! })),
  );
  const quarterly = ['quarterly_referrals', 'quarterly_discussed', 'quarterly_adopted'].map(table);
  const periods = quarterly[0]!.rows.flatMap((r) => QUARTERS.map((_, i) => `${r.label} Q${i + 1}`));
  const series = quarterly.map((t, i) => ({
    name: ['Referrals', 'Discussed at panel', 'Adopted'][i]!,
    values: t.rows.flatMap((r) => r.values.slice(0, QUARTERS.length)),
  }));
  const trends = lineChart('chart-trends', `Referrals, discussions and adoptions by quarter, ${periods[0]?.slice(0, 7)} to ${p.year.label}`, periods, series, (s) => {
    const shown = s.values.filter((v): v is number => typeof v === 'number');
    const hidden = s.values.filter((v) => v === SUPPRESSED).length;
    return `${s.name}: lowest ${Math.min(...shown, 0)}, highest ${Math.max(...shown, 0)}, latest ${String(s.values[s.values.length - 1] ?? '')}${hidden ? `, ${hidden} quarters hidden` : ''}.`;
  });
  return { funnel, trends };
}

export async function statisticsRoutes(app: FastifyInstance, opts: { service: StatisticsService }) {
  const { service } = opts;

  async function page(request: FastifyRequest, reply: FastifyReply, yearParam: string | undefined) {
    signedIn(request);
    const years = (chosen: string | undefined) => selectableYears(londonDate(new Date())).map((y) => ({ value: y.code, text: y.label, selected: y.code === chosen }));
    try {
      const p = await service.forUser(requestContext(request), yearParam);
      const byId = new Map(p.tables.map((t) => [t.id, tableView(t)]));
      return render(request, reply, 'statistics/views/statistics.njk', {
        title: `${TITLE} ${p.year.label}`,
        width: 'full',
        publication: p,
        years: years(p.year.code),
        journey: byId.get('journey'),
        quarterly: ['quarterly_referrals', 'quarterly_discussed', 'quarterly_adopted'].map((id) => byId.get(id)),
        breakdowns: p.tables.filter((t) => t.id !== 'journey' && !t.id.startsWith('quarterly_')).map((t) => byId.get(t.id)),
        charts: charts(p),
      });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const errors: FieldError[] = err.errors;
      reply.code(422);
      return render(request, reply, 'statistics/views/statistics.njk', { title: TITLE, width: 'full', errors, years: years(undefined), yearValue: yearParam });
    }
  }

  app.get('/statistics', async (request, reply) => {
    const { year } = request.query as { year?: unknown };
    return page(request, reply, typeof year === 'string' ? year : Array.isArray(year) ? String(year[0] ?? '') : undefined);
  });
}

const NAMED_READER = 'The statistics are read by a signed-in person; sign in.';

export async function statisticsApi(app: FastifyInstance, opts: { service: StatisticsService }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { service } = opts;
  api.get(
    '/api/v1/statistics',
    {
      schema: {
        tags: ['statistics'],
        summary: 'Read the official statistics of a year',
        description:
          'The tables of the annual release "Individuals referred to and supported through the Prevent Programme" for an April–March year, with small numbers suppressed (`[c]`) and percentages rounded as the notes say. Aggregate counts only: no personal data. For oversight users, police Prevent supervisors, Channel chairs and local authority administrators, signed in.',
        security: [{ officerSession: [] }],
        querystring: statisticsQuerySchema,
        response: { 200: publicationSchema, ...problemResponses(401, 403, 422) },
      },
    },
    async (request) => publicationJson(await service.forUser(personContext(request, NAMED_READER), request.query.year)),
  );
}
