// Instants as ISO 8601 text, as Date#toISOString writes them, for the synthetic generator: it writes a dozen
// timestamps a referral, and formatting the whole date each time was a twentieth of its work. The date part
// is worked out once a day and kept (a few thousand days in a data set); the time of day is arithmetic.
const DAY = 86_400_000;
const dates = new Map<number, string>();
const two = (n: number) => (n < 10 ? `0${n}` : String(n));
const three = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n));

/** `new Date(ms).toISOString()`, for instants from 1970 to 9999. */
export function isoInstant(ms: number): string {
  // Date keeps whole milliseconds, dropping any fraction.
  const whole = Math.trunc(ms);
  const dayNumber = Math.floor(whole / DAY);
  let date = dates.get(dayNumber);
  if (date === undefined) dates.set(dayNumber, (date = new Date(dayNumber * DAY).toISOString().slice(0, 11)));
  let rest = whole - dayNumber * DAY;
  const milli = rest % 1000;
  rest = (rest - milli) / 1000;
  const second = rest % 60;
  rest = (rest - second) / 60;
  const minute = rest % 60;
  return `${date}${two((rest - minute) / 60)}:${two(minute)}:${two(second)}.${three(milli)}Z`;
}

/** The UTC date of the instant, YYYY-MM-DD. */
export const isoDay = (ms: number): string => isoInstant(ms).slice(0, 10);
