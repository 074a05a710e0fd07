// Inputs of the people pages and API (one schema each drives the form, the JSON body and the OpenAPI
// description) and the API's response bodies.
import { z } from 'zod';
import { MATCH_DECISIONS } from './people.service.js';

const REASON_MAX = 2000;
const tooLong = (what: string) => `${what} must be ${REASON_MAX} characters or fewer`;
const reasonText = (enter: string, what: string) => z.string({ error: enter }).trim().min(1, enter).max(REASON_MAX, tooLong(what));

export const matchDecisionSchema = z
  .strictObject({
    candidateRecordId: z.uuid({ error: 'Choose one of the possible earlier records' }),
    decision: z.enum(MATCH_DECISIONS, { error: 'Select whether this is the same person' }),
    reason: z
      .string()
      .trim()
      .max(REASON_MAX, tooLong('The reason'))
      .optional()
      .transform((v) => (v ? v : undefined)),
  })
  // Ruling someone out is remembered and blocks any later merge of the two, so it must say why.
  .refine((d) => d.decision !== 'not_same' || !!d.reason, { path: ['reason'], message: 'Enter why they are not the same person' });
export type MatchDecisionInput = z.output<typeof matchDecisionSchema>;

export const mergeSchema = z.strictObject({
  otherRecordId: z.uuid({ error: 'Select the person to merge with' }),
  reason: reasonText('Enter why these are the same person', 'The reason'),
});

export const undoSchema = z.strictObject({
  reason: reasonText('Enter why you are undoing this', 'The reason'),
});

// Responses.

const instant = z.iso.datetime();

const fieldExplanationJson = z.object({
  field: z.string(),
  level: z.string().describe('What the comparison found, in plain English, naming the values compared'),
  outcome: z.enum(['agree', 'partial', 'disagree', 'missing']),
  weight: z.number().describe('Evidence in bits: positive counts for the match, negative against'),
});

export const explanationJson = z.object({
  fields: z.array(fieldExplanationJson),
  notes: z.array(z.string()),
  matchProbability: z.number().min(0).max(1),
});

const decisionJson = z.object({
  decision: z.enum(MATCH_DECISIONS),
  reason: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: instant.nullable(),
});

const personRecordJson = z.object({
  id: z.uuid(),
  personId: z.uuid().describe('The root record of the person this record belongs to'),
  givenName: z.string(),
  familyName: z.string(),
  dateOfBirth: z.string().nullable(),
  gender: z.string().nullable(),
  postcode: z.string().nullable(),
  address: z.string().nullable(),
  school: z.string().nullable(),
  recordedAt: instant,
});

export const candidatesJsonSchema = z.object({
  referral: z.object({ id: z.uuid(), reference: z.string() }),
  record: personRecordJson.describe('The referral’s subject as the referrer described them'),
  personId: z.uuid(),
  candidates: z.array(
    z.object({
      candidateRecordId: z.uuid(),
      personId: z.uuid(),
      givenName: z.string(),
      familyName: z.string(),
      dateOfBirth: z.string().nullable(),
      postcode: z.string().nullable(),
      referralCount: z.number().int(),
      heldBy: z.array(z.string()).describe('The forces holding a referral about that person'),
      matchProbability: z.number(),
      matchWeight: z.number(),
      alreadySamePerson: z.boolean(),
      explanation: explanationJson,
      latestDecision: decisionJson.nullable(),
    }),
  ),
});

export const decisionResultJsonSchema = z.object({
  decision: z.enum(MATCH_DECISIONS),
  mergeId: z.uuid().nullable().describe('The link made by "same", which a supervisor can undo'),
  personId: z.uuid(),
});

export const personJsonSchema = z.object({
  personId: z.uuid(),
  records: z.array(personRecordJson),
  referrals: z.array(
    z.object({
      id: z.uuid(),
      reference: z.string(),
      submittedAt: instant,
      state: z.string(),
      heldBy: z.string(),
      heldByYou: z.boolean(),
      personRecordId: z.uuid(),
    }),
  ),
  history: z.array(
    z.object({
      id: z.uuid(),
      kind: z.enum(['link', 'merge']),
      survivorId: z.uuid(),
      mergedId: z.uuid(),
      survivorName: z.string(),
      mergedName: z.string(),
      reason: z.string(),
      mergedBy: z.string(),
      mergedAt: instant,
      undoneBy: z.string().nullable(),
      undoneAt: instant.nullable(),
      undoReason: z.string().nullable(),
    }),
  ),
  permissions: z.object({ canMerge: z.boolean() }),
});

export const duplicatesJsonSchema = z.object({
  personId: z.uuid(),
  candidates: z.array(
    z.object({
      recordId: z.uuid(),
      personId: z.uuid(),
      givenName: z.string(),
      familyName: z.string(),
      dateOfBirth: z.string().nullable(),
      postcode: z.string().nullable(),
      matchProbability: z.number(),
      matchWeight: z.number(),
      explanation: explanationJson,
    }),
  ),
});

export const mergeResultJsonSchema = z.object({ mergeId: z.uuid(), personId: z.uuid().describe('The surviving person') });
export const undoResultJsonSchema = z.object({ survivorId: z.uuid(), mergedId: z.uuid().describe('Separate again, with every record it brought') });
