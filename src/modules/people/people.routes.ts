// The people pages: a referral's possible earlier records with the officer's answer on each, the person page,
// merging two people and undoing a link or merge. The service checks who may do what and audits every
// combination; these routes read the forms, show problems on the page (422 for the answers, 409 when the
// people changed or someone ruled the match out) and never act without a person pressing a button.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.js';
import { policy } from '../../platform/access/policy.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type FieldError } from '../../platform/errors.js';
import { isUuid, signedIn, uuidParam } from '../../platform/http/routeParams.js';
import { requestContext } from '../../platform/http/requestContext.js';
import { formatDay } from '../../platform/dates.js';
import { formString } from '../../platform/views/dateInput.js';
import { orderFieldErrors, readPostedForm } from '../../platform/views/formErrors.js';
import { render } from '../../platform/views/views.js';
import { findMerge, findRecord, holdingOrgIds } from './people.repository.js';
import {
  decisionText,
  displayPostcode,
  explanationRows,
  formatProbability,
  historyCard,
  personName,
  readExplanation,
  recordRows,
  referralRow,
} from './people.presenters.js';
import { matchDecisionSchema, mergeSchema, undoSchema } from './people.schemas.js';
import type { PeopleService } from './people.service.js';

type Body = Record<string, unknown>;
type Candidates = Awaited<ReturnType<PeopleService['referralCandidates']>>;

/** Where an error on one candidate's form points: its own radios or reason box (ids are unique per candidate). */
const candidateField = (candidateRecordId: string | undefined, name: string) =>
  candidateRecordId && isUuid(candidateRecordId) ? `${name === 'reason' ? 'reason' : 'decision'}-${candidateRecordId}` : 'candidates';

/** The candidates page's view: each candidate with its explanation, latest answer and its own form. */
export function candidatesView(data: Candidates, preselectProbability: number, posted: { candidateRecordId: string; body: Body } | null) {
  const { rootId } = data;
  // Only the strongest candidate still without an answer, and only when it is strong: the officer still presses the button.
  const strongest = data.candidates.find((c) => c.decision === null && c.rootId !== rootId);
  const preselectId = strongest && Number(strongest.matchProbability) >= preselectProbability ? strongest.candidateRecordId : null;
  return data.candidates.map((c) => {
    const mine = posted?.candidateRecordId === c.candidateRecordId;
    const explanation = readExplanation(c.explanation, Number(c.matchProbability));
    return {
      id: c.candidateRecordId,
      personId: c.rootId,
      name: personName(c),
      rows: [
        ...recordRows({ dateOfBirth: c.dateOfBirth, postcode: c.postcode }),
        { key: { text: 'Referrals about them' }, value: { text: `${c.referralCount}${c.heldBy ? `, held by ${c.heldBy}` : ''}` } },
        { key: { text: 'Match probability' }, value: { text: formatProbability(Number(c.matchProbability)) } },
      ],
      explanationRows: explanationRows(explanation),
      notes: explanation.notes,
      decision: c.decision ? decisionText({ decision: c.decision, decidedBy: c.decidedBy, decidedAt: c.decidedAt, reason: c.decisionReason }) : null,
      alreadySame: c.rootId === rootId,
      preselected: c.candidateRecordId === preselectId,
      values: mine ? { decision: formString(posted.body, 'decision'), reason: formString(posted.body, 'reason') } : { decision: c.candidateRecordId === preselectId ? 'same' : undefined },
      open: mine,
    };
  });
}

