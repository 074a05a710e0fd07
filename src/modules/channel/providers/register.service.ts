// The register of Intervention Providers (domain §6): kept by local authority administrators, read by them and by
// Channel chairs choosing a provider. Only an approved provider whose approval has not expired can be assigned
// work needing approval (supportRules.ts), so the register shows expiry plainly. Reads are about providers, not
// about cases, and are not audited; every change is, in the same transaction.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../../db/client.js';
import type { RequestContext } from '../../../platform/access/actor.js';
import { policy } from '../../../platform/access/policy.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { londonDate } from '../../../platform/dates.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../platform/errors.js';
import * as repo from './register.repository.js';
import type { ProviderInput, ProviderUpdateInput } from './register.schemas.js';

const REGIME = 'UK_GDPR' as const;
const PURPOSE = 'Keeping the register of Intervention Providers';
export const STALE_PROVIDER = 'Someone else changed this provider while you were working on it. Check the register, then submit again: your answers are kept below.';
export const PAGE_SIZE = 25;

/** Whether the approval stands today, and whether it has lapsed. */
export function approvalState(p: { approvalStatus: string; approvalExpiresOn: string | null }, today: string) {
  const approved = p.approvalStatus === 'approved';
  const expired = approved && p.approvalExpiresOn !== null && p.approvalExpiresOn < today;
  return { currentlyApproved: approved && !expired && p.approvalExpiresOn !== null, expired };
}

export function createRegisterService(db: Db) {
  function reader(ctx: RequestContext) {
    if (!policy.canViewProviderRegister(ctx.actor)) throw new NotFoundError();
  }
  function keeper(ctx: RequestContext) {
    reader(ctx);
    if (!policy.canManageProviders(ctx.actor)) throw new ForbiddenError('Only a local authority administrator can change the register of Intervention Providers.');
  }

  /** The row to write, after the checks the schema cannot make: known specialisms, a provider organisation. */
  async function checked(tx: Db, input: ProviderInput): Promise<repo.ProviderChanges> {
    const codes = new Set((await repo.interventionTypeList(tx)).map((t) => t.code));
    if (input.specialisms.some((s) => !codes.has(s))) throw new ValidationError([{ field: 'specialisms', message: 'Select specialisms from the list' }]);
    if (input.organisationId && !(await repo.providerOrganisations(tx, [input.organisationId])).length) {
      throw new ValidationError([{ field: 'organisationId', message: 'Select an intervention provider organisation from the list' }]);
    }
    return {
      name: input.name,
      kind: input.kind,
      organisationId: input.organisationId ?? null,
      contact: input.contact,
      approvalStatus: input.approvalStatus,
      approvedOn: input.approvedOn ?? null,
      approvalExpiresOn: input.approvalExpiresOn ?? null,
      specialisms: [...new Set(input.specialisms)],
      languages: [...new Set(input.languages)],
    };
  }

  /** Lists the forms offer: the specialisms and the provider organisations. */
  async function formContext() {
    const [types, organisations] = await Promise.all([repo.interventionTypeList(db), repo.providerOrganisations(db)]);
    return { types, organisations };
  }

  return {
    formContext,

    async list(ctx: RequestContext, filter: { specialism?: string | undefined; approvedOnly?: boolean | undefined }, page: number) {
      reader(ctx);
      const today = londonDate(new Date());
      const [result, types] = await Promise.all([repo.listProviders(db, { ...filter, today }, PAGE_SIZE, (page - 1) * PAGE_SIZE), repo.interventionTypeList(db)]);
      return { ...result, types, today, page, pageSize: PAGE_SIZE, canManage: policy.canManageProviders(ctx.actor) };
    },

    async view(ctx: RequestContext, id: string) {
      reader(ctx);
      const provider = await repo.findProvider(db, id);
      if (!provider) throw new NotFoundError();
      return { provider, today: londonDate(new Date()), canManage: policy.canManageProviders(ctx.actor), ...(await formContext()) };
    },

    /** For the new-provider page: only those who may change the register. */
    assertCanManage(ctx: RequestContext) {
      keeper(ctx);
    },

    async create(ctx: RequestContext, input: ProviderInput): Promise<string> {
      keeper(ctx);
      const id = randomUUID();
      await db.transaction(async (tx) => {
        await repo.insertProvider(tx, id, await checked(tx, input));
        await recordAudit(tx, ctx, { action: 'collection', event: 'channel.provider_added', recordType: 'intervention_provider', recordIds: [id], purpose: PURPOSE, regime: REGIME });
      });
      return id;
    },

    async update(ctx: RequestContext, id: string, input: ProviderUpdateInput): Promise<number> {
      reader(ctx);
      return db.transaction(async (tx) => {
        if (!(await repo.findProvider(tx, id, true))) throw new NotFoundError();
        keeper(ctx);
        const next = await repo.updateProvider(tx, id, input.version, await checked(tx, input));
        if (next === null) throw new ConflictError(STALE_PROVIDER, 'stale');
        await recordAudit(tx, ctx, { action: 'alteration', event: 'channel.provider_changed', recordType: 'intervention_provider', recordIds: [id], purpose: PURPOSE, regime: REGIME });
        return next;
      });
    },
  };
}

export type RegisterService = ReturnType<typeof createRegisterService>;
