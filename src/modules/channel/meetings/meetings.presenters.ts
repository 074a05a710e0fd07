// How meeting records read on the pages: labels for statuses, agenda kinds, agencies and decisions, and the
// summary rows of a decision. Kept apart from the routes so the pages and the pack say things the same way.
import { formatDay } from '../../../platform/dates.js';
import { EXIT_REASONS } from '../cases/lifecycle.js';
import { DECISION_LABELS, DECISION_METHOD_LABELS, type PanelDecision } from './meetings.schemas.js';
import { CHANNEL_STATE_LABELS } from '../../../workflow/channelCase.js';
import { AGENCY_LABELS as PANEL_AGENCY_LABELS } from '../panels/panels.schemas.js';

export const STATUS_LABELS: Record<string, string> = { scheduled: 'Scheduled', pack_published: 'Pack published', closed: 'Closed' };
export const STATUS_TAGS: Record<string, string> = { scheduled: 'govuk-tag--blue', pack_published: 'govuk-tag--green', closed: 'govuk-tag--grey' };
export const KIND_LABELS: Record<string, string> = { new_referral: 'New referral', review: 'Review', deferred: 'Deferred', reopened: 'Reopened' };
/** The labels of Channel case states and panel agencies, from where they are defined. */
export const CASE_STATE_LABELS: Record<string, string> = CHANNEL_STATE_LABELS;
export const AGENCY_LABELS: Record<string, string> = PANEL_AGENCY_LABELS;
export const CONSENT_LABELS: Record<string, string> = { given: 'Given', refused: 'Refused', withdrawn: 'Withdrawn', not_recorded: 'Not yet recorded' };

export const personName = (p: { givenName: string; familyName: string }) => `${p.givenName} ${p.familyName}`;

/** Summary-list rows of a recorded decision, with its decision-specific details. */
export function decisionRows(d: { decision: string; method: string; dissent: string | null; rationale: string; details: unknown; recordedAt: Date }, localAuthorityName?: (id: string) => string | undefined) {
  const details = (d.details ?? {}) as Record<string, string | undefined>;
  const row = (key: string, value: string | undefined) => (value ? [{ key: { text: key }, value: { text: value } }] : []);
  return [
    ...row('Decision', DECISION_LABELS[d.decision as PanelDecision] ?? d.decision),
    ...row('How the panel decided', DECISION_METHOD_LABELS[d.method as keyof typeof DECISION_METHOD_LABELS] ?? d.method),
    ...row('Dissent', d.dissent ?? undefined),
    ...row('Rationale', d.rationale),
    ...row('Referred to health or social care', details.healthOrSocialCare ? (details.healthOrSocialCare === 'yes' ? `Yes: ${details.referredTo ?? ''}` : 'No') : undefined),
    ...row('Why not referred', details.whyNotReferred),
    ...row('Information needed', details.informationNeeded),
    ...row('Next review by', details.nextReviewOn ? formatDay(details.nextReviewOn) : undefined),
    ...row('Reason for exit', details.exitReason ? (EXIT_REASONS[details.exitReason as keyof typeof EXIT_REASONS] ?? details.exitReason) : undefined),
    ...row('Moved to', details.targetLocalAuthorityId ? (localAuthorityName?.(details.targetLocalAuthorityId) ?? 'Another local authority') : undefined),
    ...row('Closing report', details.closingReport),
  ];
}
