// Retention set by the gateway outcome: which rule applies and when a person must next review the
// record (nothing is deleted automatically). Police Prevent records follow the APP on data retention;
// the three-year review for no-further-action cases follows the Shawcross recommendation (configurable).
import type { Outcome } from './gateway.schemas.js';

export interface RetentionSettings {
  noFurtherActionReviewYears: number;
  caseReviewYears: number;
}

export interface Retention {
  rule: string;
  /** ISO date of the next human review; null while the case is still open elsewhere (Channel, police-led). */
  reviewOn: string | null;
}

function addYears(day: Date, years: number): string {
  const d = new Date(day);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
}

export function retentionFor(outcome: Outcome, closedAt: Date | null, s: RetentionSettings): Retention {
  switch (outcome) {
    case 'no_further_action':
      return { rule: 'nfa_review', reviewOn: closedAt ? addYears(closedAt, s.noFurtherActionReviewYears) : null };
    case 'signposted':
      return { rule: 'signposted_review', reviewOn: closedAt ? addYears(closedAt, s.noFurtherActionReviewYears) : null };
    case 'investigation_handover':
      return { rule: 'investigation_review', reviewOn: closedAt ? addYears(closedAt, s.caseReviewYears) : null };
    case 'police_led_management':
      return { rule: 'police_led_review', reviewOn: closedAt ? addYears(closedAt, s.caseReviewYears) : null };
    case 'channel':
      // Reviewed the case-review period after the person leaves Channel: the date is set at exit.
      return { rule: 'channel_exit_review', reviewOn: closedAt ? addYears(closedAt, s.caseReviewYears) : null };
  }
}
