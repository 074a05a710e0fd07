// Turns a case (GatewayService.caseView) into what the case page and the forms show: labels, the task
// list, table rows and the timeline. Which task is open to whom is decided here from the policy answers
// caseView returns (canAssess, canApprove) and the workflow state; the service enforces the same rules.
import { formatDay, formatInstant, londonDate } from '../../platform/dates.js';
import { referralTransitions, type ReferralState } from '../../workflow/referral.js';
import { CHANNEL_STATE_LABELS } from '../../workflow/channelCase.js';
import { EXIT_REASONS } from '../channel/cases/lifecycle.js';
import type { GatewayService } from './gateway.service.js';
import { CHECK_KIND_LABELS, REFERRER_OUTCOMES, type Outcome } from './gateway.schemas.js';

export type CaseView = Awaited<ReturnType<GatewayService['caseView']>>;

export const OUTCOME_LABELS: Record<Outcome, string> = {
  no_further_action: 'No further action',
  signposted: 'Signposted to other services',
  police_led_management: 'Police-led management',
  channel: 'Referred to Channel',
  investigation_handover: 'Handed to investigation (Pursue)',
};

export const OUTCOME_HINTS: Record<Outcome, string> = {
  no_further_action: 'For example, an innocent or misread comment, or context explains it. A supervisor may need to approve it.',
  signposted: 'Social care, mental health, Early Help or another service. Takes effect at once.',
  police_led_management: 'Prevent case management or a Police-Led Partnership panel.',
  channel: 'Reasonable grounds to believe the person is vulnerable to being drawn into terrorism (CTSA 2015 s.36(3)).',
  investigation_handover: 'Criminality appears: the case passes to investigation. A supervisor may need to approve it.',
};

export const SIGNPOST_SERVICE_LABELS: Record<string, string> = {
  childrens_social_care: 'Children’s social care',
  adult_social_care: 'Adult social care',
  mental_health: 'Mental health services',
  early_help: 'Early Help',
  education: 'Education',
  other: 'Another service',
};

export const STATE_LABELS: Record<ReferralState, string> = {
  received: 'Received',
  awaiting_triage: 'Awaiting triage',
  in_assessment: 'In assessment',
  awaiting_approval: 'Awaiting approval',
  signposted: 'Signposted',
  police_led_management: 'Police-led management',
  referred_to_channel: 'Referred to Channel',
  closed: 'Closed',
  joined: 'Joined to an open case',
};

export const DECISION_STATUS_LABELS: Record<string, string> = {
  awaiting_approval: 'Awaiting approval',
  returned: 'Returned for changes',
  effective: 'Effective',
};

export const CHANNEL_LABELS: Record<string, string> = { public: 'Public form', professional: 'Professional referral', api: 'Integrated system (API)' };

export const CONCERN_PRESENT_LABELS: Record<string, string> = { yes: 'Yes', no: 'No', unclear: 'Unclear' };

const label = (labels: Record<string, string>, v: string | null | undefined) => (v ? (labels[v] ?? v) : 'Not recorded');

/** First year of the April–March statistics year containing `day` (UK time). */
export function statsYear(day = new Date()): number {
  const [y, m] = londonDate(day).split('-').map(Number) as [number, number];
  return m >= 4 ? y : y - 1;
}

export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

// ---- Tasks ------------------------------------------------------------------------------------------

export type Task = 'assign' | 'checks' | 'deconfliction' | 'judgement' | 'outcome' | 'approval' | 'monitoring';
type Status = 'not_started' | 'in_progress' | 'completed' | 'cannot_start';

export interface TaskState {
  title: string;
  href: string;
  status: Status;
  hint?: string;
  /** The actor's role lets them do this task at all (otherwise the form is forbidden). */
  permitted: boolean;
  /** Why the task cannot be done now (workflow state), or null when it can. */
  closedReason: string | null;
}

const FINISHED = 'The assessment of this referral is finished; it cannot be changed.';
const WAITING = 'The outcome is waiting for a supervisor’s approval. The assessment cannot change until it is approved or returned.';

