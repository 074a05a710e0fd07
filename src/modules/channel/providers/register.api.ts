// JSON API of the register of Intervention Providers: the same reads and changes as its pages. Changes are acts
// of a named administrator, so the API needs a signed-in session (CSRF token in x-csrf-token for unsafe
// requests), never an organisation token. The service decides who may read (404) and change (403) it.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { personContext } from '../../../platform/http/requestContext.js';
import { problemResponses } from '../../../platform/http/problems.js';
import type { ProviderRow } from './register.repository.js';
import { APPROVAL_STATUSES, PROVIDER_KINDS, providerListSchema, providerSavedSchema, providerSchema, providerUpdateSchema, providerViewSchema } from './register.schemas.js';
import { approvalState, type RegisterService } from './register.service.js';

const problems = problemResponses(400, 401, 403, 404, 409, 413, 415, 422);
const readProblems = problemResponses(401, 403, 404, 422);

export const NAMED_ADMIN = 'The register of Intervention Providers is kept by a named administrator; sign in.';
const personal = (request: FastifyRequest) => personContext(request, NAMED_ADMIN);

const params = z.object({ id: z.uuid() });
const csrfHeader = z.object({ 'x-csrf-token': z.string().optional().describe('The CSRF token of your signed-in session (GET /api/v1/session): required') });
const security = [{ officerSession: [] }];
const tags = ['intervention providers'];

function providerJson(p: ProviderRow, labels: Map<string, string>, today: string): z.input<typeof providerViewSchema> {
  return {
    id: p.id,
    name: p.name,
    kind: p.kind as (typeof PROVIDER_KINDS)[number],
    organisation: p.organisationId ? { id: p.organisationId, name: p.organisationName ?? '' } : null,
    contact: p.contact,
    approvalStatus: p.approvalStatus as (typeof APPROVAL_STATUSES)[number],
    approvedOn: p.approvedOn,
    approvalExpiresOn: p.approvalExpiresOn,
    ...approvalState(p, today),
    specialisms: p.specialisms.map((code) => ({ code, label: labels.get(code) ?? code })),
    languages: p.languages,
    version: p.version,
  };
}

export async function registerApi(app: FastifyInstance, opts: { service: RegisterService }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { service } = opts;

  api.get(
    '/api/v1/channel/providers',
    {
      schema: {
        tags,
        summary: 'List the register of Intervention Providers',
        description: 'For local authority administrators and Channel chairs. Filter by a specialism (an intervention type code) and to those currently approved (approved and not expired).',
        security,
        querystring: z.object({
          specialism: z.string().max(60).optional(),
          approved: z.enum(['true', 'false']).optional().describe('`true`: only providers whose approval stands today'),
          page: z.coerce.number().int().min(1).max(99_999).default(1),
        }),
        response: { 200: providerListSchema, ...readProblems },
      },
    },
    async (request) => {
      const list = await service.list(personal(request), { specialism: request.query.specialism, approvedOnly: request.query.approved === 'true' }, request.query.page);
      const labels = new Map(list.types.map((t) => [t.code, t.label]));
      return { items: list.items.map((p) => providerJson(p, labels, list.today)), page: list.page, pageSize: list.pageSize, total: list.total, specialisms: list.types };
    },
  );

  api.post(
    '/api/v1/channel/providers',
    {
      schema: {
        tags,
        summary: 'Add a provider to the register',
        description: 'For local authority administrators. Approved providers need the date of approval and a later expiry date.',
        security,
        headers: csrfHeader,
        body: providerSchema,
        response: { 201: providerSavedSchema, ...problems },
      },
    },
    async (request, reply) => reply.code(201).send({ id: await service.create(personal(request), request.body), version: 1 }),
  );

  api.get(
    '/api/v1/channel/providers/:id',
    {
      schema: { tags, summary: 'Read a provider of the register', security, params, response: { 200: providerViewSchema, ...readProblems } },
    },
    async (request) => {
      const v = await service.view(personal(request), request.params.id);
      return providerJson(v.provider, new Map(v.types.map((t) => [t.code, t.label])), v.today);
    },
  );

  api.post(
    '/api/v1/channel/providers/:id',
    {
      schema: {
        tags,
        summary: 'Change a provider of the register',
        description: 'Replaces every field (a field left out is cleared). A stale `version` is a 409.',
        security,
        params,
        headers: csrfHeader,
        body: providerUpdateSchema,
        response: { 200: providerSavedSchema, ...problems },
      },
    },
    async (request) => ({ id: request.params.id, version: await service.update(personal(request), request.params.id, request.body) }),
  );
}
