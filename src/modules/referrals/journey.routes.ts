// Question-page routes, parameterised by where answers are kept (the session for the public form,
// a saved draft for professionals) and by what happens on submission.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { render } from '../../platform/views/views.js';
import type { FieldError } from '../../platform/errors.js';
import { NotFoundError } from '../../platform/errors.js';
import { checkPage, firstIncompletePage, PAGES, type Answers } from './journey.js';
import { summaryRows } from './presenters.js';

export interface JourneyConfig {
  /** URL prefix, e.g. `/refer` or `/referrals/drafts/:draftId`. */
  base(request: FastifyRequest): string;
  flow: string[];
  kind: 'public' | 'professional';
  load(request: FastifyRequest): Promise<Answers>;
  save(request: FastifyRequest, answers: Answers): Promise<void>;
  /** Validates the whole referral and stores it; returns where to go, or the errors. */
  submit(request: FastifyRequest, reply: FastifyReply, answers: Answers): Promise<FastifyReply | { errors: FieldError[] }>;
  /** Refuses the page (throws) when the actor may not use this journey. */
  guard?(request: FastifyRequest): Promise<void> | void;
}

type PageParams = { page: string };

function dateParts(body: Record<string, unknown> | null, saved: unknown) {
  if (body) return { day: body['dateOfBirth-day'], month: body['dateOfBirth-month'], year: body['dateOfBirth-year'] };
  const [year, month, day] = typeof saved === 'string' ? saved.split('-') : [];
  return { day, month, year };
}

export function registerJourney(app: FastifyInstance, prefix: string, cfg: JourneyConfig, routeConfig: object = {}) {
  const pageFor = (slug: string) => {
    const page = cfg.flow.includes(slug) ? PAGES[slug] : undefined;
    if (!page) throw new NotFoundError();
    return page;
  };

  const show = (request: FastifyRequest, reply: FastifyReply, slug: string, answers: Answers, body: Record<string, unknown> | null, errors: FieldError[] = []) => {
    const page = pageFor(slug);
    const index = cfg.flow.indexOf(slug);
    const base = cfg.base(request);
    const returning = (request.query as { return?: string }).return === 'check';
    return render(request, reply, `referrals/views/questions/${slug}.njk`, {
      title: page.title,
      values: answers[page.section] ?? {},
      body,
      dob: dateParts(body, answers.subject?.dateOfBirth),
      aliasesText: body ? body.aliases : ((answers.subject?.aliases as string[] | undefined) ?? []).join('\n'),
      errors,
      kind: cfg.kind,
      action: `${base}/${slug}${returning ? '?return=check' : ''}`,
      backLink: returning ? `${base}/check` : index > 0 ? `${base}/${cfg.flow[index - 1]}` : cfg.kind === 'public' ? '/refer' : '/referrals/mine',
    });
  };

  app.get<{ Params: PageParams }>(`${prefix}/:page`, async (request, reply) => {
    await cfg.guard?.(request);
    const slug = request.params.page;
    if (slug === 'check') {
      const answers = await cfg.load(request);
      const missing = firstIncompletePage(cfg.flow, answers);
      if (missing) return reply.redirect(`${cfg.base(request)}/${missing}`, 303);
      return render(request, reply, 'referrals/views/check.njk', {
        title: 'Check your answers before sending your referral',
        sections: summaryRows(answers, cfg.kind, cfg.base(request)),
        action: `${cfg.base(request)}/check`,
        kind: cfg.kind,
        backLink: `${cfg.base(request)}/${cfg.flow[cfg.flow.length - 1]}`,
        width: 'full',
      });
    }
    return show(request, reply, slug, await cfg.load(request), null);
  });

  app.post<{ Params: PageParams }>(`${prefix}/:page`, { config: routeConfig }, async (request, reply) => {
    await cfg.guard?.(request);
    const slug = request.params.page;
    const answers = await cfg.load(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (slug === 'check') {
      const outcome = await cfg.submit(request, reply, answers);
      if ('errors' in outcome) {
        const missing = firstIncompletePage(cfg.flow, answers) ?? cfg.flow[0]!;
        return reply.redirect(`${cfg.base(request)}/${missing}`, 303);
      }
      return outcome;
    }
    const page = pageFor(slug);
    const { section, errors } = checkPage(page, answers, body);
    const visited = answers.visited?.includes(slug) ? answers.visited : [...(answers.visited ?? []), slug];
    const next: Answers = { ...answers, [page.section]: section, visited: errors.length ? answers.visited : visited };
    // Save even when invalid: nothing the person typed is lost, and they see it again with the errors.
    await cfg.save(request, next);
    if (errors.length) return show(request, reply.code(422), slug, next, body, errors);
    if (cfg.kind === 'professional' && body.action === 'save') return reply.redirect('/referrals/mine?saved=1', 303);
    const returning = (request.query as { return?: string }).return === 'check';
    const index = cfg.flow.indexOf(slug);
    const following = returning || index === cfg.flow.length - 1 ? 'check' : cfg.flow[index + 1];
    return reply.redirect(`${cfg.base(request)}/${following}`, 303);
  });
}
