// Small-number suppression for published statistics, so no table can identify a handful of people. Primary:
// counts from 1 to 4 are shown as "[c]". Secondary: every published total is the sum of a line of cells (a
// column of categories, or a year's quarters); a line with exactly one hidden cell would give it away by
// subtraction, so the next smallest cell of that line is hidden too, repeated until no line has exactly one.
// Totals are always shown. Pure, so a property test can check that nothing hidden can be recovered.

export const SUPPRESSED = '[c]';
/** Not applicable: a percentage of nothing. */
export const NOT_APPLICABLE = '[x]';
export type Published = number | typeof SUPPRESSED | typeof NOT_APPLICABLE;

/** The smallest count shown as it is; 1 to this minus one are hidden. */
export const THRESHOLD = 5;

export type Cell = readonly [row: number, column: number];
/** Cells whose sum is published as a total. */
export type Line = readonly Cell[];

export const isSensitive = (n: number): boolean => n > 0 && n < THRESHOLD;

/** The lines of a grid: each column summing to a total row, each row summing to a total column, or both. */
export function linesOf(rows: number, columns: number, totals: { columns?: boolean; rows?: boolean }): Line[] {
  const lines: Line[] = [];
  if (totals.columns) for (let c = 0; c < columns; c++) lines.push(Array.from({ length: rows }, (_, r) => [r, c] as const));
  if (totals.rows) for (let r = 0; r < rows; r++) lines.push(Array.from({ length: columns }, (_, c) => [r, c] as const));
  return lines;
}

/**
 * Which cells to hide. The complement chosen for a line is its smallest visible non-zero cell (hiding a zero
 * protects nothing when zeros are common), or a zero when only zeros are left. A line whose every other cell is
 * already hidden needs nothing more.
 */
export function suppress(grid: readonly (readonly number[])[], lines: readonly Line[]): boolean[][] {
  const hidden = grid.map((row) => row.map(isSensitive));
  const value = ([r, c]: Cell) => grid[r]![c]!;
  const isHidden = ([r, c]: Cell) => hidden[r]![c]!;
  let changed = true;
  while (changed) {
    changed = false;
    for (const line of lines) {
      if (line.filter(isHidden).length !== 1) continue;
      const visible = line.filter((cell) => !isHidden(cell));
      if (visible.length === 0) continue;
      const pool = visible.some((cell) => value(cell) > 0) ? visible.filter((cell) => value(cell) > 0) : visible;
      const next = pool.reduce((a, b) => (value(b) < value(a) ? b : a));
      hidden[next[0]]![next[1]] = true;
      changed = true;
    }
  }
  return hidden;
}

/** A whole-number percentage (halves round up); "[x]" when the denominator is zero. */
export function percentage(numerator: number, denominator: number): Published {
  if (denominator === 0) return NOT_APPLICABLE;
  return Math.round((numerator * 100) / denominator);
}

/** The published form of a count. */
export const publishCount = (n: number, hide: boolean): Published => (hide ? SUPPRESSED : n);
