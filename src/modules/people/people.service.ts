// People rules: the candidates offered for a referral and the officer's answer, the person page, merging two
// people and undoing a link or merge. Each call is one transaction that checks the policy, locks the people it
// changes and writes the audit record: every match shown, link, merge and unmerge is a combination of
// personal data (DPA 2018 s.62(2)).
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.js';
import { inTurn } from '../../db/inTurn.js';
import type { RequestContext, UserActor } from '../../platform/access/actor.js';
import { policy } from '../../platform/access/policy.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../platform/errors.js';
import * as referralRepo from '../referrals/referrals.repository.js';
import { storedCandidate } from './candidates/candidates.repository.js';
import { findCandidates } from './candidates/findCandidates.js';
import * as repo from './people.repository.js';
import type { PersonRecordRow } from './personRecords.js';

const REGIME = 'DPA_PART3' as const;
export const MATCH_DECISIONS = ['same', 'not_same', 'unsure'] as const;
export type MatchDecision = (typeof MATCH_DECISIONS)[number];

const rootOf = (r: Pick<PersonRecordRow, 'id' | 'mergedIntoId'>) => r.mergedIntoId ?? r.id;

function userOf(ctx: RequestContext): UserActor {
  if (ctx.actor.kind !== 'user') throw new ForbiddenError();
  return ctx.actor;
}

/** Locks two people's root records and checks that neither moved since they were read. */
async function lockRoots(tx: Db, a: string, b: string): Promise<void> {
  const locked = await repo.lockRecords(tx, [a, b]);
  if (locked.length !== 2 || locked.some((r) => r.mergedIntoId !== null)) {
    throw new ConflictError('Someone else has just linked or merged one of these people. Reload the page and check again.', 'person-changed');
  }
}

async function refuseIfNotSame(tx: Db, a: string, b: string, answering?: { recordId: string; candidateRecordId: string }): Promise<void> {
  const said = await repo.notSameBetween(tx, a, b, answering);
  if (said) {
    throw new ConflictError(
      `${said.decidedBy} recorded that these are not the same person. People someone has said differ are never joined, unless that answer is changed on the referral's possible earlier records.`,
      'recorded-not-same',
    );
  }
}

/** Joins the merged person to the survivor and records how, so it can be undone. */
async function join(tx: Db, actor: UserActor, kind: 'link' | 'merge', survivorId: string, mergedId: string, reason: string, at: Date) {
  const repointedIds = await repo.joinPeople(tx, survivorId, mergedId);
  const id = randomUUID();
  await repo.insertMerge(tx, { id, kind, survivorId, mergedId, repointedIds, reason, mergedBy: actor.userId, mergedAt: at });
  return { id, repointedIds };
}

