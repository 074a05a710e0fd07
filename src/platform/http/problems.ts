// RFC 9457 problem details for the JSON API.
import { z } from 'zod';
import type { FieldError } from '../errors.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: Array<{ pointer: string; field: string; detail: string }>;
}

export function problem(status: number, type: string, title: string, detail: string, errors?: FieldError[]): Problem {
  return {
    type: `urn:ct-casework:problem:${type}`,
    title,
    status,
    detail,
    ...(errors?.length
      ? { errors: errors.map((e) => ({ pointer: `#/${e.field.split('.').join('/')}`, field: e.field, detail: e.message })) }
      : {}),
  };
}

/** The problem-details body as an OpenAPI response schema. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ pointer: z.string(), field: z.string(), detail: z.string() })).optional(),
  })
  .describe('RFC 9457 problem details');

/** Response schemas for the given error statuses, for a route's `schema.response`. */
export const problemResponses = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, problemSchema]));
