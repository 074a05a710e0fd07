// The access policy: every rule about who may see or do what lives here, so it can be read and
// tested as one table. Services ask it; list queries use its SQL filters rather than filtering after fetching.
import { hasRole, type Actor } from './actor.js';

const POLICE_KINDS = new Set(['police_force', 'national_police_hub']);

export interface ReferralAccessFacts {
  owningOrgId: string;
  referrerUserId: string | null;
  referrerOrgId: string | null;
}

/** How much of a referral an actor may see, and the lawful basis recorded in the audit log. */
export type ReferralView =
  | { allowed: true; view: 'full'; basis: string }
  | { allowed: true; view: 'referrer_status'; basis: string }
  | { allowed: false };

function isPolicePrevent(actor: Actor): boolean {
  return hasRole(actor, 'prevent_officer', 'prevent_supervisor') && POLICE_KINDS.has(actor.organisation.kind);
}

export const policy = {
  /** Staff of any organisation under the Prevent duty may make a professional referral. */
  canMakeProfessionalReferral(actor: Actor): boolean {
    return actor.kind === 'user' && actor.organisation.preventDuty && !hasRole(actor, 'oversight', 'provider');
  },

  /** Integrations submit referrals with a token holding the `referrals:write` scope. */
  canSubmitReferralByApi(actor: Actor): boolean {
    return actor.kind === 'api' && actor.scopes.includes('referrals:write') && actor.organisation.preventDuty;
  },

  canReadOwnApiReferrals(actor: Actor): boolean {
    return actor.kind === 'api' && actor.scopes.includes('referrals:read');
  },

  /** The triage queue belongs to the Prevent team of the organisation holding the referrals. */
  canViewTriageQueue(actor: Actor): boolean {
    return isPolicePrevent(actor);
  },

  viewReferral(actor: Actor, r: ReferralAccessFacts): ReferralView {
    if (isPolicePrevent(actor) && actor.kind === 'user' && actor.organisation.id === r.owningOrgId) {
      return { allowed: true, view: 'full', basis: 'Prevent gateway assessment by the police team holding the referral' };
    }
    if (actor.kind === 'user' && r.referrerUserId === actor.userId) {
      return { allowed: true, view: 'referrer_status', basis: 'Referrer checking the status of their own referral' };
    }
    if (actor.kind === 'api' && policy.canReadOwnApiReferrals(actor) && r.referrerOrgId === actor.organisation.id && r.referrerUserId === null) {
      return { allowed: true, view: 'referrer_status', basis: 'Referring organisation checking the status of its submission' };
    }
    return { allowed: false };
  },

  canTransferReferral(actor: Actor, r: ReferralAccessFacts): boolean {
    return isPolicePrevent(actor) && actor.kind === 'user' && actor.organisation.id === r.owningOrgId;
  },

  /** Gateway assessment (checks, deconfliction, judgement, outcome) is for the holding force's Prevent team. */
  canAssessReferral(actor: Actor, r: ReferralAccessFacts): boolean {
    return isPolicePrevent(actor) && actor.kind === 'user' && actor.organisation.id === r.owningOrgId;
  },

  /** The second pair of eyes: a supervisor of the holding force (the service also refuses the decider). */
  canApproveGatewayDecision(actor: Actor, r: ReferralAccessFacts): boolean {
    return hasRole(actor, 'prevent_supervisor') && POLICE_KINDS.has(actor.organisation.kind) && actor.organisation.id === r.owningOrgId;
  },

  /** Police-only content (deconfliction notes, handover notes) is sealed from everyone outside the police. */
  canReadSealed(actor: Actor, r: ReferralAccessFacts): boolean {
    return isPolicePrevent(actor) && actor.kind === 'user' && actor.organisation.id === r.owningOrgId;
  },

  /** Monitoring after the gateway (signposting follow-ups, police-led reviews, closing) is the holding force's Prevent team's. */
  canMonitorCase(actor: Actor, r: ReferralAccessFacts): boolean {
    return isPolicePrevent(actor) && actor.kind === 'user' && actor.organisation.id === r.owningOrgId;
  },

  /**
   * Staff of a partner organisation may receive signposting follow-ups. Not the police (they hold the case),
   * and not administrators or oversight by those roles alone: neither works with the person.
   */
  canReceiveFollowUps(actor: Actor): boolean {
    return actor.kind === 'user' && !POLICE_KINDS.has(actor.organisation.kind) && actor.roles.some((r) => r !== 'admin' && r !== 'oversight');
  },

  /**
   * A local authority's Channel panel (its chair and panel members) sees the cases the police referred to that
   * panel (CTSA 2015 s.36): the referral as given, the grounds and the type of concern, never sealed content.
   */
  canViewChannelReferral(actor: Actor, localAuthorityId: string): boolean {
    return hasRole(actor, 'channel_chair', 'panel_member') && actor.organisation.kind === 'local_authority' && actor.organisation.id === localAuthorityId;
  },

  /** A follow-up is answered (acknowledged, outcome recorded) by the receiving organisation named on it, and seen by no other. */
  canActOnFollowUp(actor: Actor, f: { receivingOrganisationId: string | null }): boolean {
    return policy.canReceiveFollowUps(actor) && actor.kind === 'user' && f.receivingOrganisationId !== null && actor.organisation.id === f.receivingOrganisationId;
  },
};