export function createPeopleService(db: Db) {
  async function viewableReferral(tx: Db, ctx: RequestContext, referralId: string) {
    const referral = await referralRepo.findReferralById(tx, referralId);
    if (!referral || !policy.canMatchReferral(ctx.actor, referral)) throw new NotFoundError();
    return referral;
  }

  async function personFacts(tx: Db, recordId: string) {
    const record = await repo.findRecord(tx, recordId);
    if (!record) throw new NotFoundError();
    const rootId = rootOf(record);
    return { rootId, holdingOrgIds: await repo.holdingOrgIds(tx, rootId) };
  }

  return {
    /** The people a referral may be about, as found when it arrived, with the latest answer on each. */
    async referralCandidates(ctx: RequestContext, referralId: string) {
      return db.transaction(async (tx) => {
        const referral = await viewableReferral(tx, ctx, referralId);
        const [record, candidates] = await inTurn(
          () => repo.findRecord(tx, referral.personRecordId),
          () => repo.candidatesOfReferral(tx, referralId),
        );
        if (!record) throw new NotFoundError();
        if (candidates.length > 0) {
          await recordAudit(tx, ctx, {
            action: 'combination',
            event: 'person.candidates_shown',
            recordType: 'person_record',
            recordIds: [record.id, ...candidates.map((c) => c.candidateRecordId)],
            purpose: 'Possible earlier records of the referred person shown to the gateway officer to confirm or rule out',
            regime: REGIME,
          });
        }
        return { referral, record, rootId: rootOf(record), candidates };
      });
    },

    /** Records "same person", "not the same person" or "unsure" about one candidate. "Same" links the referral to that person. */
    async decide(ctx: RequestContext, referralId: string, input: { candidateRecordId: string; decision: MatchDecision; reason?: string | undefined }) {
      const actor = userOf(ctx);
      const now = new Date();
      return db.transaction(async (tx) => {
        const referral = await viewableReferral(tx, ctx, referralId);
        const stored = await storedCandidate(tx, referralId, input.candidateRecordId);
        if (!stored) throw new NotFoundError('That record is not one of the possible matches for this referral.');
        const [own, candidate] = await inTurn(
          () => repo.findRecord(tx, referral.personRecordId),
          () => repo.findRecord(tx, input.candidateRecordId),
        );
        if (!own || !candidate) throw new NotFoundError();
        let mergeId: string | null = null;
        let repointedIds: string[] = [];
        if (input.decision === 'same') {
          const survivorId = rootOf(candidate);
          const mergedId = rootOf(own);
          if (survivorId === mergedId) throw new ConflictError('This referral is already linked to that person.', 'already-same-person');
          await lockRoots(tx, survivorId, mergedId);
          await refuseIfNotSame(tx, survivorId, mergedId, { recordId: own.id, candidateRecordId: candidate.id });
          ({ id: mergeId, repointedIds } = await join(tx, actor, 'link', survivorId, mergedId, input.reason || 'Confirmed as the same person at triage', now));
        }
        await repo.insertDecision(tx, {
          id: randomUUID(),
          referralId,
          recordId: own.id,
          candidateRecordId: candidate.id,
          decision: input.decision,
          reason: input.reason ?? null,
          decidedBy: actor.userId,
          decidedAt: now,
          mergeId,
        });
        await referralRepo.insertEvent(tx, {
          id: randomUUID(),
          referralId,
          type: `person_${input.decision === 'same' ? 'linked' : input.decision}`,
          fromState: null,
          toState: null,
          actorUserId: actor.userId,
          actorOrgId: actor.organisation.id,
          data: input.reason ? { reason: input.reason } : {},
          occurredAt: now,
        });
        await recordAudit(tx, ctx, {
          action: 'combination',
          event: input.decision === 'same' ? 'person.linked' : 'person.match_decided',
          recordType: 'person_record',
          recordIds: [own.id, candidate.id, ...repointedIds],
          purpose: input.decision === 'same' ? 'Referral confirmed as about a person already known, joining it to their history' : `Possible match recorded as ${input.decision === 'unsure' ? 'unsure' : 'not the same person'}`,
          regime: REGIME,
        });
        return { decision: input.decision, mergeId, personId: input.decision === 'same' ? rootOf(candidate) : rootOf(own) };
      });
    },

    /** A person: their records as each referrer described them, every referral about them, and the links and merges. */
    async viewPerson(ctx: RequestContext, recordId: string) {
      return db.transaction(async (tx) => {
        const { rootId, holdingOrgIds } = await personFacts(tx, recordId);
        if (!policy.canViewPerson(ctx.actor, { holdingOrgIds })) throw new NotFoundError();
        const [records, referralRows, history] = await inTurn(
          () => repo.memberRecords(tx, rootId),
          () => repo.personReferrals(tx, rootId),
          () => repo.personMergeHistory(tx, rootId),
        );
        await recordAudit(tx, ctx, {
          action: 'consultation',
          event: 'person.viewed',
          recordType: 'person_record',
          recordIds: records.map((r) => r.id),
          purpose: 'Prevent team reading the history of a person it holds a referral about',
          regime: REGIME,
        });
        return { rootId, records, referrals: referralRows, history, canMerge: policy.canMergePeople(ctx.actor, { holdingOrgIds }) };
      });
    },

    /** Other people this person may be, found now, for a supervisor considering a merge. */
    async possibleDuplicates(ctx: RequestContext, recordId: string) {
      return db.transaction(async (tx) => {
        const { rootId, holdingOrgIds } = await personFacts(tx, recordId);
        if (!policy.canViewPerson(ctx.actor, { holdingOrgIds })) throw new NotFoundError();
        if (!policy.canMergePeople(ctx.actor, { holdingOrgIds })) throw new ForbiddenError();
        const root = await repo.findRecord(tx, rootId);
        if (!root) throw new NotFoundError();
        const found = await findCandidates(tx, root, rootId);
        if (found.length > 0) {
          await recordAudit(tx, ctx, {
            action: 'combination',
            event: 'person.candidates_shown',
            recordType: 'person_record',
            recordIds: [rootId, ...found.map((c) => c.record.id)],
            purpose: 'Possible duplicate people shown to a supervisor considering a merge',
            regime: REGIME,
          });
        }
        return { rootId, root, candidates: found };
      });
    },

    /** Merges another person into this one (the survivor). Nothing moves but the other person's records' pointer. */
    async merge(ctx: RequestContext, recordId: string, input: { otherRecordId: string; reason: string }) {
      const actor = userOf(ctx);
      const now = new Date();
      return db.transaction(async (tx) => {
        const survivor = await personFacts(tx, recordId);
        const other = await personFacts(tx, input.otherRecordId);
        if (!policy.canViewPerson(ctx.actor, survivor) && !policy.canViewPerson(ctx.actor, other)) throw new NotFoundError();
        if (!policy.canMergePeople(ctx.actor, { holdingOrgIds: [...survivor.holdingOrgIds, ...other.holdingOrgIds] })) throw new ForbiddenError();
        if (survivor.rootId === other.rootId) throw new ConflictError('These records are already the same person.', 'already-same-person');
        await lockRoots(tx, survivor.rootId, other.rootId);
        await refuseIfNotSame(tx, survivor.rootId, other.rootId);
        const merge = await join(tx, actor, 'merge', survivor.rootId, other.rootId, input.reason, now);
        await recordAudit(tx, ctx, {
          action: 'combination',
          event: 'person.merged',
          recordType: 'person_record',
          recordIds: [survivor.rootId, other.rootId, ...merge.repointedIds],
          purpose: `Two person records merged as one person: ${input.reason}`,
          regime: REGIME,
        });
        return { mergeId: merge.id, personId: survivor.rootId };
      });
    },

    /** Undoes a link or merge: the merged person becomes separate again with every record, referral and case it brought. */
    async undoMerge(ctx: RequestContext, mergeId: string, input: { reason: string }) {
      const actor = userOf(ctx);
      const now = new Date();
      return db.transaction(async (tx) => {
        const merge = await repo.findMerge(tx, mergeId);
        if (!merge) throw new NotFoundError();
        const { holdingOrgIds } = await personFacts(tx, merge.survivorId);
        if (!policy.canViewPerson(ctx.actor, { holdingOrgIds })) throw new NotFoundError();
        if (!policy.canMergePeople(ctx.actor, { holdingOrgIds })) throw new ForbiddenError();
        if (merge.undoneAt) throw new ConflictError('This has already been undone.', 'already-undone');
        const [survivor, merged] = await repo.lockRecords(tx, [merge.survivorId, merge.mergedId]).then((rows) => [rows.find((r) => r.id === merge.survivorId), rows.find((r) => r.id === merge.mergedId)]);
        if (!survivor || !merged || survivor.mergedIntoId !== null || merged.mergedIntoId !== merge.survivorId) {
          throw new ConflictError('This person has been merged again since. Undo the later merge first.', 'later-merge');
        }
        await repo.separatePeople(tx, merge.survivorId, merge.mergedId, merge.repointedIds);
        await repo.markMergeUndone(tx, merge.id, actor.userId, now, input.reason);
        await recordAudit(tx, ctx, {
          action: 'combination',
          event: 'person.unmerged',
          recordType: 'person_record',
          recordIds: [merge.survivorId, merge.mergedId, ...merge.repointedIds],
          purpose: `${merge.kind === 'link' ? 'Link' : 'Merge'} undone: ${input.reason}`,
          regime: REGIME,
        });
        return { survivorId: merge.survivorId, mergedId: merge.mergedId };
      });
    },
  };
}

export type PeopleService = ReturnType<typeof createPeopleService>;
