// Reading a posted GOV.UK form into a schema's input and its errors into what the error summary needs: date
// boxes read first, then the schema's own rules; one message per question, in page order. Shared by every
// form engine (gateway, Channel case, provider work) so a form behaves the same wherever it is.
import type { z } from 'zod';
import type { FieldError } from '../errors.js';
import { readDate } from './dateInput.js';

type Body = Record<string, unknown>;

/** The question a field id belongs to: a date's three boxes are one question. */
export const questionOf = (field: string) => field.replace(/-(day|month|year)$/, '');

/** One message per question, in the order the questions appear on the page; unknown ones last. */
export function orderFieldErrors(fields: readonly string[], errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  const at = (e: FieldError) => {
    const i = fields.indexOf(questionOf(e.field));
    return i === -1 ? fields.length : i;
  };
  return errors.filter((e) => !seen.has(questionOf(e.field)) && seen.add(questionOf(e.field))).sort((a, b) => at(a) - at(b));
}

export interface FormDate {
  label: string;
  /** The message when the date is left empty; optional dates have none. */
  required?: string | undefined;
}

/**
 * Reads the date boxes into `input` (ISO dates), then validates `input` with the schema. A question whose date
 * boxes were wrong gets no second message from the schema. `fieldFor` turns an issue's path into the field id
 * the page uses; `moreIssues` adds rules checked across fields.
 */
export function readPostedForm<S extends z.ZodType>(
  body: Body,
  input: Record<string, unknown>,
  form: { schema: S; dates?: Record<string, FormDate> | undefined; fieldFor: (path: readonly PropertyKey[]) => string; moreIssues?: ((input: Record<string, unknown>) => z.core.$ZodIssue[]) | undefined },
): { data: z.output<S> | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  for (const [name, d] of Object.entries(form.dates ?? {})) {
    const read = readDate(body, name, d.label);
    if (read.error) errors.push(read.error);
    else if (!read.value && d.required) errors.push({ field: `${name}-day`, message: d.required });
    input[name] = read.value;
  }
  const parsed = form.schema.safeParse(input);
  const failed = new Set(errors.map((e) => questionOf(e.field)));
  for (const i of [...(parsed.success ? [] : parsed.error.issues), ...(form.moreIssues?.(input) ?? [])]) {
    const field = form.fieldFor(i.path);
    if (!failed.has(questionOf(field))) errors.push({ field, message: i.message });
  }
  return { data: parsed.success && !errors.length ? parsed.data : null, errors };
}
