// Suppression rules as properties: every small count is hidden, and no hidden count can be worked out from a
// published total and the counts shown beside it (no line of a table with exactly one hidden cell).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { categoryTable, seriesTable } from './publication.js';
import { isSensitive, linesOf, percentage, suppress, SUPPRESSED } from './suppression.js';

/** Grids of small and zero-heavy counts, where suppression has most to do. */
const grid = fc
  .record({ rows: fc.integer({ min: 2, max: 8 }), columns: fc.integer({ min: 2, max: 6 }) })
  .chain(({ rows, columns }) =>
    fc.array(fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 5, max: 40 })), { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows }),
  );
const totals = fc.constantFrom({ columns: true }, { rows: true }, { columns: true, rows: true });

describe('suppress', () => {
  it('hides every count from 1 to 4, and leaves no line with exactly one hidden cell', () => {
    fc.assert(
      fc.property(grid, totals, (g, which) => {
        const lines = linesOf(g.length, g[0]!.length, which);
        const hidden = suppress(g, lines);
        g.forEach((row, r) => row.forEach((v, c) => isSensitive(v) && expect(hidden[r]![c]).toBe(true)));
        for (const line of lines) expect(line.filter(([r, c]) => hidden[r]![c]).length).not.toBe(1);
      }),
      { numRuns: 500 },
    );
  });

  it('never lets a hidden cell be recovered from its line’s total minus the cells shown', () => {
    fc.assert(
      fc.property(grid, totals, (g, which) => {
        const lines = linesOf(g.length, g[0]!.length, which);
        const hidden = suppress(g, lines);
        for (const line of lines) {
          const total = line.reduce((s, [r, c]) => s + g[r]![c]!, 0);
          const shown = line.filter(([r, c]) => !hidden[r]![c]).reduce((s, [r, c]) => s + g[r]![c]!, 0);
          const unknown = line.filter(([r, c]) => hidden[r]![c]);
          // The remainder is shared by two or more hidden cells (or there is none to find).
          if (unknown.length) expect(unknown.length).toBeGreaterThanOrEqual(2);
          expect(total - shown).toBe(unknown.reduce((s, [r, c]) => s + g[r]![c]!, 0));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('hides nothing in a table without small counts', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 5, max: 99 })), { minLength: 3, maxLength: 3 }), { minLength: 2, maxLength: 6 }), (g) => {
        expect(suppress(g, linesOf(g.length, 3, { columns: true, rows: true })).flat().some(Boolean)).toBe(false);
      }),
    );
  });

  it('chooses the smallest non-zero count as the complement, and a zero only when nothing else is left', () => {
    const column = (values: number[]) => suppress(values.map((v) => [v]), linesOf(values.length, 1, { columns: true })).map((r) => r[0]);
    expect(column([3, 0, 9, 6, 12])).toEqual([true, false, false, true, false]);
    expect(column([3, 0, 0])).toEqual([true, true, false]);
    expect(column([3, 2, 9])).toEqual([true, true, false]);
    expect(column([0, 5, 9])).toEqual([false, false, false]);
  });
});

describe('published tables', () => {
  it('withholds a percentage worked out from a hidden count, and shows totals', () => {
    const t = categoryTable({
      id: 't',
      title: 'T',
      description: '',
      rowHeading: 'Row',
      columns: [
        { kind: 'count', heading: 'A', index: 0 },
        { kind: 'percent', heading: '% A', of: 0, per: 'total' },
        { kind: 'count', heading: 'B', index: 1 },
        { kind: 'percent', heading: 'B as % of A', of: 1, per: 0 },
      ],
      rows: [
        { label: 'x', counts: [10, 2] },
        { label: 'y', counts: [3, 0] },
        { label: 'z', counts: [7, 7] },
        { label: 'w', counts: [0, 0] },
      ],
    });
    expect(t.rows.map((r) => r.values)).toEqual([
      [10, 50, SUPPRESSED, SUPPRESSED],
      [SUPPRESSED, SUPPRESSED, 0, SUPPRESSED],
      [SUPPRESSED, SUPPRESSED, SUPPRESSED, SUPPRESSED],
      [0, 0, 0, '[x]'],
    ]);
    expect(t.total?.values).toEqual([20, 100, 9, 45]);
  });

  it('adds each year’s total to the series and hides along the year', () => {
    const t = seriesTable({ id: 's', title: 'S', description: '', rowHeading: 'Year', periodHeadings: ['Q1', 'Q2', 'Q3', 'Q4'], rows: [{ label: '2024/25', counts: [8, 1, 6, 9] }] });
    expect(t.rows[0]!.values).toEqual([8, SUPPRESSED, SUPPRESSED, 9, 24]);
  });

  it('rounds percentages to whole numbers, halves up, and [x] for a percentage of nothing', () => {
    expect([percentage(1, 8), percentage(3, 8), percentage(2, 3), percentage(0, 0), percentage(5, 5)]).toEqual([13, 38, 67, '[x]', 100]);
  });
});