/** Each task of the gateway assessment for this actor, in the order the officer works through them. */
export function tasks(view: CaseView, actorUserId: string): Record<Task, TaskState> {
  const { referral, checks, deconflictions, judgement, decisions, canAssess, canApprove } = view;
  const state = referral.state as ReferralState;
  const base = `/cases/${referral.id}`;
  const untriaged = state === 'awaiting_triage';
  const assessing = state === 'in_assessment';
  const recordReason = assessing ? null : untriaged ? 'Assign the referral to an officer before recording the assessment.' : state === 'awaiting_approval' ? WAITING : FINISHED;
  const pending = decisions.find((d) => d.status === 'awaiting_approval');
  const latest = decisions.at(-1);
  const decided = ['signposted', 'police_led_management', 'referred_to_channel', 'closed'].includes(state);

  const outcomeStatus = (): Pick<TaskState, 'status' | 'hint'> => {
    if (decided) return { status: 'completed', ...(state === 'police_led_management' ? { hint: 'The case can still be referred to Channel.' } : {}) };
    if (state === 'awaiting_approval') return { status: 'in_progress', hint: 'Waiting for a supervisor’s approval.' };
    if (untriaged || !judgement) return { status: 'cannot_start', hint: 'Record the threshold judgement first.' };
    if (latest?.status === 'returned') return { status: 'in_progress', hint: `Returned by ${latest.reviewedByName ?? 'a supervisor'}${latest.reviewComments ? `: ${latest.reviewComments}` : ''}` };
    return { status: 'not_started' };
  };

  // The second pair of eyes: a supervisor, and never the officer who made the decision.
  const approvalPermitted = canApprove && pending?.decidedBy !== actorUserId;
  return {
    assign: {
      title: 'Assign an officer',
      href: `${base}/assign`,
      status: referral.assignedOfficerId ? 'completed' : 'not_started',
      ...(view.assignedOfficerName ? { hint: `Assigned to ${view.assignedOfficerName}` } : {}),
      permitted: canAssess,
      closedReason: untriaged || assessing ? null : state === 'awaiting_approval' ? WAITING : FINISHED,
    },
    checks: {
      title: 'Information gathering (checks)',
      href: `${base}/checks/new`,
      status: untriaged ? 'cannot_start' : checks.length === 0 ? 'not_started' : checks.some((c) => !c.receivedOn) ? 'in_progress' : 'completed',
      ...(checks.length ? { hint: `${checks.length} check${checks.length === 1 ? '' : 's'} recorded${checks.some((c) => !c.receivedOn) ? ', some awaiting an answer' : ''}` } : {}),
      permitted: canAssess,
      closedReason: recordReason,
    },
    deconfliction: {
      title: 'Deconfliction',
      href: `${base}/deconfliction`,
      status: untriaged ? 'cannot_start' : deconflictions.length ? 'completed' : 'not_started',
      permitted: canAssess,
      closedReason: recordReason,
    },
    judgement: {
      title: 'Threshold judgement',
      href: `${base}/judgement`,
      status: untriaged ? 'cannot_start' : judgement ? 'completed' : 'not_started',
      permitted: canAssess,
      closedReason: recordReason,
    },
    outcome: {
      title: 'Outcome',
      href: `${base}/outcome`,
      ...outcomeStatus(),
      permitted: canAssess,
      // Police-led management can still become a Channel referral (workflow table: referToChannel).
      closedReason:
        (assessing && judgement) || state === 'police_led_management'
          ? null
          : assessing
            ? 'Record the threshold judgement before deciding the outcome.'
            : (recordReason ?? FINISHED),
    },
    approval: {
      title: 'Supervisor approval',
      href: `${base}/approval`,
      status: 'not_started',
      ...(pending ? { hint: pending.decidedBy === actorUserId ? 'Another supervisor must review your decision.' : `${OUTCOME_LABELS[pending.outcome as Outcome] ?? pending.outcome}, decided by ${pending.decidedByName}` } : {}),
      permitted: approvalPermitted,
      closedReason: pending ? null : 'There is no decision waiting for approval on this referral.',
    },
    // After signposting or police-led management the case stays in sight until someone closes it.
    monitoring: {
      title: state === 'signposted' ? 'Follow-up with the receiving service' : 'Police-led review',
      href: state === 'signposted' ? `${base}/follow-up` : `${base}/review`,
      status: 'in_progress',
      permitted: canAssess,
      closedReason: state === 'signposted' || state === 'police_led_management' ? null : FINISHED,
    },
  };
}

