// Working-day arithmetic for England and Wales (weekends and bank holidays are not working days).
import { addDays } from './dates.js';

export { londonDate } from './dates.js';

function isWeekend(iso: string): boolean {
  const day = new Date(`${iso}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

/** The date `n` working days after `start` (the start day itself is not counted). */
export function addWorkingDays(start: string, n: number, holidays: ReadonlySet<string>): string {
  let day = start;
  let left = n;
  while (left > 0) {
    day = addDays(day, 1);
    if (!isWeekend(day) && !holidays.has(day)) left -= 1;
  }
  return day;
}

/** Working days from `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: string, to: string, holidays: ReadonlySet<string>): number {
  let count = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) {
    if (!isWeekend(day) && !holidays.has(day)) count += 1;
  }
  return count;
}
