// Checks on rendered pages shared by the integration tests.
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

export function expect303To(res: LightMyRequestResponse, location: string): void {
  expect(res.statusCode, res.body.slice(0, 2000)).toBe(303);
  expect(res.headers.location).toBe(location);
}

/** The GOV.UK error summary's links as "#field message", in order. */
export function summary(res: LightMyRequestResponse): string[] {
  const box = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(res.body)?.[0] ?? '';
  return [...box.matchAll(/<a href="(#[^"]+)">([^<]+)<\/a>/g)].map((m) => `${m[1]} ${m[2]!.trim()}`);
}
