// Inputs of the register of Intervention Providers: who the provider is, how to reach them, their Home Office
// approval (dates required once approved, expiry after approval) and what they offer. One schema per input: the
// pages validate with it, the JSON API declares it in OpenAPI.
import { z } from 'zod';
import { londonDate } from '../../../platform/dates.js';
import { text, version } from '../panels/panels.schemas.js';

export const PROVIDER_KINDS = ['organisation', 'individual'] as const;
export const PROVIDER_KIND_LABELS: Record<(typeof PROVIDER_KINDS)[number], string> = { organisation: 'Organisation', individual: 'Individual' };

/** intervention_providers_values_check (migration 0011). */
export const APPROVAL_STATUSES = ['approved', 'pending', 'suspended', 'withdrawn'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];
export const APPROVAL_STATUS_LABELS: Record<ApprovalStatus, string> = { approved: 'Approved', pending: 'Pending approval', suspended: 'Suspended', withdrawn: 'Withdrawn' };

function isRealDate(iso: string): boolean {
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}
const isoDate = (label: string) =>
  z
    .string({ error: `${label} must be a real date` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a real date`)
    .refine(isRealDate, `${label} must be a real date`)
    .refine((v) => v >= '1990-01-01' && v <= '2199-12-31', `${label} must be a real date`);

export const APPROVED_ON = 'The date of approval';
export const EXPIRES_ON = 'The date approval expires';

const approvalShape = {
  approvalStatus: z.enum(APPROVAL_STATUSES, { error: 'Select the approval status' }),
  approvedOn: isoDate(APPROVED_ON)
    .refine((v) => v <= londonDate(new Date()), `${APPROVED_ON} must be today or in the past`)
    .optional()
    .describe('ISO 8601 date of the Home Office approval: required when approved'),
  approvalExpiresOn: isoDate(EXPIRES_ON).optional().describe('ISO 8601 date the approval expires: required when approved, after the date of approval'),
};

type Approval = { approvalStatus: ApprovalStatus; approvedOn?: string | undefined; approvalExpiresOn?: string | undefined };

/** Approval dates: both needed once approved, and an approval expires after it was given. */
function approvalRule(a: Approval, ctx: z.core.$RefinementCtx) {
  if (a.approvalStatus === 'approved' && !a.approvedOn) ctx.addIssue({ code: 'custom', path: ['approvedOn'], message: `Enter the date of approval` });
  if (a.approvalStatus === 'approved' && !a.approvalExpiresOn) ctx.addIssue({ code: 'custom', path: ['approvalExpiresOn'], message: `Enter the date approval expires` });
  if (a.approvedOn && a.approvalExpiresOn && a.approvalExpiresOn <= a.approvedOn) {
    ctx.addIssue({ code: 'custom', path: ['approvalExpiresOn'], message: `${EXPIRES_ON} must be after the date of approval` });
  }
}

/** The approval questions alone, so their rule is reported even when other questions have errors. */
export const approvalSchema = z.object(approvalShape).superRefine(approvalRule);

const providerShape = {
  name: text(200, 'the name of the provider'),
  kind: z.enum(PROVIDER_KINDS, { error: 'Select whether the provider is an organisation or an individual' }),
  organisationId: z
    .uuid({ error: 'Select the provider’s organisation on this service' })
    .optional()
    .describe('The intervention provider organisation on this service whose staff see and act on the provider’s interventions'),
  contact: text(500, 'how to contact the provider'),
  ...approvalShape,
  specialisms: z
    .array(z.string().max(60))
    .min(1, 'Select at least one specialism')
    .max(20)
    .describe('Codes of intervention types (GET /api/v1/channel/providers lists them with their labels)'),
  languages: z.array(text(60, 'a language')).max(20, 'List 20 languages or fewer').default([]).describe('Languages the provider works in'),
};

export const providerSchema = z.strictObject(providerShape).superRefine(approvalRule);
export type ProviderInput = z.output<typeof providerSchema>;

export const providerUpdateSchema = z.strictObject({ ...providerShape, version }).superRefine(approvalRule);
export type ProviderUpdateInput = z.output<typeof providerUpdateSchema>;

// ---- JSON API responses ---------------------------------------------------------------------------

const day = z.iso.date();

export const providerViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(PROVIDER_KINDS),
  organisation: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  contact: z.string(),
  approvalStatus: z.enum(APPROVAL_STATUSES),
  approvedOn: day.nullable(),
  approvalExpiresOn: day.nullable(),
  currentlyApproved: z.boolean().describe('Approved, and the approval has not expired: only such a provider can be assigned an intervention needing approval'),
  expired: z.boolean().describe('Approved, but the approval has expired'),
  specialisms: z.array(z.object({ code: z.string(), label: z.string() })),
  languages: z.array(z.string()),
  version: z.number().int(),
});

export const providerListSchema = z.object({
  items: z.array(providerViewSchema),
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
  specialisms: z.array(z.object({ code: z.string(), label: z.string() })).describe('Every specialism, for filtering and for the `specialisms` of a provider'),
});

export const providerSavedSchema = z.object({ id: z.uuid(), version: z.number().int().describe('The provider’s version now: send it with the next change') });
