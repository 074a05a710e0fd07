// JSON API for the triage queue: the force's open cases with the queue page's filters. "Assign to me" is the
// gateway's assignment (POST /api/v1/cases/{id}/assignment with your own id and the item's version). The list
// shows people's names, so it is for a named officer's signed-in session, never an organisation token.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { policy } from '../../platform/access/policy.js';
import { NotFoundError, ValidationError } from '../../platform/errors.js';
import { personContext } from '../../platform/http/requestContext.js';
import { problemResponses } from '../../platform/http/problems.js';
import { OPEN_STATES } from '../../workflow/referral.js';
import { NAMED_OFFICER } from '../gateway/gateway.api.js';
import { caseSchema } from '../gateway/gateway.schemas.js';
import type { ReferralService } from './referrals.service.js';

const yes = (what: string) =>
  z
    .enum(['yes', 'no'])
    .default('no')
    .describe(`yes: ${what} only`)
    .transform((v) => v === 'yes');

/** The queue page's filters, with the page's own parameter names and values. */
const triageQuery = z.strictObject({
  status: z
    .preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(z.enum(OPEN_STATES)))
    .optional()
    .describe('Open states to list (repeat the parameter for several); all open states when absent'),
  officer: z
    .union([z.enum(['anyone', 'unassigned', 'me']), z.uuid()], { error: 'Give anyone, unassigned, me or the id of an officer of your force' })
    .default('anyone')
    .describe('The assigned officer: anyone, unassigned, me, or the id of an officer of your force'),
  under18: yes('people under 18'),
  repeat: yes('people referred before'),
  overdue: yes('cases still awaiting a gateway decision past their target date'),
  page: z.coerce.number({ error: 'The page must be a whole number from 1' }).int('The page must be a whole number from 1').min(1, 'The page must be a whole number from 1').max(99_999).default(1),
});

const triageItemSchema = caseSchema
  .pick({ id: true, reference: true, state: true, version: true, channel: true, submittedAt: true, triageDueOn: true, assignedOfficer: true })
  .extend({
    breached: z.boolean().describe('Still awaiting the gateway decision after its target date'),
    subject: caseSchema.shape.subject.pick({ givenName: true, familyName: true }).extend({
      under18: z.boolean().nullable().describe('null when neither a date of birth nor an age was given'),
    }),
    referralNumber: z.number().int().min(1).describe('1 for the first referral about this person, 2 for the second…'),
  });

const triagePageSchema = z.object({
  items: z.array(triageItemSchema).describe('Oldest first'),
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int().describe('Cases matching the filters, on every page'),
  totalPages: z.number().int(),
  targetWorkingDays: z.number().int().describe('The gateway decision is due within this many working days of receipt'),
});

/** Only a signed-in person: an organisation token is not a named officer. */
const officerContext = (request: FastifyRequest) => personContext(request, NAMED_OFFICER);

export async function triageApi(app: FastifyInstance, opts: { service: ReferralService }) {
  const { service } = opts;

  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/triage',
    {
      schema: {
        tags: ['triage'],
        summary: 'List the force’s open cases (the triage queue)',
        description:
          'For Prevent officers of a police force: the cases it holds, oldest first, 25 a page, with the queue page’s filters. Listing is recorded as a consultation of each case shown. To take a case, assign it to yourself with POST /api/v1/cases/{id}/assignment and the item’s version.',
        security: [{ officerSession: [] }],
        querystring: triageQuery,
        response: { 200: triagePageSchema, ...problemResponses(401, 403, 404, 422) },
      },
    },
    async (request) => {
      const ctx = officerContext(request);
      const actor = ctx.actor;
      if (actor.kind !== 'user' || !policy.canViewTriageQueue(actor)) throw new NotFoundError();
      const q = request.query;
      const officer = q.officer.toLowerCase();
      const queue = await service.queue(ctx, { states: q.status ?? [], officer, under18: q.under18, repeat: q.repeat, overdue: q.overdue, page: q.page });
      // A named officer must be one of the force's, as on the page: for anyone else the queue listed nothing.
      if (!['anyone', 'unassigned', 'me'].includes(officer) && !queue.officers.some((o) => o.id === officer)) {
        throw new ValidationError([{ field: 'officer', message: 'Give anyone, unassigned, me or the id of an officer of your force' }]);
      }
      return {
        items: queue.items.map((i) => ({
          id: i.id,
          reference: i.reference,
          state: i.state,
          version: i.version,
          channel: i.channel,
          submittedAt: i.submittedAt.toISOString(),
          triageDueOn: i.triageDueOn,
          breached: i.breached,
          subject: { givenName: i.subjectGivenName, familyName: i.subjectFamilyName, under18: i.subjectUnder18 },
          assignedOfficer: i.assignedOfficerId ? { id: i.assignedOfficerId, name: i.assignedOfficerName } : null,
          referralNumber: i.referralNumber,
        })),
        page: queue.page,
        pageSize: queue.pageSize,
        total: queue.total,
        totalPages: Math.ceil(queue.total / queue.pageSize),
        targetWorkingDays: queue.targetWorkingDays,
      };
    },
  );
}
