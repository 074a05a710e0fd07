// Calendar dates (ISO YYYY-MM-DD) and how the service shows dates and times: UK time, long month names.

const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
const instantFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit', timeZone: 'Europe/London' });
const isoDayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** ISO date of the given instant in UK local time. */
export const londonDate = (instant: Date): string => isoDayFormat.format(instant);

/** The ISO date `days` calendar days after `iso` (negative for before). */
export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The ISO date `months` calendar months after `iso`; the 31st of a shorter month becomes its last day. */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

/** "27 November 2026" for an ISO date (midday UTC, so the UK date is the same whatever the season). */
export const formatDay = (iso: string | null | undefined): string => (iso ? dayFormat.format(new Date(`${iso}T12:00:00Z`)) : '');

/** "27 November 2026 at 14:28" in UK time. */
export const formatInstant = (d: Date | null | undefined): string => (d ? instantFormat.format(d) : '');
