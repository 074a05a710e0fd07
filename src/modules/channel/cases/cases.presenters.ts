// How the case record reads on its pages: labels for states, decisions and timeline events, GOV.UK summary rows
// and task-list items, each from the service's view. Typed words are escaped and keep their line breaks.
import { CHANNEL_STATE_LABELS, type ChannelCaseState } from '../../../workflow/channelCase.js';
import { formatDay, formatInstant, londonDate } from '../../../platform/dates.js';
import { EXIT_REASONS, WITHDRAWAL_ROUTES } from './lifecycle.js';
import type { CaseFilter } from './cases.repository.js';
import { CONSENT_STATUS_LABELS, GIVEN_BY_LABELS, POST_EXIT_OUTCOMES, VAF_DIMENSIONS } from './cases.schemas.js';
import type { CaseView } from './cases.service.js';

export const stateLabel = (s: string) => CHANNEL_STATE_LABELS[s as ChannelCaseState] ?? s;

export const FILTER_LABELS: Record<CaseFilter, { title: string; empty: string; on: string }> = {
  awaiting_panel: { title: 'Cases awaiting a panel', empty: 'No cases are waiting for the panel.', on: 'Referred' },
  no_consent: { title: 'Adopted cases without live consent', empty: 'Every adopted case has live consent.', on: 'Adopted' },
  no_recent_session: { title: 'Active support without a session in the last 30 days', empty: 'Every active intervention has had a session in the last 30 days.', on: 'Last contact' },
  review_overdue: { title: 'Adopted cases overdue for review', empty: 'No reviews are overdue.', on: 'Review was due' },
  post_exit_due: { title: 'Post-exit reviews due', empty: 'No post-exit reviews are due in the next 30 days.', on: 'Review due' },
};

const DECISION_LABELS: Record<string, string> = { adopt: 'Adopted', not_adopt: 'Not adopted', defer: 'Deferred', continue: 'Support continues', exit: 'Exit', transfer: 'Transferred' };
const METHOD_LABELS: Record<string, string> = { unanimous: 'Unanimous', majority: 'By majority', chair: 'Decided by the chair' };
const ROUTE_LABELS = { gateway: 'Gateway assessment', police_led_review: 'Review of police-led management' } as const;
const VIA_LABELS: Record<string, string> = { gateway: 'the police gateway', police_led_review: 'a review of police-led management', transfer: 'a transfer from another panel' };

const EVENT_LABELS: Record<string, string> = {
  opened: 'Referred to the panel',
  adopt: 'Adopted by the panel',
  notAdopt: 'Not adopted by the panel',
  defer: 'Deferred by the panel',
  review: 'Reviewed by the panel',
  withdrawConsent: 'Consent withdrawn: returned to the police',
  exit: 'Exited Channel',
  transfer: 'Transferred to another panel',
  reopen: 'Reopened after a post-exit review',
  consent_given: 'Consent given',
  consent_refused: 'Consent refused',
  intervention_started: 'Intervention started',
  assessment_recorded: 'Vulnerability assessment recorded',
  plan_saved: 'Support plan saved',
  post_exit_review_completed: 'Post-exit review completed',
};

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** Typed words, escaped, with their line breaks kept. */
export const multiline = (s: string | null | undefined, fallback = 'Not given') => ({ html: s ? escapeHtml(s).replace(/\r?\n/g, '<br>') : escapeHtml(fallback) });
const row = (key: string, value: string | null | undefined, fallback?: string) => ({ key: { text: key }, value: multiline(value, fallback) });

export function personRows(v: CaseView) {
  return [
    row('Date of birth', v.person.dateOfBirth ? formatDay(v.person.dateOfBirth) : null, 'Not known'),
    row('Status', stateLabel(v.row.state)),
    row('Local authority', v.localAuthority),
    row('Referred to the panel', `${formatInstant(v.row.referredAt)}, through ${VIA_LABELS[v.row.referredVia] ?? v.row.referredVia}`),
    ...(v.row.nextReviewOn ? [row('Next panel review', formatDay(v.row.nextReviewOn) + (v.row.nextReviewOn < londonDate(new Date()) ? ' (overdue)' : ''))] : []),
    ...(v.row.exitedAt ? [row('Exited', `${formatInstant(v.row.exitedAt)}: ${EXIT_REASONS[v.row.exitReason as keyof typeof EXIT_REASONS] ?? v.row.exitReason ?? ''}`)] : []),
  ];
}

export function referralRows(v: CaseView) {
  const r = v.referral;
  if (!r) return [];
  return [
    row('Reference', v.person.reference),
    row('Referring police force', v.referringForce),
    row('Referred after', ROUTE_LABELS[r.route]),
    row('Referred to Channel on', formatInstant(r.referredAt)),
    row('Referred by', `${r.referredByName} (${v.referringForce})`),
    row('Reasonable grounds (s.36(3))', r.reasonableGrounds, 'Not recorded'),
  ];
}

export function decisionCards(v: CaseView) {
  return v.decisions.map((d) => ({
    title: `${DECISION_LABELS[d.decision] ?? d.decision}: ${formatInstant(d.recordedAt)}`,
    rows: [row('Decision', DECISION_LABELS[d.decision] ?? d.decision), row('How it was decided', METHOD_LABELS[d.method] ?? d.method), row('Dissent', d.dissent, 'None recorded'), row('Rationale', d.rationale), row('Recorded by', d.decidedBy)],
  }));
}

