// Inputs and JSON shapes of a provider's own work: a session logged, the end-of-intervention report and a
// withdrawal of consent the person told the provider about. One schema per input drives the form's validation,
// the service's types and the OpenAPI of the JSON API. Whether a date falls before the intervention started is
// the service's check (it needs the record).
import { z } from 'zod';
import { pastDate } from '../../referrals/referrals.schemas.js';

const text = (max: number, what: string) =>
  z
    .string({ error: `Enter ${what}` })
    .trim()
    .min(1, `Enter ${what}`)
    .max(max, `${what[0]!.toUpperCase()}${what.slice(1)} must be ${max} characters or fewer`);
const optionalText = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, `${what[0]!.toUpperCase()}${what.slice(1)} must be ${max} characters or fewer`)
    .optional()
    .transform((v) => (v ? v : undefined));
const fact = <T extends z.ZodType>(s: T): T => s.meta({ 'x-nature': 'fact' });
const judgement = <T extends z.ZodType>(s: T): T => s.meta({ 'x-nature': 'professional judgement' });
const version = z.coerce.number({ error: 'Reload the page and try again' }).int().positive().describe('The intervention’s version you read: a stale one is a 409');

/** A real date, today or earlier (a session or a report is recorded after the fact): the referral's date rule. */
const notFuture = (label: string, required: string) =>
  z
    .string({ error: required })
    .pipe(pastDate(label))
    .describe('ISO 8601 date, not in the future and not before the intervention started');

export const ENGAGEMENT = ['engaged', 'partly_engaged', 'not_engaged'] as const;
export type Engagement = (typeof ENGAGEMENT)[number];
export const ENGAGEMENT_LABELS: Record<Engagement, string> = {
  engaged: 'Engaged',
  partly_engaged: 'Partly engaged',
  not_engaged: 'Not engaged',
};

export const sessionSchema = z
  .strictObject({
    heldOn: fact(notFuture('The date of the session', 'Enter the date of the session')),
    attended: fact(z.enum(['yes', 'no'], { error: 'Select whether the person attended' })),
    engagement: judgement(z.enum(ENGAGEMENT, { error: 'Select how the person engaged' }).optional()).describe('Required when the person attended'),
    notes: fact(optionalText(5000, 'the notes')),
    newConcern: judgement(optionalText(5000, 'the new concern')).describe(
      'Anything new that worries you. It alerts the Channel chair and the police at once; they read it on the Channel case.',
    ),
    version,
  })
  .refine((s) => s.attended === 'no' || s.engagement !== undefined, { path: ['engagement'], message: 'Select how the person engaged' });
export type SessionInput = z.output<typeof sessionSchema>;

export const endSchema = z.strictObject({
  endedOn: fact(notFuture('The date the intervention ended', 'Enter the date the intervention ended')),
  endReport: judgement(text(10_000, 'your end-of-intervention report')),
  version,
});
export type EndInput = z.output<typeof endSchema>;

export const withdrawalSchema = z.strictObject({
  withdrawnOn: fact(notFuture('The date consent was withdrawn', 'Enter the date consent was withdrawn')),
  notes: fact(optionalText(5000, 'the notes')),
  version,
});
export type WithdrawalInput = z.output<typeof withdrawalSchema>;

// ---- JSON API responses ---------------------------------------------------------------------------

const day = z.string().describe('ISO 8601 date');
const when = z.string().describe('ISO 8601 date-time');
const STATUSES = ['active', 'stopped', 'completed'] as const;

export const interventionListSchema = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      person: z.object({ givenName: z.string(), familyName: z.string() }),
      type: z.object({ code: z.string(), label: z.string() }),
      startsOn: day,
      sessionsLogged: z.number().int(),
      expectedSessions: z.number().int(),
      status: z.enum(STATUSES),
    }),
  ),
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
});

/** The minimal view: nothing of the case beyond what the provider needs to do this intervention. */
export const interventionViewSchema = z.object({
  id: z.uuid(),
  version: z.number().int().describe('Send with a session, the end report or a withdrawal: a stale version is a 409'),
  person: z.object({ givenName: z.string(), familyName: z.string() }),
  contactRoute: z.string(),
  goal: z.string(),
  type: z.object({ code: z.string(), label: z.string() }),
  startsOn: day,
  expectedSessions: z.number().int(),
  status: z.enum(STATUSES),
  stopped: z.object({ on: day, reason: z.string().nullable() }).nullable(),
  ended: z.object({ on: day, report: z.string() }).nullable(),
  sessions: z.array(
    z.object({
      id: z.uuid(),
      heldOn: day,
      attended: z.boolean(),
      engagement: z.enum(ENGAGEMENT).nullable(),
      notes: z.string().nullable(),
      newConcern: z.string().nullable(),
      recordedBy: z.string(),
      recordedAt: when,
    }),
  ),
});

export const interventionActionSchema = z.object({
  interventionId: z.uuid(),
  status: z.enum(STATUSES),
  version: z.number().int(),
});

export const sessionCreatedSchema = interventionActionSchema.extend({
  sessionId: z.uuid(),
  alerted: z.boolean().describe('True when a new concern alerted the chair and the police'),
});
