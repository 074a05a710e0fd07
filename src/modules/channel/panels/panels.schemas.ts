// Inputs of a Channel panel's set-up (CTSA 2015 s.37): the panel itself (the authorities it covers, the one that
// chairs it, how often adopted cases come back), its standing members by agency and role, and members co-opted
// for one case. One schema per input: the pages validate with it, the JSON API declares it in OpenAPI.
import { z } from 'zod';

export const text = (max: number, what: string) =>
  z.string({ error: `Enter ${what}` }).trim().min(1, `Enter ${what}`).max(max, `${what[0]!.toUpperCase()}${what.slice(1)} must be ${max} characters or fewer`);
export const optionalText = (max: number, what: string) =>
  z.string().trim().max(max, `${what[0]!.toUpperCase()}${what.slice(1)} must be ${max} characters or fewer`).optional().transform((v) => (v ? v : undefined));
export const version = z.coerce.number({ error: 'Send the version you saw' }).int().positive().describe('The version you saw: a stale one is a 409');

/** The agencies a member may represent (panel_members_agency_check, migration 0011). */
export const AGENCIES = [
  'local_authority',
  'police',
  'childrens_social_care',
  'adults_social_care',
  'education',
  'health',
  'mental_health',
  'housing',
  'youth_justice',
  'probation',
  'other',
] as const;
export type Agency = (typeof AGENCIES)[number];
export const AGENCY_LABELS: Record<Agency, string> = {
  local_authority: 'Local authority',
  police: 'Police',
  childrens_social_care: 'Children’s social care',
  adults_social_care: 'Adult social care',
  education: 'Education',
  health: 'Health',
  mental_health: 'Mental health',
  housing: 'Housing',
  youth_justice: 'Youth justice',
  probation: 'Probation',
  other: 'Other',
};

export const DEFAULT_REVIEW_INTERVAL_DAYS = 30;

const panelShape = {
  name: text(200, 'the name of the panel'),
  authorityIds: z
    .array(z.uuid({ error: 'Select the authorities the panel covers' }))
    .max(30)
    .default([])
    .describe('Local authorities sharing the panel. Your own authority is always covered, whether listed or not'),
  chairOrgId: z.uuid({ error: 'Select the authority that chairs the panel' }).describe('The chairing authority (s.37): one of the authorities covered'),
  reviewIntervalDays: z.coerce
    .number({ error: 'Enter the review interval as a number of days' })
    .int('Enter the review interval as a whole number of days')
    .min(7, 'The review interval must be 7 days or more')
    .max(365, 'The review interval must be 365 days or fewer')
    .default(DEFAULT_REVIEW_INTERVAL_DAYS)
    .describe('How many days after a review an adopted case returns to the agenda (default 30: monthly)'),
};

export const panelSchema = z.strictObject(panelShape);
export type PanelInput = z.output<typeof panelSchema>;

export const panelSettingsSchema = z.strictObject({ ...panelShape, version });
export type PanelSettingsInput = z.output<typeof panelSettingsSchema>;

const memberCommon = {
  agency: z.enum(AGENCIES, { error: 'Select the agency they represent' }),
  role: text(200, 'their role'),
  canDecide: z.boolean({ error: 'Select whether they can take decisions for their agency' }),
};

/** The fields every member has, for reporting their errors when whether they have an account is not chosen yet. */
export const memberCommonSchema = z.strictObject(memberCommon);

const userMember = { who: z.literal('user'), email: z.email({ error: 'Enter the email address of their account, like name@example.com' }).max(320) };
const namedMember = {
  who: z.literal('named'),
  name: text(200, 'their name'),
  organisationId: z.uuid({ error: 'Select their organisation' }).optional().describe('Their organisation, when it is on this service'),
  organisationName: optionalText(200, 'the name of their organisation').describe('Their organisation’s name, when it is not on this service'),
};
const hasOrganisation = (m: Record<string, unknown>) => Boolean(m.organisationId || m.organisationName);
const ORGANISATION_NEEDED = { path: ['organisationId'], message: 'Select their organisation, or type its name if it is not listed' };

/** A member who signs in (found by email; their organisation comes from their account) or one without an account. */
function memberUnion<E extends z.ZodRawShape>(extra: E) {
  return z.discriminatedUnion(
    'who',
    [
      z.strictObject({ ...userMember, ...memberCommon, ...extra }),
      z.strictObject({ ...namedMember, ...memberCommon, ...extra }).refine(hasOrganisation, ORGANISATION_NEEDED),
    ],
    { error: 'Select whether they have an account on this service' },
  );
}

export const memberSchema = memberUnion({});
export type MemberInput = z.output<typeof memberSchema>;

export const coOptSchema = memberUnion({ channelCaseId: z.uuid({ error: 'Select the case they are co-opted for' }).describe('A case of the panel, awaiting the panel or adopted') });
export type CoOptInput = z.output<typeof coOptSchema>;

export const MEMBER_WHO = ['user', 'named'] as const;

// ---- JSON API responses ---------------------------------------------------------------------------

const organisationRef = z.object({ id: z.uuid(), name: z.string() });
const day = z.iso.date().describe('ISO 8601 date');

export const panelSummarySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  chair: organisationRef,
  authorities: z.array(organisationRef),
  reviewIntervalDays: z.number().int(),
  currentMembers: z.number().int().describe('Standing members whose membership has not ended'),
  version: z.number().int(),
});

export const panelListSchema = z.object({
  items: z.array(panelSummarySchema),
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
});

export const memberViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  userId: z.uuid().nullable().describe('Their account, when they have one'),
  organisation: z.object({ id: z.uuid().nullable(), name: z.string() }),
  agency: z.enum(AGENCIES),
  role: z.string(),
  canDecide: z.boolean(),
  channelCase: z.object({ id: z.uuid(), reference: z.string() }).nullable().describe('For a co-opted member: the case they are co-opted for'),
  startedOn: day,
  endedOn: day.nullable(),
});

export const panelViewSchema = panelSummarySchema.omit({ currentMembers: true }).extend({
  canManage: z.boolean().describe('Whether you may change the panel (an administrator of a covered authority)'),
  members: z.array(memberViewSchema).describe('Standing and co-opted members, current and past (ended memberships are kept)'),
});

export const createdSchema = z.object({ id: z.uuid() });
export const panelSavedSchema = z.object({ id: z.uuid(), version: z.number().int().describe('The panel’s version now: send it with the next change') });
