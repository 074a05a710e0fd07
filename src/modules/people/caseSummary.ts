// What the police case page says about the person: how many possible earlier records still want an answer.
// A count only: no other person's details are read, so nothing here is a combination to audit.
import { sql, type SQL } from 'drizzle-orm';
import type { Bound } from '../../db/prepared.js';

/**
 * Candidates of the referral, and those still to check: no answer yet, or "unsure" (which asks for another
 * look), and not already the same person through another link. JSON, to be read with the case's other parts.
 */
export function candidateCountsOf(referralId: Bound<string>, personRecordId: Bound<string>): SQL<{ total: number; toCheck: number }> {
  return sql`
    SELECT json_build_object('total', count(*), 'toCheck', count(*) FILTER (WHERE (d.decision IS NULL OR d.decision = 'unsure')
        AND coalesce(p.merged_into_id, p.id) <> (SELECT coalesce(merged_into_id, id) FROM person_records WHERE id = ${personRecordId})))
    FROM person_match_candidates c
    JOIN person_records p ON p.id = c.candidate_record_id
    LEFT JOIN LATERAL (
      SELECT decision FROM person_match_decisions d WHERE d.referral_id = c.referral_id AND d.candidate_record_id = c.candidate_record_id ORDER BY d.decided_at DESC LIMIT 1
    ) d ON TRUE
    WHERE c.referral_id = ${referralId}`;
}
