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

/**
 * What the policy needs to know about a Channel case: whose it is, which panel covers it and the actor's place on
 * that panel. Loaded with the case in one query (channel/cases/channelCase.repository.ts).
 */
export interface ChannelCaseFacts {
  localAuthorityId: string;
  /** The force holding the referral: police of the person's area. */
  policeOrgId: string;
  /** The panel covering the case's local authority; null until one is set up. */
  panelId: string | null;
  chairOrgId: string | null;
  /** The actor is a current standing member of that panel, or co-opted for this case. */
  actorIsMember: boolean;
  /** Organisations of the providers with an active intervention on the case. */
  providerOrgIds: readonly string[];
}

/** A panel as the policy sees it: the authorities it covers and the one that chairs it. */
export interface PanelFacts {
  chairOrgId: string;
  authorityIds: readonly string[];
}

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

  // ---- Channel ---------------------------------------------------------------------------------------

  /** A local authority's administrator sets up its panel (alone, or shared with other authorities). */
  canCreatePanel(actor: Actor): boolean {
    return hasRole(actor, 'admin') && actor.organisation.kind === 'local_authority';
  },

  /** Membership and settings of a panel are for the administrators of the authorities it covers. */
  canManagePanel(actor: Actor, p: PanelFacts): boolean {
    return policy.canCreatePanel(actor) && actor.kind === 'user' && p.authorityIds.includes(actor.organisation.id);
  },

  /** The chair (the chairing authority's Channel chair) schedules meetings, builds agendas and records the panel's work. */
  canChairPanel(actor: Actor, p: { chairOrgId: string }): boolean {
    return hasRole(actor, 'channel_chair') && actor.organisation.id === p.chairOrgId;
  },

  /** A meeting pack is read by the panel's members (and its chair), only for the cases on the agenda. */
  canReadMeetingPack(actor: Actor, p: { chairOrgId: string; actorIsMember: boolean }): boolean {
    return actor.kind === 'user' && (p.actorIsMember || policy.canChairPanel(actor, p));
  },

  /**
   * A Channel case in full: the chairing authority's Channel staff (chair, coordinators) and the police of the
   * person's area, who sit on the panel by statute (s.37). Members from other agencies read it through the
   * meeting pack; providers through their intervention; nobody else.
   */
  viewChannelCase(actor: Actor, f: ChannelCaseFacts): { allowed: true; basis: string } | { allowed: false } {
    if (f.chairOrgId && hasRole(actor, 'channel_chair', 'panel_member') && actor.organisation.id === f.chairOrgId) {
      return { allowed: true, basis: 'Channel panel case management by the chairing local authority (CTSA 2015 s.36)' };
    }
    if (isPolicePrevent(actor) && actor.kind === 'user' && actor.organisation.id === f.policeOrgId) {
      return { allowed: true, basis: 'Police of the area, member of the Channel panel (CTSA 2015 s.37)' };
    }
    return { allowed: false };
  },

  /** Recording the panel's work on a case (decisions, assessments, consent, plan, interventions, reviews) is the chair's. */
  canRunChannelCase(actor: Actor, f: ChannelCaseFacts): boolean {
    return f.chairOrgId !== null && policy.canChairPanel(actor, { chairOrgId: f.chairOrgId });
  },

  /**
   * Consent can be withdrawn at any time, and the person may tell whoever they see: the chair, the police of the
   * area, or a provider working with them records it.
   */
  canRecordConsentWithdrawal(actor: Actor, f: ChannelCaseFacts): boolean {
    if (policy.canRunChannelCase(actor, f)) return true;
    if (isPolicePrevent(actor) && actor.kind === 'user' && actor.organisation.id === f.policeOrgId) return true;
    return hasRole(actor, 'provider') && f.providerOrgIds.includes(actor.organisation.id);
  },

  /** The register of Intervention Providers is kept by local authority administrators and read by chairs. */
  canManageProviders(actor: Actor): boolean {
    return hasRole(actor, 'admin') && actor.organisation.kind === 'local_authority';
  },

  canViewProviderRegister(actor: Actor): boolean {
    return policy.canManageProviders(actor) || (hasRole(actor, 'channel_chair') && actor.organisation.kind === 'local_authority');
  },

  /** A provider's staff see and act on their own interventions only (the minimal view). */
  canActOnIntervention(actor: Actor, i: { providerOrgId: string | null }): boolean {
    return hasRole(actor, 'provider') && i.providerOrgId !== null && actor.organisation.id === i.providerOrgId;
  },

  /**
   * The official statistics hold no personal data (suppressed aggregate counts): oversight, police Prevent
   * supervisors, Channel chairs and local authority administrators may read them.
   */
  canViewStatistics(actor: Actor): boolean {
    if (actor.kind !== 'user') return false;
    const kind = actor.organisation.kind;
    return hasRole(actor, 'oversight') || (hasRole(actor, 'prevent_supervisor') && POLICE_KINDS.has(kind)) || (hasRole(actor, 'channel_chair', 'admin') && kind === 'local_authority');
  },

  // People. A person is seen by the police Prevent teams holding a referral about them; linking a referral to
  // a person is part of assessing that referral; merging and unmerging people is a supervisor's act.

  /** Candidate people for a referral and the "same person?" answer: the gateway work of the holding force. */
  canMatchReferral(actor: Actor, r: ReferralAccessFacts): boolean {
    return policy.canAssessReferral(actor, r);
  },

  canViewPerson(actor: Actor, p: { holdingOrgIds: readonly string[] }): boolean {
    return isPolicePrevent(actor) && actor.kind === 'user' && p.holdingOrgIds.includes(actor.organisation.id);
  },

  /** Merging two people, or undoing a merge: a Prevent supervisor of a force holding a referral about either. */
  canMergePeople(actor: Actor, p: { holdingOrgIds: readonly string[] }): boolean {
    return hasRole(actor, 'prevent_supervisor') && POLICE_KINDS.has(actor.organisation.kind) && p.holdingOrgIds.includes(actor.organisation.id);
  },
};
