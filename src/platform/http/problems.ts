// RFC 9457 problem details for the JSON API.
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
