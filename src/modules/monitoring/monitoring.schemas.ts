// Inputs of monitoring after the gateway: a receiving service's answer to a follow-up, the officer's record of
// it (and closing the case), and a police-led management review. The Channel and referrer-outcome questions
// are the gateway decision's own fields, reused so the rules (and messages) exist once.
import { z } from 'zod';
import { decisionSchema } from '../gateway/gateway.schemas.js';
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
