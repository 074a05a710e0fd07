// Calendar dates (ISO YYYY-MM-DD) and how the service shows dates and times: UK time, long month names.
//
// Intl.DateTimeFormat takes about 3 µs a call, and a queue page shows hundreds of dates. From 1900 to 2100 these
// functions give Intl's own output from UTC fields instead: Europe/London has changed its offset from UTC only on
// the hour in that time, so Intl is asked once for each hour's offset. Outside that range they ask Intl each time.

const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
const instantFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit', timeZone: 'Europe/London' });
const isoDayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
const wallClock = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const HOUR_MS = 3_600_000;
const FROM = Date.UTC(1900, 0, 1);
const UNTIL = Date.UTC(2100, 0, 1);
const inRange = (ms: number) => ms >= FROM && ms < UNTIL;

// UTC hour number → London's offset from UTC in that hour, in ms. Bounded: cleared when it holds ten years of hours.
const offsets = new Map<number, number>();
const MAX_OFFSETS = 87_600;

function londonOffsetMs(ms: number): number {
  const hour = Math.floor(ms / HOUR_MS);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    const start = hour * HOUR_MS;
    const p = Object.fromEntries(wallClock.formatToParts(start).map((x) => [x.type, Number(x.value)]));
    offset = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - start;
    if (offsets.size >= MAX_OFFSETS) offsets.clear();
    offsets.set(hour, offset);
  }
  return offset;
}

/** The instant moved to London's wall clock: its UTC fields are the UK date and time. */
const londonWallClock = (ms: number) => new Date(ms + londonOffsetMs(ms));

const longDay = (d: Date) => `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;

/** ISO date of the given instant in UK local time. */
export const londonDate = (instant: Date): string => {
  const ms = instant.getTime();
  return inRange(ms) ? londonWallClock(ms).toISOString().slice(0, 10) : isoDayFormat.format(instant);
};

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
export const formatDay = (iso: string | null | undefined): string => {
  if (!iso) return '';
  // Midday UTC is the same day in London whatever its offset, so the UTC fields are the UK date's.
  const midday = new Date(`${iso}T12:00:00Z`);
  return inRange(midday.getTime()) ? longDay(midday) : dayFormat.format(midday);
};

/** "27 November 2026 at 14:28" in UK time. */
export const formatInstant = (d: Date | null | undefined): string => {
  if (!d) return '';
  const ms = d.getTime();
  if (!inRange(ms)) return instantFormat.format(d);
  const local = londonWallClock(ms);
  return `${longDay(local)} at ${local.getUTCHours()}:${String(local.getUTCMinutes()).padStart(2, '0')}`;
};