export function consentCards(v: CaseView) {
  return v.consents.map((k) => ({
    title: `${CONSENT_STATUS_LABELS[k.status as keyof typeof CONSENT_STATUS_LABELS] ?? k.status} on ${formatDay(k.decidedOn)}${k.live ? ' (live)' : k.withdrawnOn ? ' (withdrawn)' : ''}`,
    rows: [
      row('Decided by', `${k.giverName}: ${GIVEN_BY_LABELS[k.givenBy as keyof typeof GIVEN_BY_LABELS] ?? k.givenBy}${k.relationship ? ` (${k.relationship})` : ''}`),
      row('How consent was sought', k.soughtHow),
      row('Sought by', `${k.soughtBy}, on ${formatDay(k.soughtOn)}`),
      row('Capacity considerations', k.capacityNotes, 'None recorded'),
      row('Purposes it covers', k.purposes),
      ...(k.withdrawnOn ? [row('Withdrawn', `${formatDay(k.withdrawnOn)}: ${WITHDRAWAL_ROUTES[k.withdrawalRoute as keyof typeof WITHDRAWAL_ROUTES] ?? k.withdrawalRoute}`), row('Withdrawal notes', k.withdrawalNotes, 'None')] : []),
    ],
  }));
}

export function interventionRows(v: CaseView) {
  return v.interventions.map((i) => [
    { text: i.type },
    { text: i.provider },
    multiline(i.goal),
    { text: formatDay(i.startsOn) },
    { text: `${i.sessionsHeld} of ${i.expectedSessions} expected` },
    { text: i.lastSessionOn ? formatDay(i.lastSessionOn) : 'None yet' },
    { text: i.status[0]!.toUpperCase() + i.status.slice(1) },
  ]);
}

export function postExitRows(v: CaseView) {
  return v.postExitReviews.map((r) => {
    const open = !r.completedOn;
    const link = open && v.canRun && v.row.state === 'exited' ? `<a class="govuk-link" href="/channel/cases/${v.row.id}/post-exit-reviews/${r.id}">Record the ${r.monthsAfterExit}-month review</a>` : null;
    return [
      { text: `${r.monthsAfterExit} months after exit` },
      { text: formatDay(r.dueOn) },
      open ? (link ? { html: link } : { text: 'Not yet done' }) : { text: `${POST_EXIT_OUTCOMES[r.outcome as keyof typeof POST_EXIT_OUTCOMES] ?? r.outcome} (${formatDay(r.completedOn)})` },
      multiline(r.notes, ''),
    ];
  });
}

export function assessmentRows(v: CaseView) {
  return v.assessments.map((a, i) => [
    { html: `<a class="govuk-link" href="/channel/cases/${v.row.id}/assessments/${a.id}">${i === 0 ? 'First assessment' : 'Reassessment'}, ${escapeHtml(formatInstant(a.recordedAt))}</a>` },
    { text: a.recordedBy },
  ]);
}

/** The factors of an assessment grouped by dimension, in the framework's order: words only. */
export function factorGroups(factors: Array<{ code: string; dimension: string; label: string }>, recorded: Array<{ code: string; evidence: string; judgement: string }>) {
  const byCode = new Map(recorded.map((f) => [f.code, f]));
  return Object.entries(VAF_DIMENSIONS).map(([dimension, title]) => ({
    title,
    factors: factors.filter((f) => f.dimension === dimension && byCode.has(f.code)).map((f) => ({ label: f.label, ...byCode.get(f.code)! })),
  }));
}

export function timeline(v: CaseView) {
  return v.events.map((e) => ({
    when: formatInstant(e.occurredAt),
    text: EVENT_LABELS[e.type] ?? e.type.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()),
    by: [e.by, e.organisation].filter(Boolean).join(', '),
  }));
}

type Status = 'not_started' | 'in_progress' | 'completed' | 'cannot_start';
const STATUS_DISPLAY: Record<Status, object> = {
  not_started: { tag: { text: 'Not started', classes: 'govuk-tag--blue' } },
  in_progress: { tag: { text: 'In progress', classes: 'govuk-tag--light-blue' } },
  completed: { text: 'Completed' },
  cannot_start: { text: 'Cannot start yet', classes: 'govuk-task-list__status--cannot-start-yet' },
};

/** The chair's tasks on the case: linked only where the chair can act now. */
export function taskItems(v: CaseView) {
  const base = `/channel/cases/${v.row.id}`;
  const s = v.row.state;
  const adopted = s === 'adopted';
  const item = (title: string, href: string, status: Status, open: boolean, hint?: string) => ({
    title: { text: title },
    ...(open && v.canRun ? { href } : {}),
    ...(hint ? { hint: { text: hint } } : {}),
    status: STATUS_DISPLAY[status],
  });
  const assessed = v.assessments.length > 0;
  return [
    item('Vulnerability assessment', `${base}/assessments/new`, assessed ? 'completed' : 'not_started', s === 'awaiting_panel' || adopted, assessed ? 'Reassess as the case changes' : undefined),
    item('Consent', `${base}/consent`, v.liveConsent ? 'completed' : adopted ? 'not_started' : 'cannot_start', adopted && !v.liveConsent, adopted ? undefined : 'Once the panel adopts the case'),
    item('Support plan', `${base}/plan`, v.plan ? 'completed' : adopted ? 'not_started' : 'cannot_start', adopted),
    item('Interventions', `${base}/interventions/new`, v.interventions.some((i) => i.status === 'active') ? 'in_progress' : adopted && v.liveConsent ? 'not_started' : 'cannot_start', adopted, adopted && !v.liveConsent ? 'Support can only start with live consent' : undefined),
  ];
}
