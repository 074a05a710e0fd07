import nunjucks from 'nunjucks';
import type { FieldError } from '../errors.js';
import { formatDay, formatInstant, londonDate } from '../dates.js';

/** A Date, an ISO date or an ISO timestamp, as a Date (ISO dates at midday UTC); null otherwise. */
function asDate(value: unknown): Date | null {
  if (value instanceof Date) return value;
  if (typeof value !== 'string' || !value) return null;
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00Z` : value);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function addFilters(env: nunjucks.Environment): void {
  // The GOV.UK macros trim what they capture (whole blocks of markup). Nunjucks trims with /^\s*|\s*$/g, which
  // tries the second branch at every run of white space through the string: 3 to 4% of a busy page's rendering.
  // String.prototype.trim strips the same characters in one pass from each end; the result stays as safe as
  // what came in.
  const regexTrim = env.getFilter('trim');
  env.addFilter('trim', (value: unknown) => {
    if (typeof value === 'string') return value.trim();
    if (value instanceof nunjucks.runtime.SafeString) return new nunjucks.runtime.SafeString(String(value).trim());
    return regexTrim(value);
  });
  // The UK day of the instant; an ISO date arrives at midday UTC, so it keeps its day.
  env.addFilter('date', (v: unknown) => {
    const d = asDate(v);
    return d ? formatDay(londonDate(d)) : '';
  });
  env.addFilter('dateTime', (v: unknown) => formatInstant(asDate(v)));
  /** The GOV.UK `errorMessage` option for a field, or false when it has no error. */
  env.addFilter('errorFor', (errors: FieldError[] | undefined, field: string) => {
    const e = errors?.find((x) => x.field === field);
    return e ? { text: e.message } : false;
  });
  /** Error summary items linking to each field. */
  env.addFilter('errorList', (errors: FieldError[] | undefined) =>
    (errors ?? []).map((e) => ({ text: e.message, href: `#${e.field.replace(/\./g, '-')}` })),
  );
}
