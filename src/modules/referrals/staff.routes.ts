// Police Prevent pages: the triage queue (filters, "Assign to me"), a referral's page and transfer to another force.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { policy } from '../../platform/access/policy.js';
import { NotFoundError, ConflictError, ValidationError } from '../../platform/errors.js';
import { isUuid, signedIn, uuidParam } from '../../platform/http/routeParams.js';
import { requestContext } from '../../platform/http/requestContext.js';
import { render } from '../../platform/views/views.js';
import { listPoliceOrganisations } from '../organisations/organisations.repository.js';
import { OPEN_STATES, REFERRER_STATUS_TEXT } from '../../workflow/referral.js';
import type { GatewayService } from '../gateway/gateway.service.js';
import { summaryRows } from './presenters.js';
import { findReferralById } from './referrals.repository.js';
import type { QueueQuery, ReferralService } from './referrals.service.js';
import type { Answers } from './journey.js';

const transferForm = z.object({
  toOrganisationId: z.uuid({ error: 'Select the force to transfer the referral to' }),
  reason: z.string().trim().min(1, 'Enter the reason for the transfer').max(2000, 'The reason must be 2,000 characters or fewer'),
  version: z.coerce.number().int().positive(),
});

const STATUS_LABELS: Record<string, string> = {
  awaiting_triage: 'Awaiting triage',
  in_assessment: 'In assessment',
  awaiting_approval: 'Awaiting approval',
  signposted: 'Signposted (follow-up)',
  police_led_management: 'Police-led management',
};

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const all = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]).map(String);

/**
 * The queue's filters from a query string (a GET form, so it works without JavaScript). Anything unknown
 * is dropped rather than refused: the values only come from the form's own controls.
 */
function parseQueueQuery(raw: Record<string, unknown>): QueueQuery {
  const officer = String(first(raw.officer) ?? 'anyone');
  const page = Number.parseInt(String(first(raw.page) ?? '1'), 10);
  return {
    states: OPEN_STATES.filter((s) => all(raw.status).includes(s)),
    officer: ['anyone', 'unassigned', 'me'].includes(officer) || isUuid(officer) ? officer.toLowerCase() : 'anyone',
    under18: first(raw.under18) === 'yes',
    repeat: first(raw.repeat) === 'yes',
    overdue: first(raw.overdue) === 'yes',
    page: page > 0 && page < 100_000 ? page : 1,
  };
}

/** The query string for these filters (and page): pagination and "Assign to me" keep the officer's view. */
function queueSearch(q: QueueQuery, page = q.page): string {
  const p = new URLSearchParams();
  for (const s of q.states) p.append('status', s);
  if (q.officer !== 'anyone') p.set('officer', q.officer);
  if (q.under18) p.set('under18', 'yes');
  if (q.repeat) p.set('repeat', 'yes');
  if (q.overdue) p.set('overdue', 'yes');
  if (page > 1) p.set('page', String(page));
  const text = p.toString();
  return text ? `?${text}` : '';
}

function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

