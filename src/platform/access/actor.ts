// Who is acting. Built once per request by the auth layer and passed down to services and the policy.

export const ROLES = [
  'prevent_officer',
  'prevent_supervisor',
  'referrer',
  'channel_chair',
  'panel_member',
  'provider',
  'oversight',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export const ORGANISATION_KINDS = [
  'police_force',
  'national_police_hub',
  'local_authority',
  'school',
  'college',
  'university',
  'nhs_trust',
  'prison',
  'probation',
  'intervention_provider',
  'oversight',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export interface OrganisationRef {
  id: string;
  kind: OrganisationKind;
  name: string;
  forceCode: string | null;
  preventDuty: boolean;
}

export type Actor =
  | { kind: 'public' }
  | { kind: 'user'; userId: string; displayName: string; roles: readonly Role[]; organisation: OrganisationRef }
  | { kind: 'api'; tokenId: string; scopes: readonly string[]; organisation: OrganisationRef }
  | { kind: 'system' };

export type UserActor = Extract<Actor, { kind: 'user' }>;

/** Request facts the audit log keeps with every entry. */
export interface RequestContext {
  actor: Actor;
  requestId: string | null;
  client: { ip?: string; userAgent?: string };
}

export const systemContext: RequestContext = { actor: { kind: 'system' }, requestId: null, client: {} };

export function actorOrganisationId(actor: Actor): string | null {
  return actor.kind === 'user' || actor.kind === 'api' ? actor.organisation.id : null;
}

export function hasRole(actor: Actor, ...roles: Role[]): actor is UserActor {
  return actor.kind === 'user' && actor.roles.some((r) => roles.includes(r));
}
