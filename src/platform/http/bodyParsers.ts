// Request body parsing that refuses bytes which are not UTF-8, rather than silently replacing them.
import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { BadRequestError } from '../errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decode(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new BadRequestError('The request body is not valid UTF-8 text.', 'encoding');
  }
}

function percentDecode(part: string): string {
  const bytes: number[] = [];
  const s = part.replace(/\+/g, ' ');
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25 && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(s[i]!, 'utf8'));
    }
  }
  const text = decode(Uint8Array.from(bytes));
  // Valid UTF-8, but no text a person types contains it, and PostgreSQL cannot store it.
  if (text.includes('\u0000')) throw new BadRequestError('The request body contains a character that is not allowed (NUL).', 'encoding');
  return text;
}

/** application/x-www-form-urlencoded into a plain object; repeated names become arrays. */
export function parseForm(body: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null);
  for (const pair of body.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = percentDecode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : percentDecode(pair.slice(eq + 1));
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    const existing = out[key];
    if (existing === undefined) out[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else out[key] = [existing, value];
  }
  return { ...out };
}

export function registerBodyParsers(app: FastifyInstance): void {
  app.removeContentTypeParser(['application/json']);
  app.addContentTypeParser(['application/json', 'application/problem+json'], { parseAs: 'buffer' }, (_req, body, done) => {
    try {
      const text = decode(body as Buffer);
      done(null, text.trim() === '' ? undefined : secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }));
    } catch (err) {
      done(err instanceof BadRequestError ? err : new BadRequestError('The request body is not valid JSON.', 'malformed-json'), undefined);
    }
  });
}

/**
 * For @fastify/formbody's `parser` option. The plugin has already decoded the body as UTF-8, turning raw
 * invalid bytes into U+FFFD; a form body is ASCII (browsers percent-encode), so any U+FFFD means bad input.
 */
export function strictFormParser(body: string): Record<string, string | string[]> {
  if (body.includes('\uFFFD')) throw new BadRequestError('The request body is not valid UTF-8 text.', 'encoding');
  return parseForm(body);
}
