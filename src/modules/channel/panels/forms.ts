// How the panel and register pages handle a posted form, so each route only says what its form is: reading
// lists and yes/no answers from a urlencoded body, turning schema issues into one GOV.UK error per field in
// page order, and running the service's action so that a conflict (409) or a rule (422) comes back on the form.
import type { z } from 'zod';
import { ConflictError, ValidationError, type FieldError } from '../../../platform/errors.js';
import { formString } from '../../../platform/views/dateInput.js';

export type Body = Record<string, unknown>;

/** Every value of a repeated field (checkboxes), blanks dropped. */
export const formList = (body: Body, name: string): string[] => {
  const v = body[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim());
};

/** A yes/no radio as a boolean; undefined when not answered. */
export const formYesNo = (body: Body, name: string): boolean | undefined => {
  const v = formString(body, name);
  return v === 'yes' ? true : v === 'no' ? false : undefined;
};

const baseName = (field: string) => field.replace(/-(day|month|year)$/, '').split('.')[0]!;

/** Issues and service errors as GOV.UK field errors: one per field (the first found), in page order. */
export function fieldErrors(issues: readonly z.core.$ZodIssue[], order: readonly string[], idOf: (name: string) => string = (n) => n, already: FieldError[] = []): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  const add = (e: FieldError) => {
    const name = baseName(e.field);
    if (seen.has(name)) return;
    seen.add(name);
    errors.push(e);
  };
  for (const e of already) add(e);
  for (const i of issues) {
    const name = String(i.path[0] ?? order[0]);
    add({ field: idOf(name), message: i.message });
  }
  const at = (e: FieldError) => {
    const i = order.indexOf(baseName(e.field));
    return i === -1 ? order.length : i;
  };
  return errors.sort((a, b) => at(a) - at(b));
}

export type Attempt<T> = { ok: true; value: T } | { ok: false; status: 409 | 422; errors: FieldError[] };

/** Runs an action; a conflict comes back against `firstField`, a rule the service checks against its own field. */
export async function attempt<T>(act: () => Promise<T>, firstField: string, idOf: (name: string) => string = (n) => n): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await act() };
  } catch (err) {
    if (err instanceof ConflictError) return { ok: false, status: 409, errors: [{ field: idOf(firstField), message: err.message }] };
    if (err instanceof ValidationError) return { ok: false, status: 422, errors: err.errors.map((e) => ({ ...e, field: idOf(e.field) })) };
    throw err;
  }
}

/** Previous and next links for GOV.UK pagination, keeping the other query parameters. */
export function pagination(path: string, page: number, total: number, pageSize: number, query: Record<string, string | undefined> = {}) {
  const pages = Math.ceil(total / pageSize);
  const href = (p: number) => {
    const q = new URLSearchParams(Object.entries({ ...query, page: String(p) }).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
    return `${path}?${q.toString()}`;
  };
  return { previousHref: page > 1 ? href(page - 1) : undefined, nextHref: page < pages ? href(page + 1) : undefined };
}
