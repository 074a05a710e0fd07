// A Channel case's journey through the panel (CTSA 2015 s.36), as one table: which states each step leaves
// from, the state it enters, and who may take it. Consent is a record, not a state: an adopted case has live
// consent or not, and support can only start with it (the services check). Services call assertTransition
// inside the transaction that applies the change.
import { policy, type ChannelCaseFacts } from '../platform/access/policy.js';
import type { TransitionTable } from './machine.js';

export const CHANNEL_CASE_STATES = [
  /** Referred by the police; waiting for the panel to discuss it (also after a deferral or a reopening). */
  'awaiting_panel',
  /** Adopted as a Channel case: consent, support plan, interventions and reviews. */
  'adopted',
  /** The panel did not adopt it (it must consider health or social care, s.36(6)). */
  'not_adopted',
  /** Consent was withdrawn: support stopped and the case went back to the police for review. */
  'returned_to_police',
  /** Left Channel with a closing report; post-exit reviews follow. */
  'exited',
  /** Moved out of area: the other authority's panel has it now. */
  'transferred',
] as const;
export type ChannelCaseState = (typeof CHANNEL_CASE_STATES)[number];

export const CHANNEL_STATE_LABELS: Record<ChannelCaseState, string> = {
  awaiting_panel: 'Awaiting panel',
  adopted: 'Adopted',
  not_adopted: 'Not adopted',
  returned_to_police: 'Returned to the police',
  exited: 'Exited',
  transferred: 'Transferred',
};

const chair = (a: Parameters<typeof policy.canRunChannelCase>[0], f: ChannelCaseFacts) => policy.canRunChannelCase(a, f);

export const channelCaseTransitions = {
  adopt: { from: ['awaiting_panel'], to: 'adopted', allowed: chair, describe: 'Adopted' },
  notAdopt: { from: ['awaiting_panel'], to: 'not_adopted', allowed: chair, describe: 'Not adopted' },
  defer: { from: ['awaiting_panel'], to: 'awaiting_panel', allowed: chair, describe: 'Deferred' },
  /** A review at which the panel continues support; the next review date moves on. */
  review: { from: ['adopted'], to: 'adopted', allowed: chair, describe: 'Reviewed' },
  withdrawConsent: { from: ['adopted'], to: 'returned_to_police', allowed: (a, f) => policy.canRecordConsentWithdrawal(a, f), describe: 'Returned to the police after consent was withdrawn' },
  exit: { from: ['adopted'], to: 'exited', allowed: chair, describe: 'Exited' },
  transfer: { from: ['awaiting_panel', 'adopted'], to: 'transferred', allowed: chair, describe: 'Transferred' },
  /** A post-exit review found concerns again: the case returns to the panel's agenda. */
  reopen: { from: ['exited'], to: 'awaiting_panel', allowed: chair, describe: 'Reopened' },
} satisfies TransitionTable<ChannelCaseState, ChannelCaseFacts>;

export type ChannelCaseTransition = keyof typeof channelCaseTransitions;
