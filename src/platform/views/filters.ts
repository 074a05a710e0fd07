import type nunjucks from 'nunjucks';
import type { FieldError } from '../errors.js';

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit', timeZone: 'Europe/London',
});

function asDate(value: unknown): Date | null {
  if (value instanceof Date) return value;
  if (typeof value === 'string' && value) {
    const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00Z` : value);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

export function addFilters(env: nunjucks.Environment): void {
  env.addFilter('date', (v: unknown) => {
    const d = asDate(v);
    return d ? dateFormat.format(d) : '';
  });
  env.addFilter('dateTime', (v: unknown) => {
    const d = asDate(v);
    return d ? dateTimeFormat.format(d) : '';
  });
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
