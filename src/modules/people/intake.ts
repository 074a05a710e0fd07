// What referral intake does about the person: record the subject as a person record of its own, then find
// and store the people it may be about, for the gateway officer to confirm or rule out. Nothing is joined here.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.js';
import type { RequestContext } from '../../platform/access/actor.js';
import { recordAudit } from '../../platform/audit/audit.js';
import type { ReferralSubmission } from '../referrals/referrals.schemas.js';
import { insertCandidates } from './candidates/candidates.repository.js';
import { findCandidates } from './candidates/findCandidates.js';
import { insertPersonRecord } from './people.repository.js';
import { personRecordFromSubject, type PersonRecordRow } from './personRecords.js';

export async function recordSubject(tx: Db, subject: ReferralSubmission['subject'], at: Date): Promise<PersonRecordRow> {
  const row = personRecordFromSubject(randomUUID(), subject, at);
  await insertPersonRecord(tx, row);
  return { ...row, mergedIntoId: null, createdAt: at } as PersonRecordRow;
}

/** Scores the people the new record may be about and keeps them with their explanations. */
export async function offerCandidates(tx: Db, ctx: RequestContext, referralId: string, record: PersonRecordRow): Promise<number> {
  const found = await findCandidates(tx, record, record.id);
  await insertCandidates(
    tx,
    found.map((c) => ({
      referralId,
      candidateRecordId: c.record.id,
      matchWeight: c.explanation.matchWeight,
      matchProbability: c.explanation.matchProbability,
      explanation: c.explanation,
    })),
  );
  if (found.length > 0) {
    await recordAudit(tx, ctx, {
      action: 'combination',
      event: 'person.candidates_found',
      recordType: 'person_record',
      recordIds: [record.id, ...found.map((c) => c.record.id)],
      purpose: 'Earlier records that may be about the referred person, kept for the gateway officer to confirm or rule out',
      regime: 'DPA_PART3',
    });
  }
  return found.length;
}
