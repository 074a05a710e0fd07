// Inputs of a Channel panel's meetings (CTSA 2015 ss.36-38): scheduling, the agenda, attendance, each agency's
// contribution and the panel's decision. One schema per input: the pages validate with it and the JSON API
// declares it in OpenAPI. Decisions record the statutory method (unanimous if possible, otherwise majority,
// otherwise the chair) and, for not adopting, whether the person was referred to health or social care (s.36(6)).
import { z } from 'zod';

const text = (max: number, what: string) => z.string({ error: `Enter ${what}` }).trim().min(1, `Enter ${what}`).max(max, `${what[0]!.toUpperCase()}${what.slice(1)} must be ${max} characters or fewer`);
const optionalText = (max: number, what: string) =>
  z.string().trim().max(max, `${what[0]!.toUpperCase()}${what.slice(1)} must be ${max} characters or fewer`).optional().transform((v) => (v ? v : undefined));
const version = z.coerce.number({ error: 'The version is missing' }).int().positive();
const judgement = <T extends z.ZodType>(s: T): T => s.meta({ 'x-nature': 'professional judgement' });
const fact = <T extends z.ZodType>(s: T): T => s.meta({ 'x-nature': 'fact' });

const isRealDate = (iso: string) => {
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
};

export const meetingSchema = z.strictObject({
  panelId: z.uuid({ error: 'Select the panel' }),
  date: z
    .string({ error: 'Enter the date of the meeting' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'The date of the meeting must be a real date')
    .refine(isRealDate, 'The date of the meeting must be a real date')
    .refine((v) => v >= '2000-01-01' && v <= '2100-12-31', 'The date of the meeting must be a real date')
    .describe('ISO 8601 date, UK local'),
  time: z
    .string({ error: 'Enter the time of the meeting' })
    .trim()
    .regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'Enter the time of the meeting as hours and minutes on the 24-hour clock, like 14:30')
    .describe('HH:MM, UK local time'),
  location: text(300, 'where the meeting takes place'),
});
export type MeetingInput = z.output<typeof meetingSchema>;

export const versionSchema = z.strictObject({ version });
export const agendaAddSchema = z.strictObject({ channelCaseId: z.uuid({ error: 'Select a case to add' }), version });

export const attendanceSchema = z.strictObject({
  attendees: z
    .array(
      z.strictObject({
        memberId: z.uuid(),
        canDecide: z.boolean().describe('Can take decisions for their agency at this meeting'),
        conflicts: optionalText(2000, 'the declared conflicts of interest').describe('Declared conflicts of interest, if any'),
      }),
    )
    .max(100),
  version,
});
export type AttendanceInput = z.output<typeof attendanceSchema>;

export const contributionSchema = z.strictObject({
  memberId: z.uuid({ error: 'Select the member who gave the contribution' }),
  contribution: fact(text(10_000, 'the agency’s contribution')),
});

export const DECISION_METHODS = ['unanimous', 'majority', 'chair'] as const;
export const DECISION_METHOD_LABELS: Record<(typeof DECISION_METHODS)[number], string> = {
  unanimous: 'Unanimous',
  majority: 'By majority',
  chair: 'Decided by the chair',
};

/** Decisions about a case waiting for the panel, and about an adopted case at review. */
export const NEW_CASE_DECISIONS = ['adopt', 'not_adopt', 'defer'] as const;
export const REVIEW_DECISIONS = ['continue', 'exit', 'transfer'] as const;
export const DECISIONS = [...NEW_CASE_DECISIONS, ...REVIEW_DECISIONS] as const;
export type PanelDecision = (typeof DECISIONS)[number];
export const DECISION_LABELS: Record<PanelDecision, string> = {
  adopt: 'Adopt as a Channel case',
  not_adopt: 'Do not adopt',
  defer: 'Defer for more information',
  continue: 'Continue support',
  exit: 'Exit Channel',
  transfer: 'Transfer: the person moved out of the area',
};
export const PANEL_EXIT_REASONS = ['vulnerability_reduced', 'consent_withdrawn', 'other_route'] as const;

/** The statutory method's rule on dissent: none when unanimous, required otherwise. Null when it is kept. */
export function dissentProblem(method: unknown, dissent: unknown): string | null {
  const given = typeof dissent === 'string' && dissent.trim() !== '';
  if (method === 'unanimous' && given) return 'Leave the dissent empty for a unanimous decision';
  if ((method === 'majority' || method === 'chair') && !given) return 'Record the dissent: who disagreed and why';
  return null;
}

const common = {
  method: z.enum(DECISION_METHODS, { error: 'Select how the panel reached the decision' }),
  dissent: judgement(optionalText(5000, 'the dissent')).describe('Required for majority and chair decisions; must be empty for unanimous ones'),
  rationale: judgement(text(10_000, 'the rationale for the decision')),
  version: version.describe('The Channel case’s version: a stale version is a 409'),
};

/** The questions every decision shares: checked on their own when no decision is chosen, so all problems show at once. */
export const decisionCommonSchema = z.strictObject(common);

