// The referral's journey. Later stages (gateway assessment, outcomes) extend this one table.
import { policy, type ReferralAccessFacts } from '../platform/access/policy.js';
import type { TransitionTable } from './machine.js';

export const REFERRAL_STATES = ['received', 'awaiting_triage', 'in_assessment', 'closed'] as const;
export type ReferralState = (typeof REFERRAL_STATES)[number];

const system = (actor: { kind: string }) => actor.kind === 'system';

export const referralTransitions = {
  /** Routing to the force for the person's location (or the national queue) happens on receipt. */
  route: { from: ['received'], to: 'awaiting_triage', allowed: system, describe: 'Routed' },
  /** A Prevent team passes a referral to another force, with a reason. */
  transfer: { from: ['awaiting_triage'], to: 'awaiting_triage', allowed: (a, f) => policy.canTransferReferral(a, f), describe: 'Transferred' },
} satisfies TransitionTable<ReferralState, ReferralAccessFacts>;

export type ReferralTransition = keyof typeof referralTransitions;

/** What a referrer is told: a limited status, never the police's working. */
export type ReferrerStatus = 'received' | 'being_assessed' | 'closed';

export function referrerStatus(state: ReferralState): ReferrerStatus {
  if (state === 'closed') return 'closed';
  if (state === 'in_assessment') return 'being_assessed';
  return 'received';
}

export const REFERRER_STATUS_TEXT: Record<ReferrerStatus, string> = {
  received: 'Received',
  being_assessed: 'Being assessed',
  closed: 'Closed',
};