const STATUS_DISPLAY: Record<Status, object> = {
  not_started: { tag: { text: 'Not started', classes: 'govuk-tag--blue' } },
  in_progress: { tag: { text: 'In progress', classes: 'govuk-tag--light-blue' } },
  completed: { text: 'Completed' },
  cannot_start: { text: 'Cannot start yet', classes: 'govuk-task-list__status--cannot-start-yet' },
};

/** Items for the GOV.UK task list: linked only where this actor can act now. */
export function taskListItems(view: CaseView, actorUserId: string) {
  const all = tasks(view, actorUserId);
  const state = view.referral.state;
  const shown: Task[] = [
    'assign',
    'checks',
    'deconfliction',
    'judgement',
    'outcome',
    ...(state === 'awaiting_approval' ? (['approval'] as const) : []),
    ...(state === 'signposted' || state === 'police_led_management' ? (['monitoring'] as const) : []),
  ];
  return shown.map((name) => {
    const t = all[name];
    return {
      title: { text: t.title },
      ...(t.permitted && !t.closedReason ? { href: t.href } : {}),
      ...(t.hint ? { hint: { text: t.hint } } : {}),
      status: STATUS_DISPLAY[t.status],
    };
  });
}

// ---- Records ------------------------------------------------------------------------------------------

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** Text typed by officers, escaped, with its line breaks kept. */
export const multiline = (s: string) => ({ html: escapeHtml(s).replace(/\r?\n/g, '<br>') });

type Row = { key: { text: string }; value: { html: string } };
const row = (key: string, value: string | null | undefined, fallback = 'Not given'): Row => ({ key: { text: key }, value: multiline(value || fallback) });


export function checkRows(view: CaseView) {
  return view.checks.map((c) => [
    { text: CHECK_KIND_LABELS[c.kind as keyof typeof CHECK_KIND_LABELS] ?? c.kind },
    { text: c.source },
    { text: formatDay(c.requestedOn) },
    { text: c.receivedOn ? formatDay(c.receivedOn) : 'Awaiting answer' },
    multiline(c.notes ?? ''),
    { text: c.recordedByName },
  ]);
}

/** The current threshold judgement: professional judgement, in the officer's words. */
export function judgementRows(view: CaseView): Row[] {
  const j = view.judgement;
  if (!j) return [];
  return [
    row('Radicalisation or terrorism concern', label(CONCERN_PRESENT_LABELS, j.concernPresent)),
    row('Type of concern', j.concernLabels.join('\n'), 'None'),
    row('Vulnerability factors', j.vulnerabilityFactors, 'None recorded'),
    row('Immediate risk', j.immediateRisk === 'yes' ? `Yes\n${j.immediateRiskDetails ?? ''}` : 'No'),
    row('Rationale', j.rationale),
    row('Recorded by', `${j.recordedByName} on ${formatInstant(j.recordedAt)}`),
  ];
}

type Decision = CaseView['decisions'][number];

export function decisionCard(d: Decision) {
  const details = d.details as Record<string, string | null | undefined>;
  const rows: Row[] = [row('Outcome', OUTCOME_LABELS[d.outcome as Outcome] ?? d.outcome), row('Status', label(DECISION_STATUS_LABELS, d.status))];
  if (d.outcome === 'signposted') {
    rows.push(row('Service type', label(SIGNPOST_SERVICE_LABELS, details.serviceType)), row('Service', details.serviceName), row('Contact at the service', details.serviceContact));
  }
  if (d.outcome === 'channel') {
    rows.push(
      row('Local authority (Channel panel)', details.localAuthorityName),
      row('Reasonable grounds (professional judgement)', details.reasonableGrounds),
    );
  }
  rows.push(row('Rationale (professional judgement)', d.rationale), row('What the referrer is told', label(REFERRER_OUTCOMES, d.referrerOutcome)));
  // Sealed: caseView has already removed it for anyone who may not read it.
  if (d.outcome === 'investigation_handover' && d.sealedNotes) rows.push(row('Handover note (police only)', d.sealedNotes));
  rows.push(row('Decided by', `${d.decidedByName} on ${formatInstant(d.decidedAt)}`));
  if (d.reviewedByName && d.reviewedAt) {
    rows.push(row(d.status === 'returned' ? 'Returned by' : 'Approved by', `${d.reviewedByName} on ${formatInstant(d.reviewedAt)}`));
    rows.push(row('Supervisor’s comments', d.reviewComments, 'None'));
  }
  return { title: `${OUTCOME_LABELS[d.outcome as Outcome] ?? d.outcome} – ${label(DECISION_STATUS_LABELS, d.status).toLowerCase()}`, rows };
}