export const decisionSchema = z
  .discriminatedUnion(
    'decision',
    [
      z.strictObject({ decision: z.literal('adopt'), ...common }),
      z.strictObject({
        decision: z.literal('not_adopt'),
        ...common,
        healthOrSocialCare: fact(z.enum(['yes', 'no'], { error: 'Select whether the panel referred the person to health or social-care services' })),
        referredTo: fact(optionalText(500, 'the service referred to')),
        whyNotReferred: judgement(optionalText(5000, 'why they were not referred')),
      }),
      z.strictObject({ decision: z.literal('defer'), ...common, informationNeeded: text(5000, 'the information the panel needs') }),
      z.strictObject({ decision: z.literal('continue'), ...common }),
      z.strictObject({
        decision: z.literal('exit'),
        ...common,
        exitReason: z.enum(PANEL_EXIT_REASONS, { error: 'Select why the person leaves Channel' }),
        closingReport: text(20_000, 'the closing report'),
      }),
      z.strictObject({
        decision: z.literal('transfer'),
        ...common,
        targetLocalAuthorityId: z.uuid({ error: 'Select the local authority the person moved to' }),
        closingReport: text(20_000, 'the closing report'),
      }),
    ],
    { error: 'Select the panel’s decision' },
  )
  .superRefine((d, ctx) => {
    const dissent = dissentProblem(d.method, d.dissent);
    if (dissent) ctx.addIssue({ code: 'custom', path: ['dissent'], message: dissent });
    if (d.decision === 'not_adopt' && d.healthOrSocialCare === 'yes' && !d.referredTo) ctx.addIssue({ code: 'custom', path: ['referredTo'], message: 'Enter the health or social-care service the person was referred to' });
    if (d.decision === 'not_adopt' && d.healthOrSocialCare === 'no' && !d.whyNotReferred) ctx.addIssue({ code: 'custom', path: ['whyNotReferred'], message: 'Say why the person was not referred to health or social-care services' });
  });
export type DecisionInput = z.output<typeof decisionSchema>;

// ---- JSON API responses ---------------------------------------------------------------------------

const when = z.string().describe('ISO 8601 date-time');
const day = z.string().describe('ISO 8601 date');

export const MEETING_STATUSES = ['scheduled', 'pack_published', 'closed'] as const;
export const AGENDA_KINDS = ['new_referral', 'review', 'deferred', 'reopened'] as const;

export const meetingSummarySchema = z.object({
  id: z.uuid(),
  panel: z.object({ id: z.uuid(), name: z.string() }),
  meetsAt: when,
  location: z.string(),
  status: z.enum(MEETING_STATUSES),
  packPublishedAt: when.nullable(),
  agendaItems: z.number().int(),
  version: z.number().int().describe('Send with agenda, attendance, publication and closure: a stale version is a 409'),
  isChair: z.boolean(),
});

export const meetingListSchema = z.object({ items: z.array(meetingSummarySchema), page: z.number().int(), pageSize: z.number().int(), total: z.number().int() });

const person = z.object({ givenName: z.string(), familyName: z.string(), dateOfBirth: day.nullable() });

export const agendaItemSchema = z.object({
  id: z.uuid(),
  channelCaseId: z.uuid(),
  kind: z.enum(AGENDA_KINDS),
  position: z.number().int(),
  person,
  caseState: z.string(),
  caseVersion: z.number().int(),
  decision: z.string().nullable(),
});

export const meetingDetailSchema = meetingSummarySchema.extend({
  agenda: z.array(agendaItemSchema),
  candidates: z.array(z.object({ channelCaseId: z.uuid(), kind: z.enum(AGENDA_KINDS), person, caseState: z.string(), nextReviewOn: day.nullable() })),
  attendance: z.array(z.object({ memberId: z.uuid(), name: z.string(), organisation: z.string(), agency: z.string(), canDecide: z.boolean(), conflicts: z.string().nullable() })),
});

export const meetingActionSchema = z.object({ id: z.uuid(), status: z.enum(MEETING_STATUSES), version: z.number().int() });
export const agendaAddedSchema = meetingActionSchema.extend({ itemId: z.uuid(), kind: z.enum(AGENDA_KINDS), position: z.number().int() });
export const contributionCreatedSchema = z.object({ id: z.uuid() });
export const decisionCreatedSchema = z.object({ id: z.uuid(), channelCaseId: z.uuid(), state: z.string(), version: z.number().int().describe('The case’s version now'), newCaseId: z.uuid().optional() });

export const packSchema = z.object({
  meeting: z.object({ id: z.uuid(), panel: z.string(), meetsAt: when, location: z.string() }),
  cases: z.array(
    z.object({
      channelCaseId: z.uuid(),
      kind: z.enum(AGENDA_KINDS),
      state: z.string(),
      person,
      referrerAccount: fact(z.record(z.string(), z.unknown()).describe('The referral exactly as the referrer gave it: reported, not verified')),
      referredToChannel: z.object({ reasonableGrounds: judgement(z.string().nullable()), referredAt: when, referringForce: z.string() }).nullable(),
      concernTypes: z.array(z.string()).nullable(),
      assessment: z.object({ summary: judgement(z.string()), managementPlan: z.string(), recordedAt: when }).nullable(),
      consent: z.enum(['given', 'refused', 'withdrawn', 'not_recorded']).nullable().describe('Adopted cases only'),
      interventions: z.array(z.object({ type: z.string(), provider: z.string() })),
      previousDecisions: z.array(z.object({ decision: z.string(), method: z.string(), rationale: z.string(), recordedAt: when })),
    }),
  ),
});
