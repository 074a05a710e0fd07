// GOV.UK date inputs (three boxes named `<name>-day`, `-month`, `-year`) read into ISO dates. Shared by the
// referral questions and the gateway forms so that a half-filled date gets the same message everywhere.
import type { FieldError } from '../errors.js';

type Body = Record<string, unknown>;

/** The first value of a form field, trimmed; undefined when blank. */
export const formString = (body: Body, name: string): string | undefined => {
  const v = body[name];
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' && s.trim() !== '' ? s.trim() : undefined;
};

/**
 * The date as YYYY-MM-DD, nothing when all three boxes are empty, or an error naming the box to fix.
 * Whether the date is real and in range is left to the schema, so the rules exist once.
 */
export function readDate(body: Body, name: string, label: string): { value?: string; error?: FieldError } {
  const parts = { day: formString(body, `${name}-day`), month: formString(body, `${name}-month`), year: formString(body, `${name}-year`) };
  const given = Object.entries(parts).filter(([, v]) => v !== undefined);
  if (given.length === 0) return {};
  const missing = Object.entries(parts).find(([, v]) => v === undefined);
  if (missing) return { error: { field: `${name}-${missing[0]}`, message: `${label} must include a ${missing[0]}` } };
  if (!Object.values(parts).every((v) => /^\d{1,4}$/.test(v!)) || parts.year!.length !== 4) {
    return { error: { field: `${name}-day`, message: `${label} must be a real date` } };
  }
  return { value: `${parts.year}-${parts.month!.padStart(2, '0')}-${parts.day!.padStart(2, '0')}` };
}

/** Day, month and year of an ISO date, or of what was posted, for refilling the three boxes. */
export function dateParts(body: Body | null, name: string, saved?: string | null): { day?: string; month?: string; year?: string } {
  if (body) return { day: formString(body, `${name}-day`), month: formString(body, `${name}-month`), year: formString(body, `${name}-year`) };
  const [year, month, day] = typeof saved === 'string' ? saved.split('-') : [];
  return { day, month, year };
}
