// JSON API of people and person matching: the same reads and actions as the pages. Each shows or joins a
// named person's records, so it needs a signed-in session (CSRF token in x-csrf-token for unsafe requests,
// checked in server.ts), never an organisation token. Problems are RFC 9457 (platform error handler).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { personContext } from '../../platform/http/requestContext.js';
import { problemResponses } from '../../platform/http/problems.js';
import { isoInstant, readExplanation } from './people.presenters.js';
import {
  candidatesJsonSchema,
  decisionResultJsonSchema,
  duplicatesJsonSchema,
  matchDecisionSchema,
  mergeResultJsonSchema,
  mergeSchema,
  personJsonSchema,
  undoResultJsonSchema,
  undoSchema,
} from './people.schemas.js';
import type { PeopleService } from './people.service.js';
import type { PersonRecordRow } from './personRecords.js';

const problems = problemResponses(400, 401, 403, 404, 409, 413, 415, 422);
const NAMED_PERSON = 'People are matched and merged by named police officers; sign in.';
const personOnly = (request: FastifyRequest) => personContext(request, NAMED_PERSON);

const idParams = z.object({ id: z.uuid() });
const mergeParams = z.object({ mergeId: z.uuid() });
const csrfHeader = z.object({ 'x-csrf-token': z.string().optional().describe('The CSRF token of your signed-in session (from any form of the service): required') });
const security = [{ officerSession: [] }];
const tags = ['people'];

const instant = (v: Date | string | null | undefined) => isoInstant(v) ?? '';

function recordJson(r: PersonRecordRow) {
  return {
    id: r.id,
    personId: r.mergedIntoId ?? r.id,
    givenName: r.givenName,
    familyName: r.familyName,
    dateOfBirth: r.dateOfBirth,
    gender: r.gender,
    postcode: r.postcode,
    address: r.address,
    school: r.school,
    recordedAt: instant(r.createdAt),
  };
}

