// Meetings are scheduled in UK local time (a date and "14:30"), stored as instants: this turns one into the
// other across British Summer Time without a time-zone library.
const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** The UK wall-clock time of an instant as minutes since the epoch, to compare with the wanted wall-clock time. */
function londonWallMinutes(d: Date): number {
  const p = Object.fromEntries(parts.formatToParts(d).map((x) => [x.type, x.value]));
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute)) / 60_000;
}

/** The instant at which UK clocks show `date` `time` (HH:MM). */
export function londonInstant(date: string, time: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [h, min] = time.split(':').map(Number) as [number, number];
  const wanted = Date.UTC(y, m - 1, d, h, min) / 60_000;
  // Start from the wall time read as UTC and correct by the offset found there (twice, for the changeover days).
  let guess = new Date(wanted * 60_000);
  for (let i = 0; i < 2; i++) guess = new Date(guess.getTime() + (wanted - londonWallMinutes(guess)) * 60_000);
  return guess;
}

/** "14:30": the UK time of an instant, for refilling the form. */
export function londonTime(d: Date): string {
  const p = Object.fromEntries(parts.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.hour}:${p.minute}`;
}