type Other = CaseView['earlierReferrals'][number];

/** The Channel cases of the referral, each linked to the Channel case page the police of the area may open. */
export function channelCaseRows(view: CaseView) {
  return view.channelCases.map((c) => [
    { html: `<a class="govuk-link" href="/channel/cases/${c.id}">${escapeHtml(label(CHANNEL_STATE_LABELS, c.state))}</a>` },
    { text: formatInstant(c.referredAt) },
    { text: c.exitedAt ? `${formatInstant(c.exitedAt)}${c.exitReason ? ` (${label(EXIT_REASONS, c.exitReason).toLowerCase()})` : ''}` : '' },
  ]);
}

/** Where another referral of the person got to: its Channel case, its gateway outcome, or its state while still open. */
export function otherReferralOutcome(o: Other): string {
  if (o.channel) {
    const state = label(CHANNEL_STATE_LABELS, o.channel.state).toLowerCase();
    const exit = o.channel.exitedAt ? ` on ${formatDay(londonDate(new Date(o.channel.exitedAt)))}` : '';
    const reason = o.channel.exitReason ? `, ${label(EXIT_REASONS, o.channel.exitReason).toLowerCase()}` : '';
    return `Referred to Channel (${state}${exit}${reason})`;
  }
  if (o.outcome) return OUTCOME_LABELS[o.outcome as Outcome] ?? o.outcome;
  if (o.state === 'closed' && o.referrerOutcome) return label(REFERRER_OUTCOMES, o.referrerOutcome);
  return label(STATE_LABELS, o.state);
}

export function otherReferralRows(list: Other[], actorOrgId: string) {
  return list.map((o) => [
    // Another force's referral would be a 404 for this officer: name it, do not link it.
    o.owningOrgId === actorOrgId ? { html: `<a class="govuk-link" href="/cases/${o.id}">${o.reference}</a>` } : { text: o.reference },
    { text: formatInstant(o.submittedAt) },
    { text: o.owner },
    { text: otherReferralOutcome(o) },
  ]);
}

const EVENT_TEXT: Record<string, string> = {
  submitted: 'Referral received',
  routed: 'Routed to the Prevent team',
  transferred: 'Transferred to another force',
  check_recorded: 'Check recorded',
  deconfliction_recorded: 'Deconfliction recorded',
  judgement_recorded: 'Threshold judgement recorded',
  person_linked: 'Confirmed as the same person as an earlier record',
  person_not_same: 'Recorded as not the same person as a possible match',
  person_unsure: 'Recorded as unsure whether a possible match is the same person',
};

/** The case timeline, oldest first, in words. */
export function timeline(view: CaseView) {
  return view.events.map((e) => {
    const data = (e.data ?? {}) as Record<string, unknown>;
    const known = referralTransitions[e.type as keyof typeof referralTransitions];
    let text = EVENT_TEXT[e.type] ?? known?.describe ?? e.type.replace(/_/g, ' ');
    if (typeof data.officerName === 'string') text += ` to ${data.officerName}`;
    // Steps whose name does not already say the outcome.
    if (typeof data.outcome === 'string' && ['submitForApproval', 'approve', 'returnForChanges', 'close'].includes(e.type)) text += `: ${OUTCOME_LABELS[data.outcome as Outcome] ?? data.outcome}`;
    if (typeof data.reason === 'string') text += `: ${data.reason}`;
    if (typeof data.comments === 'string') text += ` (comments: ${data.comments})`;
    return { when: formatInstant(e.occurredAt), text, by: e.actorOrg ?? null };
  });
}

/** Is the triage target date passed while the referral is still with the gateway? */
export function overdue(view: CaseView, today = londonDate(new Date())): boolean {
  return ['awaiting_triage', 'in_assessment'].includes(view.referral.state) && view.referral.triageDueOn < today;
}
