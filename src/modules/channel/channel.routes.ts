// Pages of a local authority's Channel panel: the cases the police referred to it, and one case as the panel
// may see it. Who may see what is the service's (and the policy's); these routes parse, call and render.
import { formatDay } from '../../platform/dates.js';
import type { FastifyInstance } from 'fastify';
import { pageParam, signedIn, uuidParam } from '../../platform/http/routeParams.js';
import { requestContext } from '../../platform/http/requestContext.js';
import { render } from '../../platform/views/views.js';
import type { Answers } from '../referrals/journey.js';
import { summaryRows } from '../referrals/presenters.js';
import { CHECK_KIND_LABELS } from '../gateway/gateway.schemas.js';
import type { ChannelService } from './channel.service.js';

const ROUTE_LABELS = { gateway: 'Gateway assessment', police_led_review: 'Review of police-led management' } as const;

export async function channelRoutes(app: FastifyInstance, opts: { service: ChannelService }) {
  const { service } = opts;

  app.get<{ Querystring: { page?: string } }>('/channel/referrals', async (request, reply) => {
    signedIn(request);
    const page = pageParam(request);
    const list = await service.referrals(requestContext(request), page);
    const pages = Math.ceil(list.total / list.pageSize);
    return render(request, reply, 'channel/views/list.njk', {
      title: 'Referrals to your Channel panel',
      width: 'full',
      list,
      previousHref: page > 1 ? `/channel/referrals?page=${page - 1}` : undefined,
      nextHref: page < pages ? `/channel/referrals?page=${page + 1}` : undefined,
    });
  });

  app.get<{ Params: { id: string } }>('/channel/referrals/:id', async (request, reply) => {
    signedIn(request);
    const view = await service.referral(requestContext(request), uuidParam(request));
    const submission = view.referral.submission as Answers & { professional?: unknown };
    return render(request, reply, 'channel/views/referral.njk', {
      title: `${view.referral.subjectGivenName} ${view.referral.subjectFamilyName}: referral to Channel`,
      view,
      routeLabel: ROUTE_LABELS[view.channel.route],
      checkRows: view.checks.map((c) => [{ text: CHECK_KIND_LABELS[c.kind as keyof typeof CHECK_KIND_LABELS] ?? c.kind }, { text: formatDay(c.requestedOn) }]),
      sections: summaryRows(submission, submission.professional ? 'professional' : 'public', null),
      backLink: '/channel/referrals',
    });
  });
}
