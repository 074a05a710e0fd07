// Inputs of the Channel case record (assessments, consent, withdrawal, support plan, interventions, post-exit
// reviews) and the case as JSON. One schema per input: it validates the page forms and the JSON API, types the
// services and describes the API in OpenAPI. Every text is words: the assessment has no score, rating or total.
import { z } from 'zod';
import { pastDate } from '../../referrals/referrals.schemas.js';
import { WITHDRAWAL_ROUTES } from './lifecycle.js';

const cap = (s: string) => `${s[0]!.toUpperCase()}${s.slice(1)}`;
// NUL and unpaired surrogates cannot be stored: refused here, naming the field, rather than failing on insert.
const UNSTORABLE = /[\u0000\p{Cs}]/u;
const words = (max: number, what: string) =>
  z
    .string({ error: `Enter ${what}` })
    .trim()
    .max(max, `${cap(what)} must be ${max} characters or fewer`)
    .refine((v) => !UNSTORABLE.test(v), `${cap(what)} contains a character that is not allowed`);
const text = (max: number, what: string) => words(max, what).min(1, `Enter ${what}`);
const optionalText = (max: number, what: string) =>
  words(max, what)
    .optional()
    .transform((v) => (v ? v : undefined));
const fact = <T extends z.ZodType>(s: T): T => s.meta({ 'x-nature': 'fact' });
const judgement = <T extends z.ZodType>(s: T): T => s.meta({ 'x-nature': 'professional judgement' });

