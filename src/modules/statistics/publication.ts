// Turns raw counts into the published tables: suppression applied, percentages rounded and withheld where
// they would reveal a hidden count, totals added. Also writes the tables as CSV. Pure: the service gives it
// counts from the repository; the page, the API and the command line all publish the same tables.
import { linesOf, percentage, publishCount, suppress, SUPPRESSED, type Published } from './suppression.js';

export type ColumnSpec =
  | { kind: 'count'; heading: string; index: number }
  /** A percentage of a count column, over the column's total or over another count in the same row. */
  | { kind: 'percent'; heading: string; of: number; per: 'total' | number };

export interface PublishedColumn {
  heading: string;
  kind: 'count' | 'percent';
}
export interface PublishedRow {
  label: string;
  values: Published[];
}
export interface PublishedTable {
  id: string;
  title: string;
  /** What the table counts, under the title. */
  description: string;
  rowHeading: string;
  columns: PublishedColumn[];
  rows: PublishedRow[];
  total: PublishedRow | null;
}

interface TableInput {
  id: string;
  title: string;
  description: string;
  rowHeading: string;
  rows: Array<{ label: string; counts: number[] }>;
  columns: ColumnSpec[];
}

function publishedColumns(specs: ColumnSpec[]): PublishedColumn[] {
  return specs.map((s) => ({ heading: s.heading, kind: s.kind }));
}

/**
 * Categories down the side, counts across; each count column adds up to the total row (so suppression works
 * down each column). A percentage is shown only when every count it is computed from is shown.
 */
export function categoryTable(t: TableInput): PublishedTable {
  const grid = t.rows.map((r) => r.counts);
  const width = grid[0]?.length ?? 0;
  const hidden = suppress(grid, linesOf(grid.length, width, { columns: true }));
  const totals = Array.from({ length: width }, (_, c) => grid.reduce((sum, row) => sum + row[c]!, 0));
  const cell = (spec: ColumnSpec, counts: readonly number[], hide: readonly boolean[] | null): Published => {
    if (spec.kind === 'count') return publishCount(counts[spec.index]!, hide?.[spec.index] ?? false);
    if (hide?.[spec.of] || (spec.per !== 'total' && hide?.[spec.per])) return SUPPRESSED;
    return percentage(counts[spec.of]!, spec.per === 'total' ? totals[spec.of]! : counts[spec.per]!);
  };
  return {
    id: t.id,
    title: t.title,
    description: t.description,
    rowHeading: t.rowHeading,
    columns: publishedColumns(t.columns),
    rows: t.rows.map((r, i) => ({ label: r.label, values: t.columns.map((s) => cell(s, r.counts, hidden[i]!)) })),
    total: { label: 'Total', values: t.columns.map((s) => cell(s, totals, null)) },
  };
}

/** Periods across (quarters), one row per year with the year's total last: suppression works along each row. */
export function seriesTable(t: { id: string; title: string; description: string; rowHeading: string; periodHeadings: string[]; rows: Array<{ label: string; counts: number[] }> }): PublishedTable {
  const grid = t.rows.map((r) => r.counts);
  const hidden = suppress(grid, linesOf(grid.length, t.periodHeadings.length, { rows: true }));
  return {
    id: t.id,
    title: t.title,
    description: t.description,
    rowHeading: t.rowHeading,
    columns: [...t.periodHeadings.map((heading) => ({ heading, kind: 'count' as const })), { heading: 'Year total', kind: 'count' as const }],
    rows: t.rows.map((r, i) => ({ label: r.label, values: [...r.counts.map((n, c) => publishCount(n, hidden[i]![c]!)), r.counts.reduce((a, b) => a + b, 0)] })),
    total: null,
  };
}

/** Headline figures that are totals of other tables: shown as they are, whatever their size. */
export function totalsTable(t: { id: string; title: string; description: string; rowHeading: string; rows: Array<{ label: string; count: number }>; percentOf: number }): PublishedTable {
  return {
    id: t.id,
    title: t.title,
    description: t.description,
    rowHeading: t.rowHeading,
    columns: [
      { heading: 'Number', kind: 'count' },
      { heading: '% of referrals', kind: 'percent' },
    ],
    rows: t.rows.map((r) => ({ label: r.label, values: [r.count, percentage(r.count, t.percentOf)] })),
    total: null,
  };
}

// ---- CSV ---------------------------------------------------------------------------------------------

function csvField(value: string | number): string {
  const s = String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * One CSV in long form (table, row, column, value), so every table fits one file; the notes (definitions,
 * suppression and rounding) come first as lines starting with "#".
 */
export function toCsv(notes: readonly string[], tables: readonly PublishedTable[]): string {
  const lines = notes.map((n) => `# ${n.replace(/[\r\n]+/g, ' ')}`);
  lines.push(['table', 'table_title', 'row', 'column', 'value'].join(','));
  for (const t of tables) {
    for (const row of [...t.rows, ...(t.total ? [t.total] : [])]) {
      row.values.forEach((v, i) => lines.push([t.id, t.title, row.label, t.columns[i]!.heading, v].map(csvField).join(',')));
    }
  }
  return `${lines.join('\n')}\n`;
}
