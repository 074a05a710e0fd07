// Property tests: whatever a client sends, the service answers without a server error, and anything it
// accepts is stored in a form that its own schema accepts again.
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referrals } from '../../src/db/schema.js';
import { PAGES, PUBLIC_FLOW } from '../../src/modules/referrals/journey.js';
import { professionalReferralSchema } from '../../src/modules/referrals/referrals.schemas.js';
import { createTestApp, encodeForm, type Client, type TestApp } from '../support/testApp.js';
import { apiReferral, tokenFor } from '../support/referrals.js';

let t: TestApp;
let token: string;
let requests = 0;

beforeAll(async () => {
  t = await createTestApp();
  token = await tokenFor(t, 'bsmhft');
});
afterAll(() => t?.close());

// The API allows 120 requests a minute from one address; spread the runs over many addresses so the
// properties exercise the handler rather than the rate limiter.
const nextAddress = () => {
  requests += 1;
  return `10.${(requests >> 16) & 255}.${(requests >> 8) & 255}.${requests & 255}`;
};

async function postApi(payload: string) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/referrals',
    remoteAddress: nextAddress(),
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload,
  });
}

/** Any UTF-16 code unit, lone surrogates included: what a JSON "\uD800" escape produces. */
const codeUnitString = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)), maxLength: 40 });
const anyString = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), codeUnitString);

const interesting = fc.constantFrom<unknown>(
  undefined,
  null,
  '',
  ' ',
  '  padded  ',
  'B1 1AA',
  'b11aa',
  'SW1A 1AA',
  'yes',
  'no',
  'not_sure',
  'not_applicable',
  'female',
  'other',
  '2009-02-29',
  '2008-02-29',
  '1899-12-31',
  '1900-01-01',
  '0000-00-00',
  '9999-12-31',
  'x'.repeat(100),
  'x'.repeat(101),
  'x'.repeat(10_001),
  'a\u0000b',
  '\ud800',
  'name@example.com',
  '<script>alert(1)</script>',
  ['mental_health'],
  ['other', 'other'],
  [],
  {},
  0,
  -1,
  17.5,
  120,
  121,
  '18',
  true,
);

const value = fc.oneof(
  { weight: 3, arbitrary: interesting },
  { weight: 3, arbitrary: anyString },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.date({ min: new Date('1850-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)) },
  { weight: 1, arbitrary: fc.integer({ min: -5, max: 130 }) },
);

const LEAVES: Record<string, string[]> = {
  subject: ['givenName', 'familyName', 'aliases', 'dateOfBirth', 'approximateAge', 'gender', 'address', 'postcode', 'schoolOrWorkplace'],
  concern: ['narrative', 'startedWhen', 'onlineBehaviour', 'threatOfHarm', 'threatDetails', 'supportNeeds', 'supportNeedsDetails'],
  awareness: ['subjectAware', 'parentAware'],
  professional: ['name', 'role', 'email', 'phone', 'safeguardingLeadConsulted', 'safeguardingLeadName', 'otherAgencies'],
};
const leaf = fc.constantFrom(...Object.entries(LEAVES).flatMap(([s, fields]) => fields.map((f) => [s, f] as const)));
const mutation = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('set' as const), at: leaf, value }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('extra' as const), section: fc.constantFrom('', ...Object.keys(LEAVES)), key: fc.string({ minLength: 1, maxLength: 12 }), value }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('section' as const), section: fc.constantFrom(...Object.keys(LEAVES)), value }) },
);

type Json = Record<string, unknown>;
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

/** A valid referral with the mutations applied: fields set, removed or added, or whole sections replaced. */
function mutate(mutations: Mutation[]): Json {
  const body = structuredClone(apiReferral('Property')) as unknown as Record<string, Json>;
  for (const m of mutations) {
    if (m.kind === 'set') {
      const [section, field] = m.at;
      const target = body[section];
      if (!target || typeof target !== 'object' || Array.isArray(target)) continue;
      if (m.value === undefined) delete target[field];
      else target[field] = m.value;
    } else if (m.kind === 'extra') {
      const target = m.section ? body[m.section] : (body as unknown as Json);
      if (target && typeof target === 'object') (target as Json)[m.key] = m.value;
    } else if (m.value === undefined) {
      delete body[m.section];
    } else {
      (body as unknown as Json)[m.section] = m.value;
    }
  }
  return body as unknown as Json;
}

