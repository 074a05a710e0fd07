// Inputs of monitoring after the gateway: a receiving service's answer to a follow-up, the officer's record of
// it (and closing the case), and a police-led management review. The Channel and referrer-outcome questions
// are the gateway decision's own fields, reused so the rules (and messages) exist once.
import { z } from 'zod';
import { actionResultSchema, caseSchema, decisionSchema, recordCreatedSchema } from '../gateway/gateway.schemas.js';
import { pastDate } from '../referrals/referrals.schemas.js';

const text = (max: number, what: string) => z.string({ error: `Enter ${what}` }).trim().min(1, `Enter ${what}`).max(max, `${what[0]!.toUpperCase()}${what.slice(1)} must be ${max} characters or fewer`);
const optionalText = (max: number, what: string) =>
  z.string().trim().max(max, `${what[0]!.toUpperCase()}${what.slice(1)} must be ${max} characters or fewer`).optional().transform((v) => (v ? v : undefined));
const version = z.coerce.number().int().positive();

/** The gateway decision's Channel variant: its local authority and reasonable-grounds questions are composed below. */
const channelVariant = decisionSchema.options[3];
if (channelVariant.shape.outcome.value !== 'channel') throw new Error('decisionSchema.options[3] is no longer the Channel outcome');
const channelFields = channelVariant.pick({ localAuthorityId: true, reasonableGrounds: true }).shape;
/** What the referrer is told at closure: the gateway's categories. */
const referrerOutcome = channelVariant.shape.referrerOutcome;

export const followUpOutcomeSchema = z.strictObject({
  outcome: text(5000, 'what the service did: the support offered and whether it was taken up').meta({ 'x-nature': 'fact' }),
});

/**
 * The officer's form. Without closing, it records the service's outcome; closing records it too when it is
 * not yet on file (the service checks that one of them holds it) and needs a closing note.
 */
export const officerFollowUpSchema = z.discriminatedUnion(
  'close',
  [
    z.strictObject({ close: z.literal('no'), outcome: followUpOutcomeSchema.shape.outcome, version }),
    z.strictObject({
      close: z.literal('yes'),
      outcome: optionalText(5000, 'what the service did'),
      closingNote: text(5000, 'a closing note'),
      referrerOutcome,
      version,
    }),
  ],
  { error: 'Select whether to close the case now' },
);
export type OfficerFollowUpInput = z.output<typeof officerFollowUpSchema>;

export const REVIEW_DECISIONS = ['continue', 'refer_to_channel', 'close'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];
export const REVIEW_DECISION_LABELS: Record<ReviewDecision, string> = {
  continue: 'Continue police-led management',
  refer_to_channel: 'Refer to Channel',
  close: 'Close the case',
};

const reviewCommon = {
  reviewedOn: pastDate('The date of the review'),
  changes: text(5000, 'what has changed since the last review').meta({ 'x-nature': 'fact' }),
  actions: text(5000, 'the actions taken or planned').meta({ 'x-nature': 'fact' }),
  rationale: text(10_000, 'the rationale for your decision').meta({ 'x-nature': 'professional judgement' }),
  version,
};

/** The fields every review has, for reporting their errors when no decision is chosen yet. */
export const reviewCommonSchema = z.strictObject(reviewCommon);

export const policeLedReviewSchema = z.discriminatedUnion(
  'decision',
  [
    z.strictObject({ decision: z.literal('continue'), ...reviewCommon }),
    z.strictObject({ decision: z.literal('refer_to_channel'), ...reviewCommon, ...channelFields }),
    z.strictObject({ decision: z.literal('close'), ...reviewCommon, referrerOutcome }),
  ],
  { error: 'Select the decision of the review' },
);
export type PoliceLedReviewInput = z.output<typeof policeLedReviewSchema>;

// ---- JSON API responses ---------------------------------------------------------------------------
// Composed from the gateway's case and result schemas, so a date, a person or a version reads the same everywhere.

const when = caseSchema.shape.submittedAt;
const day = caseSchema.shape.triageDueOn;

/** The gateway decision's signposting variant: the service type asked for is its field. */
const signpostVariant = decisionSchema.options[1];
if (signpostVariant.shape.outcome.value !== 'signposted') throw new Error('decisionSchema.options[1] is no longer the signposting outcome');

const signpostedServiceSchema = z.object({
  type: signpostVariant.shape.serviceType.nullable(),
  name: z.string(),
  contact: z.string(),
});

/** A signposted case's follow-up as the holding force's Prevent team sees it. */
export const officerFollowUpViewSchema = z.object({
  referralId: z.uuid(),
  reference: caseSchema.shape.reference,
  state: caseSchema.shape.state.describe('`signposted` while the follow-up is open; `closed` once the case is closed'),
  version: caseSchema.shape.version,
  subject: caseSchema.shape.subject.pick({ givenName: true, familyName: true }),
  followUp: z.object({
    id: z.uuid(),
    service: signpostedServiceSchema,
    receivingOrganisation: z
      .object({ id: z.uuid(), name: z.string() })
      .nullable()
      .describe('The organisation whose staff answer on this service; null when the service is not on it, and the officer records its answers'),
    dueOn: day,
    overdue: z.boolean(),
    acknowledgement: z.object({ at: when, by: z.string().nullable(), recordedByOfficer: z.boolean().describe('Recorded by the officer on the service’s behalf') }).nullable(),
    outcome: z.object({ text: z.string().meta({ 'x-nature': 'fact' }), recordedAt: when, recordedBy: z.string().nullable() }).nullable(),
    escalatedAt: when.nullable().describe('ISO 8601 date-time at which the overdue follow-up was escalated to the force’s supervisors'),
  }),
  referrerOutcome: z.string().nullable().describe('What the referrer has been told (a category), if anything yet'),
  signpostingReferrerOutcome: z.string().describe('What the signposting decision said the referrer would be told: the usual choice when closing'),
  closedAt: when.nullable(),
  closingNote: z.string().nullable(),
});

/** After recording the outcome and/or closing. */
export const followUpRecordedSchema = actionResultSchema.extend({ closed: z.boolean() });

/** After a police-led review: the next review date when management continues. */
export const reviewRecordedSchema = recordCreatedSchema.extend({
  nextReviewOn: day.nullable().describe('With `continue`: the ISO 8601 date by which the next review is due (the force’s cadence from the review’s date)'),
});

/**
 * A follow-up as the receiving service sees it: the person's name and date of birth, the service asked for and
 * the force asking. Never the referral, its reference, the police's reasons or anything sealed.
 */
export const receivedFollowUpSchema = z.object({
  id: z.uuid(),
  person: caseSchema.shape.subject.pick({ givenName: true, familyName: true, dateOfBirth: true }),
  service: signpostedServiceSchema,
  requestedBy: z.string().describe('The police force whose Prevent team asks'),
  dueOn: day.describe('ISO 8601 date by which the outcome is wanted'),
  overdue: z.boolean(),
  acknowledgedAt: when.nullable(),
  outcome: z.string().nullable(),
  outcomeRecordedAt: when.nullable(),
});

export const receivedFollowUpListSchema = z.object({
  items: z.array(receivedFollowUpSchema).describe('Follow-ups addressed to your organisation still waiting for an outcome, soonest due first'),
});
