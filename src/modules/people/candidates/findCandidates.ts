// Finds and scores the people a record may be about: block in SQL, score in TypeScript, keep each person's
// best-scoring record. Used inside the referral's own transaction, so it must stay within the request budget
// at national scale (bench/person-candidates.ts measures it on PostgreSQL).
import type { Db } from '../../../db/client.js';
import { inTurn } from '../../../db/inTurn.js';
import { scoreAgainst } from '../matching/candidateScoring.js';
import type { PairExplanation } from '../matching/explain.js';
import { asMatchRecord, type PersonRecordRow } from '../personRecords.js';
import { blockCandidates, nameFrequencies, type CandidateRow } from './candidates.repository.js';

/** Candidates below this match probability are not worth an officer's time. */
export const CANDIDATE_MIN_PROBABILITY = 0.01;
/** At most this many people are offered for one referral. */
export const MAX_CANDIDATES = 5;

export interface ScoredCandidate {
  record: CandidateRow;
  explanation: PairExplanation;
}

type QueryRecord = Pick<PersonRecordRow, 'id' | 'givenName' | 'familyName' | 'givenFolded' | 'familyFolded' | 'dateOfBirth' | 'birthYear' | 'gender' | 'postcode' | 'address' | 'school'>;

export async function findCandidates(db: Db, record: QueryRecord, selfRootId: string): Promise<ScoredCandidate[]> {
  const [rows, freq] = await inTurn(
    () => blockCandidates(db, { givenFolded: record.givenFolded, familyFolded: record.familyFolded, dateOfBirth: record.dateOfBirth, birthYear: record.birthYear, postcode: record.postcode, selfRootId }),
    () => nameFrequencies(db, record.givenFolded, record.familyFolded),
  );
  const explanations = scoreAgainst(asMatchRecord(record), rows.map(asMatchRecord), freq);
  const best = new Map<string, ScoredCandidate>();
  rows.forEach((row, k) => {
    const explanation = explanations[k]!;
    const held = best.get(row.rootId);
    if (!held || explanation.matchWeight > held.explanation.matchWeight) best.set(row.rootId, { record: row, explanation });
  });
  return [...best.values()]
    .filter((c) => c.explanation.matchProbability >= CANDIDATE_MIN_PROBABILITY)
    .sort((a, b) => b.explanation.matchWeight - a.explanation.matchWeight)
    .slice(0, MAX_CANDIDATES);
}