const realDay = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};
/** A real calendar date, past or future (a start date may be planned). */
const anyDate = (label: string) =>
  z
    .string({ error: `Enter ${label.toLowerCase()}` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a real date`)
    .refine(realDay, `${label} must be a real date`)
    .refine((v) => v >= '2000-01-01' && v <= '2100-12-31', `${label} must be a real date`);

/** The case's version as the user saw it: a stale one is a 409. */
const caseVersion = z.coerce.number({ error: 'Reload the page and try again' }).int().positive().describe('The Channel case’s version: a stale one is a 409');

// ---- Vulnerability assessment (VAF) --------------------------------------------------------------------

export const VAF_DIMENSIONS = { engagement: 'Engagement with a group, cause or ideology', intent: 'Intent to cause harm', capability: 'Capability to cause harm' } as const;

/** One factor the panel addressed: what it knows and what it judges, both in words (or neither). */
export const vafFactorSchema = z
  .strictObject({
    code: z.string().trim().min(1).max(60).describe('A factor code of the vaf_factors reference data'),
    evidence: fact(text(5000, 'the evidence')),
    judgement: judgement(text(5000, 'your professional judgement')),
  })
  .describe('Evidence and professional judgement in words: never a score or rating');

export const assessmentSchema = z.strictObject({
  factors: z
    .array(vafFactorSchema)
    .max(100)
    .default([])
    .refine((fs) => new Set(fs.map((f) => f.code)).size === fs.length, 'Address each factor once'),
  summary: judgement(text(10_000, 'the summary conclusion')),
  managementPlan: judgement(text(10_000, 'the management plan')),
  significantChanges: judgement(optionalText(10_000, 'what has changed significantly since the last assessment')).describe(
    'Required from the second assessment on',
  ),
  version: caseVersion,
});
export type AssessmentInput = z.output<typeof assessmentSchema>;

// ---- Consent and withdrawal ----------------------------------------------------------------------------

export const CONSENT_STATUS_LABELS = { given: 'Consent given', refused: 'Consent refused' } as const;
export const GIVEN_BY_LABELS = { person: 'The person', parent_guardian: 'A parent or guardian' } as const;

export const consentSchema = z
  .strictObject({
    status: fact(z.enum(['given', 'refused'], { error: 'Select whether consent was given or refused' })),
    givenBy: fact(z.enum(['person', 'parent_guardian'], { error: 'Select who decided' })),
    giverName: fact(text(200, 'the name of the person who decided')),
    relationship: fact(optionalText(100, 'the parent or guardian’s relationship to the person')),
    soughtHow: fact(text(2000, 'how consent was sought')),
    soughtBy: fact(text(200, 'who sought consent')),
    soughtOn: fact(pastDate('The date consent was sought')),
    capacityNotes: judgement(optionalText(5000, 'the capacity considerations')),
    decidedOn: fact(pastDate('The date of the decision')),
    purposes: fact(text(2000, 'the purposes the consent covers')),
    version: caseVersion,
  })
  .refine((c) => c.givenBy !== 'parent_guardian' || !!c.relationship, { path: ['relationship'], message: 'Enter the parent or guardian’s relationship to the person' });
export type ConsentFormInput = z.output<typeof consentSchema>;

export const withdrawalSchema = z.strictObject({
  route: fact(z.enum(Object.keys(WITHDRAWAL_ROUTES) as [keyof typeof WITHDRAWAL_ROUTES], { error: 'Select how the withdrawal reached the service' })),
  withdrawnOn: fact(pastDate('The date consent was withdrawn')),
  notes: fact(optionalText(5000, 'the notes')),
  version: caseVersion,
});

// ---- Support plan and interventions --------------------------------------------------------------------

export const planSchema = z.strictObject({
  consentApproach: text(5000, 'how, when and by whom consent will be or was sought'),
  adjustments: optionalText(5000, 'the adjustments'),
  version: z.coerce.number().int().min(0).describe('The support plan’s version as you saw it (0 when there is none yet): a stale one is a 409'),
});

export const interventionSchema = z.strictObject({
  typeCode: fact(z.string({ error: 'Select the type of support' }).trim().min(1, 'Select the type of support').max(60)),
  providerId: fact(z.uuid({ error: 'Select a provider from the register' })),
  goal: text(2000, 'the goal of the support'),
  contactRoute: fact(text(1000, 'how the provider reaches the person')),
  startsOn: fact(anyDate('The start date')),
  expectedSessions: z.coerce
    .number({ error: 'Enter the number of sessions expected, as a whole number' })
    .int('Enter the number of sessions expected, as a whole number')
    .min(1, 'Expect at least 1 session')
    .max(500, 'Expect 500 sessions or fewer'),
  version: caseVersion,
});

// ---- Post-exit reviews ---------------------------------------------------------------------------------

export const POST_EXIT_OUTCOMES = {
  no_concerns: 'No concerns: the review is complete',
  extend: 'Extend watch: schedule a review 24 months after exit',
  reopen: 'Concerns have returned: reopen the case for the panel',
} as const;

export const postExitReviewSchema = z.strictObject({
  outcome: judgement(z.enum(Object.keys(POST_EXIT_OUTCOMES) as [keyof typeof POST_EXIT_OUTCOMES], { error: 'Select the outcome of the review' })),
  notes: judgement(text(10_000, 'the notes of the review')),
  completedOn: fact(pastDate('The date of the review')),
  version: caseVersion,
});

// ---- JSON API responses --------------------------------------------------------------------------------

const when = z.string().describe('ISO 8601 date-time');
const day = z.string().describe('ISO 8601 date');

/** The case as its page shows it: what the panel may see, never police-only content. */
export const caseJsonSchema = z.object({
  id: z.uuid(),
  state: z.string(),
  version: z.number().int().describe('Send with every action: a stale version is a 409'),
  referredAt: when,
  referredVia: z.string(),
  adoptedAt: when.nullable(),
  nextReviewOn: day.nullable(),
  exitedAt: when.nullable(),
  exitReason: z.string().nullable(),
  closingReport: z.string().nullable(),
  localAuthority: z.string(),
  person: z.object({ givenName: z.string(), familyName: z.string(), dateOfBirth: day.nullable() }),
  referral: z
    .object({
      id: z.uuid(),
      reference: z.string(),
      referringForce: z.string(),
      route: z.enum(['gateway', 'police_led_review']),
      referredAt: when,
      referredBy: z.string(),
      reasonableGrounds: judgement(z.string().nullable()),
    })
    .nullable(),
  decisions: z.array(z.object({ id: z.uuid(), decision: z.string(), method: z.string(), dissent: z.string().nullable(), rationale: z.string(), decidedBy: z.string(), recordedAt: when })),
  assessments: z.array(
    z.object({
      id: z.uuid(),
      framework: z.string(),
      factors: z.array(z.object({ code: z.string(), dimension: z.string(), label: z.string(), evidence: z.string(), judgement: z.string() })),
      summary: z.string(),
      managementPlan: z.string(),
      significantChanges: z.string().nullable(),
      recordedBy: z.string(),
      recordedAt: when,
    }),
  ),
  consents: z.array(
    z.object({
      id: z.uuid(),
      status: z.enum(['given', 'refused']),
      givenBy: z.enum(['person', 'parent_guardian']),
      giverName: z.string(),
      relationship: z.string().nullable(),
      soughtHow: z.string(),
      soughtBy: z.string(),
      soughtOn: day,
      capacityNotes: z.string().nullable(),
      decidedOn: day,
      purposes: z.string(),
      withdrawnOn: day.nullable(),
      withdrawalRoute: z.string().nullable(),
      withdrawalNotes: z.string().nullable(),
      live: z.boolean(),
    }),
  ),
  plan: z.object({ consentApproach: z.string(), adjustments: z.string().nullable(), version: z.number().int(), updatedAt: when }).nullable(),
  interventions: z.array(
    z.object({
      id: z.uuid(),
      type: z.string(),
      provider: z.string(),
      goal: z.string(),
      contactRoute: z.string(),
      startsOn: day,
      expectedSessions: z.number().int(),
      status: z.string(),
      sessionsHeld: z.number().int(),
      lastSessionOn: day.nullable(),
    }),
  ),
  postExitReviews: z.array(z.object({ id: z.uuid(), monthsAfterExit: z.number().int(), dueOn: day, completedOn: day.nullable(), outcome: z.string().nullable(), notes: z.string().nullable() })),
  events: z.array(z.object({ type: z.string(), fromState: z.string().nullable(), toState: z.string().nullable(), by: z.string().nullable(), organisation: z.string().nullable(), occurredAt: when })),
  permissions: z.object({ canRun: z.boolean(), canWithdrawConsent: z.boolean() }),
});

export const caseActionSchema = z.object({
  channelCaseId: z.uuid(),
  state: z.string(),
  version: z.number().int().describe('The case’s version now: send it with the next action'),
});
export const caseRecordSchema = caseActionSchema.extend({ id: z.uuid() });
