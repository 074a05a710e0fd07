// The referral question pages, shared by the public form and the professional form. Each page fills part
// of one section; it is checked with that section's schema from referrals.schemas.ts, keeping only the
// errors about this page's own fields, so the rules exist once.
import type { z } from 'zod';
import type { FieldError } from '../../platform/errors.js';
import { readDate } from '../../platform/views/dateInput.js';
import { awarenessSchema, concernSchema, postcode, professionalSchema, publicReferrerSchema, subjectSchema } from './referrals.schemas.js';

/** Answers so far, by section, and the pages already answered (optional pages count only once seen). */
export type Answers = Partial<Record<Section, Record<string, unknown>>> & { visited?: string[] };
export type Section = 'subject' | 'concern' | 'awareness' | 'referrer' | 'professional';
type Body = Record<string, unknown>;

export interface QuestionPage {
  slug: string;
  section: Section;
  title: string;
  fields: string[];
  /** Turns the posted form into section values, or an error a schema cannot see (a half-filled date). */
  read(body: Body): { values: Record<string, unknown>; errors: FieldError[] };
}

const str = (body: Body, name: string): string | undefined => {
  const v = body[name];
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' && s.trim() !== '' ? s.trim() : undefined;
};
const list = (body: Body, name: string): string[] => {
  const v = body[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string' && x !== '' && x !== '_unchecked');
};

const plain = (...names: string[]) => (body: Body) => ({ values: Object.fromEntries(names.map((n) => [n, str(body, n)])), errors: [] });

export const PAGES: Record<string, QuestionPage> = {
  person: {
    slug: 'person',
    section: 'subject',
    title: 'Who are you worried about?',
    fields: ['givenName', 'familyName', 'aliases'],
    read: (body) => ({
      values: {
        givenName: str(body, 'givenName'),
        familyName: str(body, 'familyName'),
        aliases: (str(body, 'aliases') ?? '').split(/\r?\n/).map((s) => s.trim()).filter(Boolean),
      },
      errors: [],
    }),
  },
  age: {
    slug: 'age',
    section: 'subject',
    title: 'Their age and gender',
    fields: ['dateOfBirth', 'approximateAge', 'gender', 'ethnicity'],
    read: (body) => {
      const dob = readDate(body, 'dateOfBirth', 'Date of birth');
      return {
        values: { dateOfBirth: dob.value, approximateAge: str(body, 'approximateAge'), gender: str(body, 'gender'), ethnicity: str(body, 'ethnicity') },
        errors: dob.error ? [dob.error] : [],
      };
    },
  },
  address: {
    slug: 'address',
    section: 'subject',
    title: 'Where they live, study or work',
    fields: ['address', 'postcode', 'schoolOrWorkplace'],
    read: (body) => {
      const { values } = plain('address', 'postcode', 'schoolOrWorkplace')(body);
      // Keep the postcode in its standard form (B1 1AA) when it is valid, so every page shows the same.
      const normalised = postcode.safeParse(values.postcode);
      return { values: { ...values, postcode: normalised.success ? normalised.data : values.postcode }, errors: [] };
    },
  },
  concern: { slug: 'concern', section: 'concern', title: 'What worries you?', fields: ['narrative', 'startedWhen'], read: plain('narrative', 'startedWhen') },
  'concern-details': {
    slug: 'concern-details',
    section: 'concern',
    title: 'More about your concern',
    fields: ['onlineBehaviour', 'threatOfHarm', 'threatDetails', 'supportNeeds', 'supportNeedsDetails'],
    read: (body) => ({
      values: {
        onlineBehaviour: str(body, 'onlineBehaviour'),
        threatOfHarm: str(body, 'threatOfHarm'),
        threatDetails: str(body, 'threatOfHarm') === 'yes' ? str(body, 'threatDetails') : undefined,
        supportNeeds: list(body, 'supportNeeds'),
        supportNeedsDetails: str(body, 'supportNeedsDetails'),
      },
      errors: [],
    }),
  },
  awareness: { slug: 'awareness', section: 'awareness', title: 'Who knows you are telling us?', fields: ['subjectAware', 'parentAware'], read: plain('subjectAware', 'parentAware') },
  'about-you': {
    slug: 'about-you',
    section: 'referrer',
    title: 'Can we contact you?',
    fields: ['anonymous', 'name', 'email', 'phone', 'relationship'],
    read: (body) => {
      const contact = str(body, 'contact');
      if (contact !== 'yes' && contact !== 'no') return { values: {}, errors: [{ field: 'contact', message: 'Select whether we can contact you' }] };
      const anonymous = contact === 'no';
      const pick = (n: string) => (anonymous ? undefined : str(body, n));
      return { values: { anonymous, name: pick('name'), email: pick('email'), phone: pick('phone'), relationship: str(body, 'relationship') }, errors: [] };
    },
  },
  'your-details': {
    slug: 'your-details',
    section: 'professional',
    title: 'About you and your organisation',
    fields: ['name', 'role', 'email', 'phone', 'safeguardingLeadConsulted', 'safeguardingLeadName', 'otherAgencies'],
    read: plain('name', 'role', 'email', 'phone', 'safeguardingLeadConsulted', 'safeguardingLeadName', 'otherAgencies'),
  },
};

export const PUBLIC_FLOW = ['person', 'age', 'address', 'concern', 'concern-details', 'awareness', 'about-you'];
export const PROFESSIONAL_FLOW = ['person', 'age', 'address', 'concern', 'concern-details', 'awareness', 'your-details'];

const SECTION_SCHEMAS: Record<Section, z.ZodType> = {
  subject: subjectSchema,
  concern: concernSchema,
  awareness: awarenessSchema,
  referrer: publicReferrerSchema,
  professional: professionalSchema,
};

/** Field id for an issue path: the date input's first box for the date of birth. */
const fieldId = (path: PropertyKey[]) => (path[0] === 'dateOfBirth' ? 'dateOfBirth-day' : String(path[0] ?? ''));

function errorsFor(page: QuestionPage, section: Record<string, unknown>): FieldError[] {
  const result = SECTION_SCHEMAS[page.section].safeParse(section);
  if (result.success) return [];
  const errors = result.error.issues
    .filter((i) => page.fields.includes(String(i.path[0])))
    .map((i) => ({ field: page.slug === 'about-you' && i.path[0] === 'anonymous' ? 'contact' : fieldId(i.path), message: i.message }));
  // One message per field, in page order, as the GOV.UK error summary expects.
  const seen = new Set<string>();
  const order = (e: FieldError) => page.fields.indexOf(e.field.split('-')[0]!);
  return errors.filter((e) => !seen.has(e.field) && seen.add(e.field)).sort((a, b) => order(a) - order(b));
}

/** Validates one posted page against its section schema. The page's fields replace what was saved before. */
export function checkPage(page: QuestionPage, answers: Answers, body: Body): { section: Record<string, unknown>; errors: FieldError[] } {
  const { values, errors } = page.read(body);
  const section: Record<string, unknown> = { ...(answers[page.section] ?? {}) };
  for (const f of page.fields) delete section[f];
  for (const [k, v] of Object.entries(values)) if (v !== undefined) section[k] = v;
  return { section, errors: errors.length ? errors : errorsFor(page, section) };
}

/** The referral's sections only, as the referral schemas expect them. */
export function sectionsOf(answers: Answers): Record<string, unknown> {
  const { visited: _visited, ...sections } = answers;
  return sections;
}

/** The first page in the flow not yet answered validly, or null when the referral is complete. */
export function firstIncompletePage(flow: string[], answers: Answers): string | null {
  for (const slug of flow) {
    const page = PAGES[slug]!;
    const section = answers[page.section];
    if (!answers.visited?.includes(slug) || !section || errorsFor(page, section).length) return slug;
  }
  return null;
}