export async function peopleApi(app: FastifyInstance, opts: { service: PeopleService }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { service } = opts;

  api.get(
    '/api/v1/referrals/:id/person-candidates',
    {
      schema: {
        tags,
        summary: 'Possible earlier records of a referral’s subject',
        description:
          'For Prevent officers of the force holding the referral: the people found when it arrived, strongest first, each with its field-by-field explanation and the latest answer recorded on it. Anyone else gets a 404, the same as an unknown id. Each reading is audited.',
        security,
        params: idParams,
        response: { 200: candidatesJsonSchema, ...problems },
      },
    },
    async (request) => {
      const data = await service.referralCandidates(personOnly(request), request.params.id);
      return {
        referral: { id: data.referral.id, reference: data.referral.reference },
        record: recordJson(data.record),
        personId: data.rootId,
        candidates: data.candidates.map((c) => ({
          candidateRecordId: c.candidateRecordId,
          personId: c.rootId,
          givenName: c.givenName,
          familyName: c.familyName,
          dateOfBirth: c.dateOfBirth,
          postcode: c.postcode,
          referralCount: Number(c.referralCount),
          heldBy: c.heldBy ? c.heldBy.split(', ') : [],
          matchProbability: Number(c.matchProbability),
          matchWeight: Number(c.matchWeight),
          alreadySamePerson: c.rootId === data.rootId,
          explanation: readExplanation(c.explanation, Number(c.matchProbability)),
          latestDecision: c.decision ? { decision: c.decision, reason: c.decisionReason, decidedBy: c.decidedBy, decidedAt: isoInstant(c.decidedAt) } : null,
        })),
      };
    },
  );

  api.post(
    '/api/v1/referrals/:id/person-decisions',
    {
      schema: {
        tags,
        summary: 'Record whether a possible earlier record is the same person',
        description:
          'For Prevent officers of the force holding the referral. "same" links the referral to that person (409 already-same-person when it already is, recorded-not-same when someone has said they differ, person-changed when either person was just linked or merged); "not_same" needs a reason and stops the two ever being joined; "unsure" records that the officer could not tell.',
        security,
        params: idParams,
        headers: csrfHeader,
        body: matchDecisionSchema,
        response: { 201: decisionResultJsonSchema, ...problems },
      },
    },
    async (request, reply) => reply.code(201).send(await service.decide(personOnly(request), request.params.id, request.body)),
  );

  api.get(
    '/api/v1/people/:id',
    {
      schema: {
        tags,
        summary: 'Read a person',
        description:
          'Any record id of the person. For Prevent officers of a force holding a referral about them: each record as its referrer described it, every referral about them (heldByYou says whether its case is open to you), and the links and merges. Anyone else gets a 404.',
        security,
        params: idParams,
        response: { 200: personJsonSchema, ...problems },
      },
    },
    async (request) => {
      const ctx = personOnly(request);
      const view = await service.viewPerson(ctx, request.params.id);
      const orgId = ctx.actor.kind === 'user' ? ctx.actor.organisation.id : null;
      return {
        personId: view.rootId,
        records: view.records.map(recordJson),
        referrals: view.referrals.map((r) => ({
          id: r.id,
          reference: r.reference,
          submittedAt: instant(r.submittedAt),
          state: r.state,
          heldBy: r.owningOrgName,
          heldByYou: r.owningOrgId === orgId,
          personRecordId: r.personRecordId,
        })),
        history: view.history.map((h) => ({
          id: h.id,
          kind: h.kind,
          survivorId: h.survivorId,
          mergedId: h.mergedId,
          survivorName: h.survivorName,
          mergedName: h.mergedName,
          reason: h.reason,
          mergedBy: h.mergedBy,
          mergedAt: instant(h.mergedAt),
          undoneBy: h.undoneBy,
          undoneAt: isoInstant(h.undoneAt),
          undoReason: h.undoReason,
        })),
        permissions: { canMerge: view.canMerge },
      };
    },
  );

  api.get(
    '/api/v1/people/:id/possible-duplicates',
    {
      schema: {
        tags,
        summary: 'Other people this person may be',
        description: 'For Prevent supervisors of a force holding a referral about the person (other officers of that force get a 403, anyone else a 404). Scored now, strongest first. Each reading is audited.',
        security,
        params: idParams,
        response: { 200: duplicatesJsonSchema, ...problems },
      },
    },
    async (request) => {
      const found = await service.possibleDuplicates(personOnly(request), request.params.id);
      return {
        personId: found.rootId,
        candidates: found.candidates.map((c) => ({
          recordId: c.record.id,
          personId: c.record.rootId,
          givenName: c.record.givenName,
          familyName: c.record.familyName,
          dateOfBirth: c.record.dateOfBirth,
          postcode: c.record.postcode,
          matchProbability: c.explanation.matchProbability,
          matchWeight: c.explanation.matchWeight,
          explanation: readExplanation(c.explanation, c.explanation.matchProbability),
        })),
      };
    },
  );

  api.post(
    '/api/v1/people/:id/merges',
    {
      schema: {
        tags,
        summary: 'Merge another person into this one',
        description:
          'For Prevent supervisors of a force holding a referral about either person. The other person’s records and referrals join this one; nothing else changes, and it can be undone. 409 recorded-not-same when someone has said they are not the same person, already-same-person, or person-changed.',
        security,
        params: idParams,
        headers: csrfHeader,
        body: mergeSchema,
        response: { 201: mergeResultJsonSchema, ...problems },
      },
    },
    async (request, reply) => reply.code(201).send(await service.merge(personOnly(request), request.params.id, request.body)),
  );

  api.post(
    '/api/v1/people/merges/:mergeId/undo',
    {
      schema: {
        tags,
        summary: 'Undo a link or merge',
        description:
          'For Prevent supervisors of a force holding a referral about the person. The merged person becomes separate again with every record and referral it brought. 409 already-undone, or later-merge when the person has been merged again since (undo that first).',
        security,
        params: mergeParams,
        headers: csrfHeader,
        body: undoSchema,
        response: { 200: undoResultJsonSchema, ...problems },
      },
    },
    async (request) => service.undoMerge(personOnly(request), request.params.mergeId, request.body),
  );
}
