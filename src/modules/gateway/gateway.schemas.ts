// Inputs of the police gateway assessment. Each field says whether it records fact or professional
// judgement (DPA 2018 s.38(2)); the pages and the API show that marking.
import { z } from 'zod';
import { pastDate } from '../referrals/referrals.schemas.js';

const text = (max: number, what: string) => z.string({ error: `Enter ${what}` }).trim().min(1, `Enter ${what}`).max(max, `${what[0]!.toUpperCase()}${what.slice(1)} must be ${max} characters or fewer`);
const optionalText = (max: number, what: string) =>
  z.string().trim().max(max, `${what[0]!.toUpperCase()}${what.slice(1)} must be ${max} characters or fewer`).optional().transform((v) => (v ? v : undefined));
const fact = <T extends z.ZodType>(s: T): T => s.meta({ 'x-nature': 'fact' });
const judgement = <T extends z.ZodType>(s: T): T => s.meta({ 'x-nature': 'professional judgement' });

export const CHECK_KINDS = ['police_systems', 'open_source', 'partner_request', 'foreign_national_check', 'other'] as const;
export const CHECK_KIND_LABELS: Record<(typeof CHECK_KINDS)[number], string> = {
  police_systems: 'Police systems (PNC, PND, local intelligence)',
  open_source: 'Open-source check',
  partner_request: 'Information requested from a partner',
  foreign_national_check: 'Foreign national check',
  other: 'Other check',
};

export const checkSchema = z.strictObject({
  kind: fact(z.enum(CHECK_KINDS, { error: 'Select the kind of check' })),
  source: fact(text(200, 'the system or partner checked')),
  requestedOn: fact(pastDate('The date of the check')),
  receivedOn: fact(pastDate('The date the answer came back').optional()),
  notes: fact(optionalText(5000, 'the notes')),
});

export const deconflictionSchema = z.strictObject({
  doneOn: fact(pastDate('The date of deconfliction')),
  sealedNotes: text(5000, 'the result of deconfliction').meta({ 'x-nature': 'fact', 'x-sealed': true }),
});

export const YES_NO_UNCLEAR = ['yes', 'no', 'unclear'] as const;

export const judgementSchema = z
  .strictObject({
    concernPresent: judgement(z.enum(YES_NO_UNCLEAR, { error: 'Select whether there is a radicalisation or terrorism concern' })),
    concernTypes: judgement(z.array(z.string().max(60)).max(10).default([])),
    vulnerabilityFactors: judgement(optionalText(5000, 'the vulnerability factors')),
    immediateRisk: judgement(z.enum(['yes', 'no'], { error: 'Select whether there is an immediate risk' })),
    immediateRiskDetails: judgement(optionalText(5000, 'the immediate risk')),
    rationale: judgement(text(10_000, 'the rationale for your judgement')),
  })
  .refine((j) => j.concernPresent === 'no' || j.concernTypes.length > 0, { path: ['concernTypes'], message: 'Select the type of concern' })
  .refine((j) => j.immediateRisk === 'no' || !!j.immediateRiskDetails, { path: ['immediateRiskDetails'], message: 'Describe the immediate risk and what has been done' });