export async function peopleRoutes(app: FastifyInstance, opts: { db: Db; service: PeopleService; preselectProbability: number }) {
  const { db, service, preselectProbability } = opts;

  // Possible earlier records of a referral's subject.

  const showCandidates = async (request: FastifyRequest, reply: FastifyReply, id: string, posted: { candidateRecordId: string; body: Body; errors: FieldError[] } | null) => {
    const data = await service.referralCandidates(requestContext(request), id);
    const candidates = candidatesView(data, preselectProbability, posted);
    // A candidate already joined shows no form: its problem points at its heading instead.
    const joined = new Set(candidates.filter((c) => c.alreadySame).map((c) => `decision-${c.id}`));
    const errors = (posted?.errors ?? []).map((e) => (joined.has(e.field) ? { ...e, field: e.field.replace(/^decision-/, 'candidate-') } : e));
    return render(request, reply, 'people/views/candidates.njk', {
      title: 'Possible earlier records',
      backLink: `/cases/${id}`,
      referral: data.referral,
      subject: { name: personName(data.record), rows: recordRows(data.record) },
      personId: data.rootId,
      candidates,
      errors,
      action: `/cases/${id}/person`,
    });
  };

  app.get<{ Params: { id: string } }>('/cases/:id/person', async (request, reply) => {
    signedIn(request);
    return showCandidates(request, reply, uuidParam(request), null);
  });

  app.post<{ Params: { id: string } }>('/cases/:id/person', async (request, reply) => {
    signedIn(request);
    const id = uuidParam(request);
    const body = (request.body ?? {}) as Body;
    const candidateRecordId = formString(body, 'candidateRecordId');
    const fieldFor = (path: readonly PropertyKey[]) => candidateField(candidateRecordId, String(path[0] ?? 'decision'));
    const fields = ['candidates', candidateField(candidateRecordId, 'decision'), candidateField(candidateRecordId, 'reason')];
    const { data, errors } = readPostedForm(body, { candidateRecordId, decision: formString(body, 'decision'), reason: formString(body, 'reason') }, { schema: matchDecisionSchema, fieldFor });
    const posted = (errs: FieldError[]) => ({ candidateRecordId: candidateRecordId ?? '', body, errors: orderFieldErrors(fields, errs) });
    if (data !== null) {
      try {
        const result = await service.decide(requestContext(request), id, data);
        if (result.decision === 'same') {
          request.session.flash = { text: 'Recorded as the same person. The referral is now part of this person’s history.', success: true };
          return reply.redirect(`/people/${result.personId}`, 303);
        }
        request.session.flash = { text: result.decision === 'not_same' ? 'Recorded as not the same person.' : 'Recorded as unsure.', success: true };
        return reply.redirect(`/cases/${id}/person`, 303);
      } catch (err) {
        if (err instanceof ConflictError) return showCandidates(request, reply.code(409), id, posted([{ field: fieldFor(['decision']), message: err.message }]));
        if (!(err instanceof ValidationError)) throw err;
        errors.push(...err.errors.map((e) => ({ field: fieldFor([e.field]), message: e.message })));
      }
    }
    return showCandidates(request, reply.code(422), id, posted(errors));
  });

  // The person page.

  app.get<{ Params: { id: string } }>('/people/:id', async (request, reply) => {
    const actor = signedIn(request);
    const view = await service.viewPerson(requestContext(request), uuidParam(request));
    const root = view.records.find((r) => r.id === view.rootId) ?? view.records[0];
    const referralOf = new Map(view.referrals.map((r) => [r.personRecordId, r.reference]));
    return render(request, reply, 'people/views/person.njk', {
      title: root ? personName(root) : 'Person',
      width: 'full',
      personId: view.rootId,
      records: view.records.map((r) => ({ id: r.id, name: personName(r), reference: referralOf.get(r.id) ?? null, recordedAt: r.createdAt, rows: recordRows(r) })),
      referralRows: view.referrals.map((r) => referralRow(r, actor.organisation.id)),
      history: view.history.map((h) => historyCard(h, view.canMerge)),
      canMerge: view.canMerge,
    });
  });

  // Merging two people.

  const showMerge = async (request: FastifyRequest, reply: FastifyReply, id: string, posted: { body: Body; errors: FieldError[] } | null) => {
    const found = await service.possibleDuplicates(requestContext(request), id);
    const name = personName(found.root);
    return render(request, reply, 'people/views/merge.njk', {
      title: `Merge ${name} with another person`,
      backLink: `/people/${found.rootId}`,
      personId: found.rootId,
      name,
      rows: recordRows(found.root),
      candidates: found.candidates.map((c) => {
        const explanation = readExplanation(c.explanation, c.explanation.matchProbability);
        return {
          id: c.record.id,
          name: personName(c.record),
          rows: [...recordRows({ dateOfBirth: c.record.dateOfBirth, postcode: c.record.postcode }), { key: { text: 'Match probability' }, value: { text: formatProbability(explanation.matchProbability) } }],
          explanationRows: explanationRows(explanation),
          notes: explanation.notes,
          choice: [personName(c.record), c.record.dateOfBirth ? `born ${formatDay(c.record.dateOfBirth)}` : null, displayPostcode(c.record.postcode)].filter(Boolean).join(', ') + ` (match probability ${formatProbability(explanation.matchProbability)})`,
        };
      }),
      values: posted?.body ?? {},
      // Without possible duplicates there is no form: a problem points at the section saying so.
      errors: (posted?.errors ?? []).map((e) => (found.candidates.length ? e : { ...e, field: 'duplicates' })),
      action: `/people/${id}/merge`,
    });
  };

  app.get<{ Params: { id: string } }>('/people/:id/merge', async (request, reply) => {
    signedIn(request);
    return showMerge(request, reply, uuidParam(request), null);
  });

  app.post<{ Params: { id: string } }>('/people/:id/merge', async (request, reply) => {
    signedIn(request);
    const id = uuidParam(request);
    const body = (request.body ?? {}) as Body;
    const fields = ['otherRecordId', 'reason'];
    const { data, errors } = readPostedForm(body, { otherRecordId: formString(body, 'otherRecordId'), reason: formString(body, 'reason') }, { schema: mergeSchema, fieldFor: (path) => String(path[0] ?? 'otherRecordId') });
    if (data !== null) {
      try {
        const result = await service.merge(requestContext(request), id, data);
        request.session.flash = { text: 'The two people are now one. You can undo this from the history of links and merges.', success: true };
        return reply.redirect(`/people/${result.personId}`, 303);
      } catch (err) {
        if (err instanceof ConflictError) return showMerge(request, reply.code(409), id, { body, errors: [{ field: 'otherRecordId', message: err.message }] });
        if (!(err instanceof ValidationError)) throw err;
        errors.push(...err.errors);
      }
    }
    return showMerge(request, reply.code(422), id, { body, errors: orderFieldErrors(fields, errors) });
  });

  // Undoing a link or merge.

  /** The person page's facts about one link or merge, for its undo page; who may see and undo it is the service's rule. */
  async function mergeEntry(request: FastifyRequest, mergeId: string) {
    const merge = await findMerge(db, mergeId);
    const survivor = merge ? await findRecord(db, merge.survivorId) : null;
    if (!merge || !survivor) throw new NotFoundError();
    // Refused before the person is read, so a refusal records no consultation (the service checks again on undo).
    const holding = { holdingOrgIds: await holdingOrgIds(db, survivor.mergedIntoId ?? survivor.id) };
    if (!policy.canViewPerson(request.actor, holding)) throw new NotFoundError();
    if (!policy.canMergePeople(request.actor, holding)) throw new ForbiddenError('Only a Prevent supervisor of a force holding a referral about this person can undo a link or merge.');
    const view = await service.viewPerson(requestContext(request), merge.survivorId);
    const entry = view.history.find((h) => h.id === mergeId);
    if (!entry) throw new NotFoundError();
    return { view, entry };
  }

  const showUndo = async (request: FastifyRequest, reply: FastifyReply, mergeId: string, posted: { body: Body; errors: FieldError[] } | null) => {
    const { view, entry } = await mergeEntry(request, mergeId);
    return render(request, reply, 'people/views/undo.njk', {
      title: entry.kind === 'link' ? 'Undo a link' : 'Undo a merge',
      backLink: `/people/${view.rootId}`,
      personId: view.rootId,
      // The card is the page's only section: its title is the level below the h1.
      card: (({ title, ...rest }) => ({ ...rest, title: { ...title, headingLevel: 2 } }))(historyCard(entry, false)),
      entry,
      values: posted?.body ?? {},
      // Once undone there is no form: a problem points at the sentence saying so.
      errors: (posted?.errors ?? []).map((e) => (entry.undoneAt ? { ...e, field: 'undone' } : e)),
      action: `/people/merges/${mergeId}/undo`,
    });
  };

  app.get<{ Params: { mergeId: string } }>('/people/merges/:mergeId/undo', async (request, reply) => {
    signedIn(request);
    return showUndo(request, reply, uuidParam(request, 'mergeId'), null);
  });

  app.post<{ Params: { mergeId: string } }>('/people/merges/:mergeId/undo', async (request, reply) => {
    signedIn(request);
    const mergeId = uuidParam(request, 'mergeId');
    const body = (request.body ?? {}) as Body;
    const { data, errors } = readPostedForm(body, { reason: formString(body, 'reason') }, { schema: undoSchema, fieldFor: () => 'reason' });
    if (data !== null) {
      try {
        const result = await service.undoMerge(requestContext(request), mergeId, data);
        request.session.flash = { text: 'Undone. They are separate people again, each with their own records and referrals.', success: true };
        return reply.redirect(`/people/${result.survivorId}`, 303);
      } catch (err) {
        if (err instanceof ConflictError) return showUndo(request, reply.code(409), mergeId, { body, errors: [{ field: 'reason', message: err.message }] });
        if (!(err instanceof ValidationError)) throw err;
        errors.push(...err.errors);
      }
    }
    return showUndo(request, reply.code(422), mergeId, { body, errors: orderFieldErrors(['reason'], errors) });
  });
}