async function checkAccepted(res: { statusCode: number; body: string }) {
  expect(res.statusCode, res.body.slice(0, 500)).toBeLessThan(500);
  if (res.statusCode !== 201) return;
  const { id } = JSON.parse(res.body) as { id: string };
  const [stored] = await t.db.database.db.select().from(referrals).where(eq(referrals.id, id));
  const again = professionalReferralSchema.safeParse(stored!.submission);
  expect(again.success, JSON.stringify(again.error?.issues)).toBe(true);
  // Stored already normalised: validating it again changes nothing.
  expect(again.data).toEqual(stored!.submission);
  expect(stored!.subjectGivenName).toBe(again.data!.subject.givenName);
}

describe('the API', () => {
  it('never answers 5xx to arbitrary JSON', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (body) => {
        await checkAccepted(await postApi(JSON.stringify(body)));
      }),
      { numRuns: 150 },
    );
  });

  it('never answers 5xx to mutated referrals, and what it accepts re-validates', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        const res = await postApi(JSON.stringify(mutate(mutations)));
        if (res.statusCode === 201) accepted += 1;
        await checkAccepted(res);
      }),
      { numRuns: 200 },
    );
    // The generator must reach the storing path, not only the validator.
    expect(accepted).toBeGreaterThan(10);
  });

  it('never answers 5xx to arbitrary text sent as JSON', async () => {
    await fc.assert(
      fc.asyncProperty(anyString, async (text) => {
        const res = await postApi(text);
        expect(res.statusCode).toBeLessThan(500);
      }),
      { numRuns: 100 },
    );
  });
});

describe('the public question pages', () => {
  let c: Client;
  let csrf: string;
  beforeAll(async () => {
    c = t.client();
    csrf = await c.csrfToken('/refer/person');
  });

  const fieldValue = fc.oneof(
    { weight: 4, arbitrary: anyString.map((s) => s.replace(/[\ud800-\udfff]/g, '')) },
    { weight: 1, arbitrary: fc.constantFrom('yes', 'no', 'not_sure', 'male', 'B1 1AA', '14', '3', '2009', 'mental_health', '_unchecked', 'a\u0000b') },
    { weight: 1, arbitrary: fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }) },
  );
  const pageForm = fc.constantFrom(...PUBLIC_FLOW).chain((slug) => {
    const names = slug === 'age' ? ['dateOfBirth-day', 'dateOfBirth-month', 'dateOfBirth-year', 'approximateAge', 'gender'] : slug === 'about-you' ? ['contact', ...PAGES[slug]!.fields] : PAGES[slug]!.fields;
    return fc.record({
      slug: fc.constant(slug),
      form: fc.dictionary(fc.constantFrom(...names), fieldValue, { maxKeys: names.length }),
      extra: fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 2 }),
    });
  });

  it('answer 303 or 422 to arbitrary answers, never 5xx (400 only for NUL, which no text contains)', async () => {
    await fc.assert(
      fc.asyncProperty(pageForm, async ({ slug, form, extra }) => {
        const fields = { ...extra, ...(form as Record<string, string | string[]>) };
        const res = await c.request({
          method: 'POST',
          url: `/refer/${slug}`,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: encodeForm({ ...fields, _csrf: csrf }),
        });
        const expected = JSON.stringify(fields).includes('\\u0000') ? [400] : [303, 422];
        expect(expected, `${slug}: ${res.statusCode} ${res.body.slice(0, 300)}`).toContain(res.statusCode);
      }),
      { numRuns: 200 },
    );
  });

  it('never answer 5xx to arbitrary raw form bodies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PUBLIC_FLOW, 'check'), fc.string({ unit: 'binary-ascii', maxLength: 80 }), async (slug, raw) => {
        const res = await c.request({
          method: 'POST',
          url: `/refer/${slug}`,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: `_csrf=${encodeURIComponent(csrf)}&${raw}`,
        });
        expect(res.statusCode, `${slug} ${JSON.stringify(raw)}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });
});
