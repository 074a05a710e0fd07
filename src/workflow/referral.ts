// The referral's journey through the police gateway, as one table: which states each step leaves from,
// the state it enters, and who may take it. Services call assertTransition inside their transaction.
import { policy, type ReferralAccessFacts } from '../platform/access/policy.js';
import type { TransitionTable } from './machine.js';

export const REFERRAL_STATES = [
  'received',
  'awaiting_triage',
  'in_assessment',
  'awaiting_approval',
  'signposted',
  'police_led_management',
  'referred_to_channel',
  'closed',
  /** Joined an open case about the same person: that case carries it from here. */
  'joined',
] as const;
export type ReferralState = (typeof REFERRAL_STATES)[number];

/** States in which a case is open for the police (new referrals about the person join it). */
export const OPEN_STATES: readonly ReferralState[] = ['awaiting_triage', 'in_assessment', 'awaiting_approval', 'signposted', 'police_led_management'];

const system = (actor: { kind: string }) => actor.kind === 'system';
const assessor = policy.canAssessReferral;

export const referralTransitions = {
  /** Routing to the force for the person's location (or the national queue) happens on receipt. */
  route: { from: ['received'], to: 'awaiting_triage', allowed: system, describe: 'Routed' },
  /** A referral about someone with an open case becomes part of that case. */
  join: { from: ['received'], to: 'joined', allowed: system, describe: 'Joined to an open case' },
  /** A Prevent team passes a referral to another force, with a reason. */
  transfer: { from: ['awaiting_triage', 'in_assessment'], to: 'awaiting_triage', allowed: (a, f) => policy.canTransferReferral(a, f), describe: 'Transferred' },
  /** Assigning an officer starts the gateway assessment. */
  assign: { from: ['awaiting_triage', 'in_assessment'], to: 'in_assessment', allowed: assessor, describe: 'Assigned' },
  /** No further action or handover, where the force wants a supervisor to approve it first. */
  submitForApproval: { from: ['in_assessment'], to: 'awaiting_approval', allowed: assessor, describe: 'Sent for approval' },
  approve: { from: ['awaiting_approval'], to: 'closed', allowed: (a, f) => policy.canApproveGatewayDecision(a, f), describe: 'Approved' },
  returnForChanges: { from: ['awaiting_approval'], to: 'in_assessment', allowed: (a, f) => policy.canApproveGatewayDecision(a, f), describe: 'Returned' },
  /** No further action or handover where no approval is needed. */
  close: { from: ['in_assessment'], to: 'closed', allowed: assessor, describe: 'Closed' },
  signpost: { from: ['in_assessment'], to: 'signposted', allowed: assessor, describe: 'Signposted' },
  policeLed: { from: ['in_assessment'], to: 'police_led_management', allowed: assessor, describe: 'Put under police-led management' },
  referToChannel: { from: ['in_assessment', 'police_led_management'], to: 'referred_to_channel', allowed: assessor, describe: 'Referred to Channel' },
  closeMonitoring: { from: ['signposted', 'police_led_management'], to: 'closed', allowed: assessor, describe: 'Closed' },
  // Steps the Channel stage takes on the police referral; the Channel case records who acted and why.
  /** Consent withdrawn, or the panel did not adopt: the police review the case under police-led management. */
  returnFromChannel: { from: ['referred_to_channel'], to: 'police_led_management', allowed: system, describe: 'Returned from Channel' },
  /** The person left Channel: the referral closes with the Channel case's retention. */
  closeAfterChannel: { from: ['referred_to_channel'], to: 'closed', allowed: system, describe: 'Closed after Channel' },
  /** A post-exit review reopened the Channel case. */
  reopenChannel: { from: ['closed'], to: 'referred_to_channel', allowed: system, describe: 'Reopened by the Channel panel' },
} satisfies TransitionTable<ReferralState, ReferralAccessFacts>;

export type ReferralTransition = keyof typeof referralTransitions;

/** What a referrer is told: a limited status, never the police's working. */
export type ReferrerStatus = 'received' | 'being_assessed' | 'closed';

export function referrerStatus(state: ReferralState): ReferrerStatus {
  if (state === 'received' || state === 'awaiting_triage') return 'received';
  if (state === 'closed' || state === 'referred_to_channel' || state === 'signposted') return 'closed';
  return 'being_assessed';
}

export const REFERRER_STATUS_TEXT: Record<ReferrerStatus, string> = {
  received: 'Received',
  being_assessed: 'Being assessed',
  closed: 'Closed',
};
