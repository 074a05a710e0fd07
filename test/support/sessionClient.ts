// Helpers for driving pages and the session-authenticated JSON API with a signed-in test client.
import type { LightMyRequestResponse } from 'fastify';
import { encodeForm, type Client } from './testApp.js';

type Form = Record<string, string | string[]>;

/** A client's CSRF token, from any page with a form (a token stays valid for its session). */
const tokens = new WeakMap<Client, string>();
export async function csrf(c: Client): Promise<string> {
  if (!tokens.has(c)) tokens.set(c, await c.csrfToken('/refer/person'));
  return tokens.get(c)!;
}

/** Posts a page form with the client's CSRF token. */
export async function post(c: Client, url: string, form: Form = {}): Promise<LightMyRequestResponse> {
  return c.request({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: encodeForm({ ...form, _csrf: await csrf(c) }) });
}

/** A JSON API call with the session's cookie and its CSRF token in x-csrf-token (or the token given, or none). */
export async function json(c: Client, method: 'GET' | 'POST', url: string, body?: unknown, opts: { csrf?: string | false } = {}): Promise<LightMyRequestResponse> {
  const token = opts.csrf === undefined ? await csrf(c) : opts.csrf;
  return c.request({
    method,
    url,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { 'x-csrf-token': token } : {}) },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });
}