export const OUTCOMES = ['no_further_action', 'signposted', 'police_led_management', 'channel', 'investigation_handover'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const SIGNPOST_SERVICES = ['childrens_social_care', 'adult_social_care', 'mental_health', 'early_help', 'education', 'other'] as const;

/** What the referrer is told at closure: a category only. */
export const REFERRER_OUTCOMES = {
  no_further_action: 'No further action by Prevent',
  support_elsewhere: 'Passed to another service for support',
  ongoing_support: 'Support being arranged',
  closed: 'Closed',
} as const;

const base = {
  rationale: judgement(text(10_000, 'the rationale for the decision')),
  referrerOutcome: z.enum(Object.keys(REFERRER_OUTCOMES) as [keyof typeof REFERRER_OUTCOMES], { error: 'Select what the referrer will be told' }),
  version: z.coerce.number().int().positive(),
};

export const decisionSchema = z.discriminatedUnion(
  'outcome',
  [
    z.strictObject({ outcome: z.literal('no_further_action'), ...base }),
    z.strictObject({
      outcome: z.literal('signposted'),
      ...base,
      serviceType: fact(z.enum(SIGNPOST_SERVICES, { error: 'Select the service signposted to' })),
      serviceName: fact(text(200, 'the name of the service')),
      serviceContact: fact(text(500, 'a contact at the service')),
      receivingOrganisationId: fact(z.uuid().optional()),
    }),
    z.strictObject({ outcome: z.literal('police_led_management'), ...base }),
    z.strictObject({
      outcome: z.literal('channel'),
      ...base,
      localAuthorityId: fact(z.uuid({ error: 'Select the local authority whose Channel panel will consider the case' })),
      reasonableGrounds: judgement(text(10_000, 'the reasonable grounds to believe the person is vulnerable to being drawn into terrorism')),
    }),
    z.strictObject({
      outcome: z.literal('investigation_handover'),
      ...base,
      sealedNotes: text(10_000, 'the handover note').meta({ 'x-sealed': true }),
    }),
  ],
  { error: 'Select an outcome' },
);
export type DecisionInput = z.output<typeof decisionSchema>;

export const reviewSchema = z
  .strictObject({
    decision: z.enum(['approve', 'return'], { error: 'Select whether you approve the decision' }),
    comments: optionalText(5000, 'your comments'),
    version: z.coerce.number().int().positive(),
  })
  .refine((r) => r.decision === 'approve' || !!r.comments, { path: ['comments'], message: 'Say what needs to change' });

export const assignSchema = z.strictObject({
  officerId: z.uuid({ error: 'Select an officer' }),
  version: z.coerce.number().int().positive(),
});

// ---- JSON API responses ---------------------------------------------------------------------------

const when = z.string().describe('ISO 8601 date-time');
const day = z.string().describe('ISO 8601 date');
const sealed = <T extends z.ZodType>(s: T) => s.meta({ 'x-sealed': true, description: 'Police-only: null for anyone who may not read sealed content' });

/** A case as the holding force's Prevent officers see it. Sealed content is null for anyone else. */
export const caseSchema = z.object({
  id: z.uuid(),
  reference: z.string(),
  state: z.string(),
  version: z.number().int().describe('Send with assignment, decisions and reviews: a stale version is a 409'),
  channel: z.string(),
  submittedAt: when,
  triageDueOn: day,
  heldBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  subject: z.object({ givenName: z.string(), familyName: z.string(), dateOfBirth: day.nullable(), postcode: z.string().nullable() }),
  assignedOfficer: z.object({ id: z.uuid(), name: z.string().nullable() }).nullable(),
  referrerAccount: fact(z.record(z.string(), z.unknown()).describe('The referral exactly as the referrer gave it: reported, not verified')),
  checks: z.array(
    z.object({ id: z.uuid(), kind: z.enum(CHECK_KINDS), source: z.string(), requestedOn: day, receivedOn: day.nullable(), notes: z.string().nullable(), recordedBy: z.string(), recordedAt: when }),
  ),
  deconflictions: z.array(z.object({ id: z.uuid(), doneOn: day, sealedNotes: sealed(z.string().nullable()), recordedBy: z.string(), recordedAt: when })),
  judgement: judgement(
    z
      .object({
        concernPresent: z.enum(YES_NO_UNCLEAR),
        concernTypes: z.array(z.object({ code: z.string(), label: z.string() })),
        vulnerabilityFactors: z.string().nullable(),
        immediateRisk: z.enum(['yes', 'no']),
        immediateRiskDetails: z.string().nullable(),
        rationale: z.string(),
        recordedBy: z.string(),
        recordedAt: when,
      })
      .nullable(),
  ),
  decisions: z.array(
    z.object({
      id: z.uuid(),
      outcome: z.enum(OUTCOMES),
      status: z.enum(['awaiting_approval', 'returned', 'effective']),
      details: z.record(z.string(), z.unknown()),
      rationale: judgement(z.string()),
      referrerOutcome: z.string(),
      sealedNotes: sealed(z.string().nullable()),
      decidedBy: z.string(),
      decidedAt: when,
      reviewedBy: z.string().nullable(),
      reviewedAt: when.nullable(),
      reviewComments: z.string().nullable(),
    }),
  ),
  otherReferrals: z.array(
    z.object({ id: z.uuid(), reference: z.string(), submittedAt: when, heldBy: z.string(), state: z.string(), outcome: z.string().nullable(), earlier: z.boolean() }),
  ),
  events: z.array(z.object({ type: z.string(), fromState: z.string().nullable(), toState: z.string().nullable(), organisation: z.string().nullable(), occurredAt: when })),
  permissions: z.object({ canAssess: z.boolean(), canApprove: z.boolean() }),
});

export const actionResultSchema = z.object({
  referralId: z.uuid(),
  state: z.string(),
  version: z.number().int().describe('The referral’s version now: send it with the next step'),
});

export const recordCreatedSchema = actionResultSchema.extend({ id: z.uuid() });

export const decisionCreatedSchema = recordCreatedSchema.extend({
  status: z.enum(['awaiting_approval', 'effective']),
});
