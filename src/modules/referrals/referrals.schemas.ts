// One schema per input. The same definitions validate the question pages, the JSON API and the stored
// submission, give TypeScript its types and produce the OpenAPI description.
import { z } from 'zod';
import { londonDate } from '../../platform/workingDays.js';

// NUL and unpaired UTF-16 surrogates (possible in JSON through \u escapes) are not text: PostgreSQL
// refuses to store them, so they are refused here, naming the field, rather than failing on insert.
const UNSTORABLE = /[\u0000\p{Cs}]/u;
const text = (max: number, label: string) =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    .max(max, `${label[0]!.toUpperCase()}${label.slice(1)} must be ${max} characters or fewer`)
    .refine((v) => !UNSTORABLE.test(v), `${label[0]!.toUpperCase()}${label.slice(1)} contains a character that is not allowed`);
const required = (max: number, label: string) => text(max, label).min(1, `Enter ${label}`);
const optional = (max: number, label: string) =>
  text(max, label)
    .optional()
    .transform((v) => (v ? v : undefined));

function isRealDate(iso: string): boolean {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** A real calendar date in the past, as YYYY-MM-DD. */
export const pastDate = (label: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a real date`)
    .refine(isRealDate, `${label} must be a real date`)
    .refine((v) => v >= '1900-01-01', `${label} must be after 1900`)
    .refine((v) => v <= londonDate(new Date()), `${label} must be in the past`);

const UK_POSTCODE = /^([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})$/;
export const postcode = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase().replace(/\s+/g, ''))
  .refine((v) => UK_POSTCODE.test(v), 'Enter a real UK postcode, like B1 1AA')
  .transform((v) => v.replace(UK_POSTCODE, '$1 $2'));

export const GENDERS = ['female', 'male', 'other', 'not_known'] as const;
/** The five high-level ethnic groups of the 2021 Census (ONS), plus "Not known"; optional, for the official statistics. */
export const ETHNICITIES = ['asian', 'black', 'mixed', 'white', 'other', 'not_known'] as const;
export const YES_NO_UNSURE = ['yes', 'no', 'not_sure'] as const;
export const SUPPORT_NEEDS = ['autism_or_neurodivergence', 'mental_health', 'learning_disability', 'physical_disability', 'other'] as const;
export const DSL_CONSULTED = ['yes', 'no', 'not_applicable'] as const;

export const subjectSchema = z.strictObject({
  givenName: required(100, 'their first name'),
  familyName: required(100, 'their last name'),
  aliases: z.array(required(100, 'the other name')).max(10, 'Enter 10 other names or fewer').default([]),
  dateOfBirth: pastDate('Date of birth').optional(),
  approximateAge: z.coerce
    .number({ error: 'Approximate age must be a number' })
    .int('Approximate age must be a whole number')
    .min(0, 'Approximate age must be 0 or more')
    .max(120, 'Approximate age must be 120 or less')
    .optional(),
  gender: z.enum(GENDERS, { error: 'Select their gender, or ‘Not known’' }),
  ethnicity: z.enum(ETHNICITIES, { error: 'Select their ethnic group from the list' }).optional(),
  address: optional(500, 'their address'),
  postcode: postcode.optional(),
  schoolOrWorkplace: optional(200, 'their school, college or workplace'),
});

export const concernSchema = z
  .strictObject({
    narrative: required(10_000, 'what worries you'),
    startedWhen: optional(200, 'when it started'),
    onlineBehaviour: optional(5_000, 'what they do online'),
    threatOfHarm: z.enum(YES_NO_UNSURE, { error: 'Select whether they have threatened to harm anyone' }),
    threatDetails: optional(5_000, 'details of the threat'),
    supportNeeds: z.array(z.enum(SUPPORT_NEEDS, { error: 'Select a support need from the list' })).max(SUPPORT_NEEDS.length).default([]),
    supportNeedsDetails: optional(2_000, 'details of their support needs'),
  })
  .refine((c) => c.threatOfHarm !== 'yes' || !!c.threatDetails, { path: ['threatDetails'], message: 'Enter details of the threat' });

export const awarenessSchema = z.strictObject({
  subjectAware: z.enum(YES_NO_UNSURE, { error: 'Select whether the person knows you are telling us' }),
  parentAware: z.enum([...YES_NO_UNSURE, 'not_applicable'], { error: 'Select whether a parent or carer knows' }),
});

export const publicReferrerSchema = z
  .strictObject({
    anonymous: z.boolean({ error: 'Select whether you want to give your contact details' }),
    name: optional(200, 'your name'),
    email: z.email('Enter an email address in the correct format, like name@example.com').max(320).optional().or(z.literal('').transform(() => undefined)),
    phone: optional(30, 'your phone number').refine((v) => !v || /^[+\d][\d\s()-]{6,}$/.test(v), 'Enter a phone number, like 01632 960 001'),
    relationship: optional(200, 'how you know them'),
  })
  .refine((r) => r.anonymous || !!r.name, { path: ['name'], message: 'Enter your name' })
  .refine((r) => r.anonymous || !!r.email || !!r.phone, { path: ['email'], message: 'Enter an email address or phone number' });

export const professionalSchema = z
  .strictObject({
    name: required(200, 'your name'),
    role: required(200, 'your role'),
    email: z.email('Enter an email address in the correct format, like name@example.com').max(320),
    phone: optional(30, 'your phone number'),
    safeguardingLeadConsulted: z.enum(DSL_CONSULTED, { error: 'Select whether you consulted your designated safeguarding lead' }),
    safeguardingLeadName: optional(200, 'the safeguarding lead’s name'),
    otherAgencies: optional(2_000, 'the other agencies involved'),
  })
  .refine((p) => p.safeguardingLeadConsulted !== 'yes' || !!p.safeguardingLeadName, {
    path: ['safeguardingLeadName'],
    message: 'Enter the safeguarding lead’s name',
  });

export const publicReferralSchema = z.strictObject({
  subject: subjectSchema,
  concern: concernSchema,
  awareness: awarenessSchema,
  referrer: publicReferrerSchema,
});

/** Professional referrals, from the signed-in form and the API alike. */
export const professionalReferralSchema = z.strictObject({
  subject: subjectSchema,
  concern: concernSchema,
  awareness: awarenessSchema,
  professional: professionalSchema,
});

export type PublicReferral = z.output<typeof publicReferralSchema>;
export type ProfessionalReferral = z.output<typeof professionalReferralSchema>;
export type ReferralSubmission = PublicReferral | ProfessionalReferral;

export const referralCreatedSchema = z.object({
  id: z.uuid(),
  reference: z.string().describe('Unguessable reference to quote in correspondence'),
  status: z.enum(['received', 'being_assessed', 'closed']),
});

export const referralStatusSchema = referralCreatedSchema.extend({
  submittedAt: z.string(),
  outcome: z
    .string()
    .optional()
    .describe('Once the status is `closed`: the category of outcome the police chose to tell the referrer, e.g. "No further action by Prevent". Never the reasons or the details of the assessment. Absent while the case is open, or when no category was recorded.'),
});
