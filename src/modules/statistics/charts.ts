// Accessible SVG charts for the statistics page, drawn on the server (no JavaScript): each is an image with a
// <title> and a <desc> that says what it shows in words, and the page puts the data table beside it. Hidden
// (suppressed) values are never drawn: a bar says "[c]" and a line breaks. Pure: data in, markup out.
import { SUPPRESSED, type Published } from './suppression.js';

const COLOURS = ['#1d70b8', '#00703c', '#d4351c'] as const;
/** Lines differ by dash pattern and marker as well as colour, so they can be told apart without colour. */
const DASHES = ['', '8 4', '2 3'] as const;
const INK = '#0b0c0c';
const GRID = '#b1b4b6';
const FONT = 'font-family="GDS Transport, arial, sans-serif"';

const escapeXml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const shown = (v: Published): v is number => typeof v === 'number';
const say = (v: Published): string => (v === SUPPRESSED ? 'not shown (fewer than 5, or hidden to protect a small number)' : String(v));

function frame(id: string, title: string, desc: string, width: number, height: number, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${id}-title ${id}-desc" focusable="false"><title id="${id}-title">${escapeXml(title)}</title><desc id="${id}-desc">${escapeXml(desc)}</desc>${body}</svg>`;
}

/** A step up from the largest value: 1, 2 or 5 times a power of ten, so the axis reads easily. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  return ([1, 2, 5, 10].map((m) => m * power).find((m) => m >= max) ?? 10 * power);
}

/** Horizontal bars, one per stage, labelled with the value. */
export function barChart(id: string, title: string, bars: ReadonlyArray<{ label: string; value: Published }>): string {
  const width = 420;
  const labelWidth = 170;
  const barHeight = 36;
  const gap = 16;
  const height = bars.length * (barHeight + gap) + gap;
  const max = niceMax(Math.max(0, ...bars.map((b) => (shown(b.value) ? b.value : 0))));
  const room = width - labelWidth - 60;
  const body = bars
    .map((b, i) => {
      const y = gap + i * (barHeight + gap);
      const w = shown(b.value) ? Math.max(b.value > 0 ? 2 : 0, (b.value / max) * room) : 0;
      return [
        `<text x="0" y="${y + barHeight / 2 + 5}" ${FONT} font-size="16" fill="${INK}">${escapeXml(b.label)}</text>`,
        shown(b.value) ? `<rect x="${labelWidth}" y="${y}" width="${w.toFixed(1)}" height="${barHeight}" fill="${COLOURS[0]}"/>` : '',
        `<text x="${(labelWidth + w + 8).toFixed(1)}" y="${y + barHeight / 2 + 5}" ${FONT} font-size="16" font-weight="bold" fill="${INK}">${escapeXml(String(b.value))}</text>`,
      ].join('');
    })
    .join('');
  const desc = `Bar chart. ${bars.map((b) => `${b.label}: ${say(b.value)}`).join('; ')}.`;
  return frame(id, title, desc, width, height, body);
}

export interface Series {
  name: string;
  values: readonly Published[];
}

/** Lines over periods (quarters), with a legend; hidden values break the line. */
export function lineChart(id: string, title: string, periods: readonly string[], series: readonly Series[], describe: (s: Series) => string): string {
  const width = 440;
  const height = 300;
  const left = 44;
  const right = 12;
  const top = 16;
  const bottom = 64;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values.filter(shown))));
  const x = (i: number) => left + (periods.length <= 1 ? plotW / 2 : (i * plotW) / (periods.length - 1));
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const ticks = [0, max / 2, max];
  const axis = ticks
    .map((t) => `<line x1="${left}" x2="${width - right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="${GRID}" stroke-width="1"/><text x="${left - 6}" y="${(y(t) + 5).toFixed(1)}" text-anchor="end" ${FONT} font-size="14" fill="${INK}">${Number.isInteger(t) ? t : t.toFixed(1)}</text>`)
    .join('');
  // A label under the first period of each year (every fourth quarter) keeps the axis readable.
  const labels = periods
    .map((p, i) => (i % 4 === 0 ? `<text x="${x(i).toFixed(1)}" y="${height - bottom + 20}" text-anchor="start" ${FONT} font-size="13" fill="${INK}">${escapeXml(p.split(' ')[0] ?? p)}</text>` : ''))
    .join('');
  const lines = series
    .map((s, si) => {
      const colour = COLOURS[si % COLOURS.length]!;
      const dash = DASHES[si % DASHES.length]!;
      const runs: string[][] = [[]];
      s.values.forEach((v, i) => {
        if (shown(v)) runs[runs.length - 1]!.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
        else if (runs[runs.length - 1]!.length) runs.push([]);
      });
      const paths = runs
        .filter((r) => r.length)
        .map((r) => (r.length === 1 ? '' : `<polyline points="${r.join(' ')}" fill="none" stroke="${colour}" stroke-width="3"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`))
        .join('');
      const markers = s.values
        .map((v, i) => (shown(v) ? (si === 1 ? `<rect x="${(x(i) - 4).toFixed(1)}" y="${(y(v) - 4).toFixed(1)}" width="8" height="8" fill="${colour}"/>` : `<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="4" fill="${colour}"/>`) : ''))
        .join('');
      return paths + markers;
    })
    .join('');
  const legend = series
    .map((s, si) => {
      const lx = left + si * 132;
      const colour = COLOURS[si % COLOURS.length]!;
      const dash = DASHES[si % DASHES.length]!;
      return `<line x1="${lx}" x2="${lx + 24}" y1="${height - 14}" y2="${height - 14}" stroke="${colour}" stroke-width="3"${dash ? ` stroke-dasharray="${dash}"` : ''}/><text x="${lx + 28}" y="${height - 9}" ${FONT} font-size="13" fill="${INK}">${escapeXml(s.name)}</text>`;
    })
    .join('');
  const desc = `Line chart over ${periods.length} quarters from ${periods[0] ?? ''} to ${periods[periods.length - 1] ?? ''}. ${series.map(describe).join(' ')} Hidden values are not drawn.`;
  return frame(id, title, desc, width, height, axis + labels + lines + legend);
}