export async function staffReferralRoutes(app: FastifyInstance, opts: { db: Db; service: ReferralService; gateway: GatewayService }) {
  const { db, service, gateway } = opts;

  app.get('/triage', async (request, reply) => {
    const actor = signedIn(request);
    if (!policy.canViewTriageQueue(actor)) throw new NotFoundError();
    const query = parseQueueQuery(request.query as Record<string, unknown>);
    if (query.officer === actor.userId) query.officer = 'me';
    let queue = await service.queue(requestContext(request), query);
    // A named officer must be a colleague in this force, or the select could not show the filter: the queue
    // listed nothing for anyone else, and is read again for anyone.
    if (isUuid(query.officer) && !queue.officers.some((o) => o.id === query.officer)) {
      query.officer = 'anyone';
      queue = await service.queue(requestContext(request), query);
    }
    const colleagues = queue.officers.filter((o) => o.id !== actor.userId);
    const pages = Math.ceil(queue.total / queue.pageSize);
    // An "Assign to me" that could not be done comes back here as an error to show in the summary.
    const failed = request.session.triageError;
    if (failed !== undefined) delete request.session.triageError;
    const filtered = query.states.length > 0 || query.officer !== 'anyone' || query.under18 || query.repeat || query.overdue;
    return render(request, reply, 'referrals/views/queue.njk', {
      title: `Triage queue – ${actor.organisation.name}`,
      width: 'full',
      errors: typeof failed === 'string' ? [{ field: 'queue', message: failed }] : undefined,
      queue: {
        ...queue,
        items: queue.items.map((i) => ({ ...i, stateText: STATUS_LABELS[i.state] ?? i.state, repeatText: i.referralNumber > 1 ? `${ordinal(i.referralNumber)} referral` : null })),
      },
      filtered,
      filters: queueSearch(query).slice(1),
      previousHref: query.page > 1 ? `/triage${queueSearch(query, query.page - 1)}` : undefined,
      nextHref: query.page < pages ? `/triage${queueSearch(query, query.page + 1)}` : undefined,
      statusItems: OPEN_STATES.map((s) => ({ value: s, text: STATUS_LABELS[s], checked: query.states.includes(s) })),
      officerItems: [
        { value: 'anyone', text: 'Anyone' },
        { value: 'unassigned', text: 'Unassigned' },
        { value: 'me', text: 'Me' },
        ...colleagues.map((c) => ({ value: c.id, text: c.displayName })),
      ].map((o) => ({ ...o, selected: o.value === query.officer })),
      otherItems: [
        { name: 'under18', value: 'yes', text: 'Under 18 only', checked: query.under18 },
        { name: 'repeat', value: 'yes', text: 'Repeat referrals only', hint: { text: 'The person has been referred before' }, checked: query.repeat },
        { name: 'overdue', value: 'yes', text: 'Overdue only', hint: { text: `No decision within ${queue.targetWorkingDays} working days of receipt` }, checked: query.overdue },
      ],
    });
  });

  app.post<{ Params: { id: string } }>('/triage/:id/assign-to-me', async (request, reply) => {
    const actor = signedIn(request);
    if (!policy.canViewTriageQueue(actor)) throw new NotFoundError();
    const id = uuidParam(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    // Back to the same view: the filters are re-parsed, so only a /triage query string can come out.
    const filters = new URLSearchParams(String(first(body.filters) ?? ''));
    const back = `/triage${queueSearch(parseQueueQuery(Object.fromEntries([...filters.keys()].map((k) => [k, filters.getAll(k)]))))}`;
    const version = z.coerce.number().int().positive().safeParse(first(body.version));
    try {
      if (!version.success) throw new ConflictError('This referral could not be assigned. Reload the queue and try again.', 'stale');
      await gateway.assign(requestContext(request), id, { officerId: actor.userId, version: version.data });
    } catch (err) {
      // A lost race or a referral that moved on is the officer's to see, on the queue they came from.
      if (err instanceof ConflictError || err instanceof ValidationError) {
        request.session.triageError = err instanceof ValidationError ? (err.errors[0]?.message ?? err.message) : err.message;
        return reply.redirect(back, 303);
      }
      throw err;
    }
    const assigned = await findReferralById(db, id);
    request.session.flash = { text: assigned ? `Referral ${assigned.reference} assigned to you.` : 'Referral assigned to you.', success: true };
    return reply.redirect(back, 303);
  });

  const referralPage = async (request: FastifyRequest, reply: Parameters<typeof render>[1], extra: Record<string, unknown> = {}) => {
    signedIn(request);
    const opened = await service.open(requestContext(request), uuidParam(request));
    if (opened.view === 'referrer_status') {
      return render(request, reply, 'referrals/views/status.njk', { title: `Referral ${opened.referral.reference}`, referral: opened.referral, statusText: REFERRER_STATUS_TEXT[opened.referral.status] });
    }
    const forces = opened.canTransfer ? (await listPoliceOrganisations(db)).filter((f) => f.id !== opened.referral.owningOrgId) : [];
    const submission = opened.referral.submission as Answers & { referrer?: unknown; professional?: unknown };
    return render(request, reply, 'referrals/views/referral.njk', {
      title: `Referral ${opened.referral.reference}`,
      ...opened,
      sections: summaryRows(submission, submission.professional ? 'professional' : 'public', null),
      forces,
      width: 'full',
      ...extra,
    });
  };

  app.get<{ Params: { id: string } }>('/referrals/:id', (request, reply) => referralPage(request, reply));

  app.post<{ Params: { id: string } }>('/referrals/:id/transfer', async (request, reply) => {
    signedIn(request);
    const id = uuidParam(request);
    const form = transferForm.safeParse(request.body ?? {});
    if (!form.success) {
      const errors = form.error.issues.map((i) => ({ field: i.path[0] === 'version' ? 'reason' : String(i.path[0]), message: i.message }));
      return referralPage(request, reply.code(422), { errors, transferValues: request.body });
    }
    try {
      await service.transfer(requestContext(request), id, form.data);
    } catch (err) {
      if (err instanceof ConflictError) return referralPage(request, reply.code(409), { errors: [{ field: 'reason', message: err.message }], transferValues: request.body });
      throw err;
    }
    request.session.flash = { text: 'Referral transferred.', success: true };
    return reply.redirect('/triage', 303);
  });
}
