// Referral rules: intake, routing, viewing and transfer. Each call is one transaction that also writes
// the case event and the audit record.
import { createHash, randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { idempotencyKeys } from '../../db/schema.js';
import type { RequestContext } from '../../platform/access/actor.js';
import { policy, type ReferralAccessFacts } from '../../platform/access/policy.js';
import { recordAudit, recordReadAudit } from '../../platform/audit/audit.js';
import { ConflictError, NotFoundError } from '../../platform/errors.js';
import { addWorkingDays, londonDate } from '../../platform/workingDays.js';
import { assertTransition } from '../../workflow/machine.js';
import { OPEN_STATES, referralTransitions, referrerStatus, type ReferralState } from '../../workflow/referral.js';
import { REFERRER_OUTCOMES } from '../gateway/gateway.schemas.js';
import { findForceOrganisationForPostcode, findOrganisationById, loadBankHolidays } from '../organisations/organisations.repository.js';
import { NATIONAL_HUB_ORG_ID } from '../organisations/referenceData.js';
import * as repo from './referrals.repository.js';
import { newReferenceNumber } from './referenceNumber.js';
import { personKey } from './personKey.js';
import type { ReferralSubmission } from './referrals.schemas.js';
import { inTurn } from '../../db/inTurn.js';
import { offerCandidates, recordSubject } from '../people/intake.js';

const REGIME = 'DPA_PART3' as const;

export interface SubmitInput {
  channel: 'public' | 'professional' | 'api';
  submission: ReferralSubmission;
  referrerUserId: string | null;
  referrerOrgId: string | null;
  /** Extra work that must commit or fail with the referral (e.g. deleting the draft it came from). */
  alsoInTransaction?: (tx: Db) => Promise<void>;
}

export interface Idempotency {
  organisationId: string;
  key: string;
  body: unknown;
}

export interface Submitted {
  id: string;
  reference: string;
  status: 'received' | 'being_assessed' | 'closed';
}

function under18(subject: ReferralSubmission['subject'], today: string): boolean | null {
  if (subject.dateOfBirth) {
    const [y, m, d] = subject.dateOfBirth.split('-');
    return `${Number(y) + 18}-${m}-${d}` > today;
  }
  return subject.approximateAge === undefined ? null : subject.approximateAge < 18;
}

/** Open states in which the gateway decision is still to be made (the triage target applies). */
const AWAITING_DECISION: readonly ReferralState[] = ['awaiting_triage', 'in_assessment', 'awaiting_approval'];

export interface QueueQuery {
  /** Open states to show; empty means all of them. */
  states: ReferralState[];
  /** 'anyone', 'unassigned', 'me' or the id of an officer of the force. */
  officer: string;
  under18: boolean;
  repeat: boolean;
  overdue: boolean;
  page: number;
}

const facts = (r: repo.ReferralRow): ReferralAccessFacts => ({ owningOrgId: r.owningOrgId, referrerUserId: r.referrerUserId, referrerOrgId: r.referrerOrgId });

export function createReferralService(db: Db, settings: { triageTargetWorkingDays: number }) {
  let holidays: Promise<Set<string>> | null = null;
  const bankHolidays = () => (holidays ??= loadBankHolidays(db));

  async function dueDate(from: Date): Promise<string> {
    return addWorkingDays(londonDate(from), settings.triageTargetWorkingDays, await bankHolidays());
  }

  // `now` and the due date are worked out before the transaction opens: on PGlite a query on `db` from
  // inside a transaction would wait for that transaction forever.
  async function insertSubmitted(tx: Db, ctx: RequestContext, input: SubmitInput, now: Date, triageDueOn: string): Promise<Submitted> {
    const { subject } = input.submission;
    // Exact match only: a referral without a date of birth has no key, so it never joins a case (fuzzy
    // person matching comes later and will propose links for a person to confirm, not join automatically).
    const key = personKey(subject.givenName, subject.familyName, subject.dateOfBirth);
    let openCase: Awaited<ReturnType<typeof repo.findOpenCaseForPerson>> = null;
    if (key) {
      await repo.lockPersonKey(tx, key);
      openCase = await repo.findOpenCaseForPerson(tx, key, OPEN_STATES);
    }
    // A person with an open case stays with the team holding it, wherever the new postcode would route.
    const force = !openCase && subject.postcode ? await findForceOrganisationForPostcode(tx, subject.postcode) : null;
    const owningOrgId = openCase?.owningOrgId ?? force?.id ?? NATIONAL_HUB_ORG_ID;
    const id = randomUUID();
    const reference = newReferenceNumber();
    const person = await recordSubject(tx, subject, now);
    await repo.insertReferral(tx, {
      id,
      reference,
      owningOrgId,
      state: 'received',
      channel: input.channel,
      submittedAt: now,
      triageDueOn,
      subjectGivenName: subject.givenName,
      subjectFamilyName: subject.familyName,
      subjectDateOfBirth: subject.dateOfBirth ?? null,
      subjectApproxAge: subject.approximateAge ?? null,
      subjectPostcode: subject.postcode ?? null,
      subjectUnder18: under18(subject, londonDate(now)),
      referrerUserId: input.referrerUserId,
      referrerOrgId: input.referrerOrgId,
      submission: input.submission as object,
      controllerOrgId: owningOrgId,
      legalRegime: REGIME,
      personKey: key,
      personRecordId: person.id,
    });
    await repo.insertEvent(tx, { id: randomUUID(), referralId: id, type: 'submitted', fromState: null, toState: 'received', actorUserId: input.referrerUserId, actorOrgId: input.referrerOrgId, data: { channel: input.channel }, occurredAt: now });
    // Routing and joining are the system's steps, so they go through the transition table like any other.
    const system = { kind: 'system' } as const;
    const systemFacts = { owningOrgId, referrerUserId: null, referrerOrgId: null };
    if (openCase) {
      const join = assertTransition(referralTransitions, 'join', 'received', system, systemFacts);
      await repo.updateReferral(tx, id, 1, { state: join.to, primaryReferralId: openCase.id });
      await repo.insertEvent(tx, { id: randomUUID(), referralId: id, type: 'joined', fromState: 'received', toState: join.to, actorUserId: null, actorOrgId: null, data: { primaryReferralId: openCase.id, primaryReference: openCase.reference }, occurredAt: now });
      await repo.insertEvent(tx, { id: randomUUID(), referralId: openCase.id, type: 'referral_joined', fromState: null, toState: null, actorUserId: null, actorOrgId: null, data: { referralId: id, reference }, occurredAt: now });
      // New information about the person: a decision taken on a page read before it becomes a 409 (reload).
      await repo.touchReferral(tx, openCase.id);
    } else {
      const route = assertTransition(referralTransitions, 'route', 'received', system, systemFacts);
      await repo.updateReferral(tx, id, 1, { state: route.to });
      await repo.insertEvent(tx, { id: randomUUID(), referralId: id, type: 'routed', fromState: 'received', toState: route.to, actorUserId: null, actorOrgId: null, data: { toOrganisationId: owningOrgId, national: !force }, occurredAt: now });
    }
    await input.alsoInTransaction?.(tx);
    await recordAudit(tx, ctx, { action: 'collection', event: 'referral.submitted', recordType: 'referral', recordIds: [id], purpose: 'Prevent referral received for police gateway assessment', regime: REGIME, recipients: [owningOrgId] });
    await offerCandidates(tx, ctx, id, person);
    if (openCase) {
      // Linking two records about a person is a combination (DPA 2018 s.62(2)).
      await recordAudit(tx, ctx, { action: 'combination', event: 'referral.joined', recordType: 'referral', recordIds: [id, openCase.id], purpose: 'New referral joined to the open case about the same person (same names and date of birth)', regime: REGIME });
    }
    return { id, reference, status: 'received' };
  }

  /** What a referrer may be told: the limited status of the case carrying their referral and, once closed, the outcome category. */
  function referrerView(state: ReferralState, referrerOutcome: string | null) {
    const status = referrerStatus(state);
    const outcome = status === 'closed' && referrerOutcome && referrerOutcome in REFERRER_OUTCOMES ? REFERRER_OUTCOMES[referrerOutcome as keyof typeof REFERRER_OUTCOMES] : undefined;
    return { status, outcome };
  }

  return {
    /** Stores a validated referral and routes it. With an idempotency key, a retry returns the first result. */
    async submit(ctx: RequestContext, input: SubmitInput, idem?: Idempotency): Promise<Submitted & { replayed: boolean }> {
      const now = new Date();
      const due = await dueDate(now);
      if (!idem) return { ...(await db.transaction((tx) => insertSubmitted(tx, ctx, input, now, due))), replayed: false };
      const requestHash = createHash('sha256').update(JSON.stringify(idem.body)).digest('hex');
      const result = await db.transaction(async (tx) => {
        // Claim the key first: a concurrent retry blocks here until this transaction ends, then sees the row.
        const claimed = await tx
          .insert(idempotencyKeys)
          .values({ organisationId: idem.organisationId, key: idem.key, requestHash, statusCode: 201, response: {} })
          .onConflictDoNothing()
          .returning({ key: idempotencyKeys.key });
        if (claimed.length === 0) return null;
        const submitted = await insertSubmitted(tx, ctx, input, now, due);
        await tx
          .update(idempotencyKeys)
          .set({ response: submitted })
          .where(and(eq(idempotencyKeys.organisationId, idem.organisationId), eq(idempotencyKeys.key, idem.key)));
        return submitted;
      });
      if (result) return { ...result, replayed: false };
      const [existing] = await db
        .select()
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.organisationId, idem.organisationId), eq(idempotencyKeys.key, idem.key)));
      if (!existing) throw new ConflictError('The Idempotency-Key is in use by a request still in progress. Retry shortly.', 'idempotency-in-progress');
      if (existing.requestHash !== requestHash) {
        throw new ConflictError('This Idempotency-Key was already used with a different request body.', 'idempotency-mismatch');
      }
      return { ...(existing.response as Submitted), replayed: true };
    },

    /** Opens a referral for the actor, logging the consultation. Not visible = not found. */
    async open(ctx: RequestContext, id: string) {
      return db.transaction(async (tx) => {
        const referral = await repo.findReferralById(tx, id);
        const access = referral ? policy.viewReferral(ctx.actor, facts(referral)) : ({ allowed: false } as const);
        if (!referral || !access.allowed) throw new NotFoundError();
        await recordAudit(tx, ctx, { action: 'consultation', event: access.view === 'full' ? 'referral.viewed' : 'referral.status_viewed', recordType: 'referral', recordIds: [id], purpose: access.basis, regime: REGIME });
        // A joined referral is carried by the case it joined: its status and outcome are that case's.
        const primary = referral.primaryReferralId ? await repo.findReferralById(tx, referral.primaryReferralId) : null;
        if (access.view === 'referrer_status') {
          const carrier = primary ?? referral;
          // Only these fields leave: never the rationale, decision details or anything police-only.
          const { status, outcome } = referrerView(carrier.state as ReferralState, carrier.referrerOutcome);
          return { view: 'referrer_status' as const, referral: { id: referral.id, reference: referral.reference, submittedAt: referral.submittedAt, status, outcome, subjectGivenName: referral.subjectGivenName, subjectFamilyName: referral.subjectFamilyName } };
        }
        const [events, owner] = await inTurn(
          () => repo.listEvents(tx, id),
          () => findOrganisationById(tx, referral.owningOrgId),
        );
        return { view: 'full' as const, referral, events, owner, primary: primary && { id: primary.id, reference: primary.reference }, canTransfer: !primary && policy.canTransferReferral(ctx.actor, facts(referral)) };
      });
    },

    /** Passes a referral to another force's Prevent team with a reason. */
    async transfer(ctx: RequestContext, id: string, input: { toOrganisationId: string; reason: string; version: number }) {
      return db.transaction(async (tx) => {
        const referral = await repo.findReferralById(tx, id);
        if (!referral || !policy.viewReferral(ctx.actor, facts(referral)).allowed) throw new NotFoundError();
        const t = assertTransition(referralTransitions, 'transfer', referral.state as ReferralState, ctx.actor, facts(referral));
        const target = await findOrganisationById(tx, input.toOrganisationId);
        if (!target || (target.kind !== 'police_force' && target.kind !== 'national_police_hub') || target.id === referral.owningOrgId) {
          throw new ConflictError('Choose a different police force to transfer the referral to.', 'invalid-transfer-target');
        }
        const moved = await repo.updateReferral(tx, id, input.version, { state: t.to, owningOrgId: target.id });
        if (!moved) throw new ConflictError('Someone else changed this referral while you were working on it. Reload it and try again.', 'stale');
        const actorUserId = ctx.actor.kind === 'user' ? ctx.actor.userId : null;
        const actorOrgId = ctx.actor.kind === 'user' ? ctx.actor.organisation.id : null;
        const now = new Date();
        const data = { fromOrganisationId: referral.owningOrgId, toOrganisationId: target.id, reason: input.reason };
        await repo.insertEvent(tx, { id: randomUUID(), referralId: id, type: 'transferred', fromState: referral.state, toState: t.to, actorUserId, actorOrgId, data, occurredAt: now });
        // Referrals joined to the case go with it: one force holds the whole case.
        const joined = await repo.moveJoinedReferrals(tx, id, target.id);
        for (const j of joined) {
          await repo.insertEvent(tx, { id: randomUUID(), referralId: j, type: 'transferred', fromState: 'joined', toState: 'joined', actorUserId, actorOrgId, data: { ...data, withReferralId: id }, occurredAt: now });
        }
        await recordAudit(tx, ctx, { action: 'disclosure', event: 'referral.transferred', recordType: 'referral', recordIds: [id, ...joined], purpose: input.reason, recipients: [target.id], regime: REGIME });
        return { target };
      });
    },

    /**
     * The force's open cases with the officer's filters, applied in SQL. `officer: 'me'` is the signed-in
     * officer; `overdue` keeps cases still awaiting a gateway decision whose target date has passed.
     */
    async queue(ctx: RequestContext, query: QueueQuery, pageSize = 25) {
      if (!policy.canViewTriageQueue(ctx.actor) || ctx.actor.kind !== 'user') throw new NotFoundError();
      const orgId = ctx.actor.organisation.id;
      const today = londonDate(new Date());
      const filter: repo.QueueFilter = {
        states: query.states.length ? query.states : OPEN_STATES,
        officer: query.officer === 'anyone' || query.officer === 'unassigned' ? { kind: query.officer } : { kind: 'officer', id: query.officer === 'me' ? ctx.actor.userId : query.officer },
        under18Only: query.under18,
        repeatOnly: query.repeat,
        overdue: query.overdue ? { today, states: AWAITING_DECISION } : null,
      };
      // A read and its audit need no transaction: the audit row is written before anything is shown.
      const result = await repo.listQueue(db, orgId, filter, pageSize, (query.page - 1) * pageSize);
      // Names in a list are personal data seen: the listing is a consultation of each referral shown.
      if (result.items.length) {
        await recordReadAudit(db, ctx, { action: 'consultation', event: 'referral.queue_listed', recordType: 'referral', recordIds: result.items.map((i) => i.id), purpose: 'Triage queue of the police team holding the referrals', regime: REGIME });
      }
      return {
        ...result,
        items: result.items.map((i) => ({
          ...i,
          // The triage target is for the gateway decision: once it is made (signposted, police-led), no breach.
          breached: AWAITING_DECISION.includes(i.state as ReferralState) && i.triageDueOn < today,
          referralNumber: i.earlierReferrals + 1,
        })),
        page: query.page,
        pageSize,
        targetWorkingDays: settings.triageTargetWorkingDays,
      };
    },

    async mine(ctx: RequestContext, page: number, pageSize = 25) {
      if (ctx.actor.kind !== 'user') throw new NotFoundError();
      const result = await repo.listByReferrer(db, ctx.actor.userId, pageSize, (page - 1) * pageSize);
      return { ...result, items: result.items.map((i) => ({ ...i, status: referrerStatus(i.state as ReferralState) })), page, pageSize };
    },
  };
}

export type ReferralService = ReturnType<typeof createReferralService>;
