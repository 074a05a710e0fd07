// Drizzle table definitions: the typed view of the SQL in migrations/. Change both together
// (`npm run db:generate` writes the migration from this file; hand-written SQL lives in custom migrations).
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();

export const policeForces = pgTable('police_forces', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  region: text('region').notNull(),
});

export const postcodeAreaForces = pgTable('postcode_area_forces', {
  area: text('area').primaryKey(),
  /** Null: outside England and Wales, routed to the national queue. */
  forceCode: text('force_code').references(() => policeForces.code),
});

export const bankHolidays = pgTable('bank_holidays', {
  day: date('day', { mode: 'string' }).primaryKey(),
  name: text('name').notNull(),
});

export const organisations = pgTable(
  'organisations',
  {
    id: uuid('id').primaryKey(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    /** For police organisations: the force area they serve; null for the national hub. */
    forceCode: text('force_code').references(() => policeForces.code),
    preventDuty: boolean('prevent_duty').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('organisations_force_code_key').on(t.forceCode).where(sql`kind = 'police_force'`)],
);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    roles: text('roles').array().notNull(),
    passwordHash: text('password_hash').notNull(),
    /** TOTP seed, encrypted with the service key; null until enrolment. */
    mfaSecret: text('mfa_secret'),
    mfaEnrolledAt: timestamp('mfa_enrolled_at', { withTimezone: true, mode: 'date' }),
    /** Last accepted TOTP time step, so a code cannot be replayed. */
    mfaLastStep: bigint('mfa_last_step', { mode: 'number' }),
    failedSignIns: integer('failed_sign_ins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true, mode: 'date' }),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true, mode: 'date' }),
    disabledAt: timestamp('disabled_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('users_email_key').on(sql`lower(${t.email})`), index('users_organisation_idx').on(t.organisationId)],
);

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the session id: a copy of this table does not hand out live sessions. */
    idHash: text('id_hash').primaryKey(),
    data: jsonb('data').notNull(),
    userId: uuid('user_id').references(() => users.id),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('sessions_expires_idx').on(t.expiresAt), index('sessions_user_idx').on(t.userId)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    scopes: text('scopes').array().notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('api_tokens_organisation_idx').on(t.organisationId)],
);

export const referrals = pgTable(
  'referrals',
  {
    id: uuid('id').primaryKey(),
    reference: text('reference').notNull().unique(),
    /** The organisation that holds the referral now (a force or the national hub): the sharding key. */
    owningOrgId: uuid('owning_org_id')
      .notNull()
      .references(() => organisations.id),
    state: text('state').notNull(),
    version: integer('version').notNull().default(1),
    channel: text('channel').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }).notNull(),
    triageDueOn: date('triage_due_on', { mode: 'string' }).notNull(),
    subjectGivenName: text('subject_given_name').notNull(),
    subjectFamilyName: text('subject_family_name').notNull(),
    subjectDateOfBirth: date('subject_date_of_birth', { mode: 'string' }),
    subjectApproxAge: integer('subject_approx_age'),
    subjectPostcode: text('subject_postcode'),
    /** Under 18 at submission (from date of birth or approximate age); null when unknown. */
    subjectUnder18: boolean('subject_under_18'),
    referrerUserId: uuid('referrer_user_id').references(() => users.id),
    referrerOrgId: uuid('referrer_org_id').references(() => organisations.id),
    /** The referral exactly as submitted: the referrer's account, validated by the referral schema. */
    submission: jsonb('submission').notNull(),
    controllerOrgId: uuid('controller_org_id')
      .notNull()
      .references(() => organisations.id),
    legalRegime: text('legal_regime').notNull(),
    /** The officer assessing the referral. */
    assignedOfficerId: uuid('assigned_officer_id').references(() => users.id),
    /** Exact-match key of the subject (folded names and date of birth) for repeat referrals. */
    personKey: text('person_key'),
    /** Set when this referral joined an open case: the referral that carries that case. */
    primaryReferralId: uuid('primary_referral_id'),
    /** What the referrer is told when the case closes (a category, never the rationale). */
    referrerOutcome: text('referrer_outcome'),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'date' }),
    /** Retention rule set by the outcome, and when a person must next review the record. */
    retentionRule: text('retention_rule'),
    retentionReviewOn: date('retention_review_on', { mode: 'string' }),
    /** Police-led management: when the Prevent team must next review the case (null otherwise). */
    nextReviewOn: date('next_review_on', { mode: 'string' }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    // Triage queue: a force's open referrals, oldest first.
    index('referrals_queue_idx').on(t.owningOrgId, t.state, t.submittedAt),
    index('referrals_referrer_user_idx').on(t.referrerUserId, t.submittedAt),
    index('referrals_referrer_org_idx').on(t.referrerOrgId, t.submittedAt),
    index('referrals_person_key_idx').on(t.personKey, t.submittedAt),
    index('referrals_assigned_idx').on(t.assignedOfficerId, t.state),
    // The referrals joined to a case (they move with it on transfer); partial, as most referrals join nothing.
    index('referrals_primary_idx').on(t.primaryReferralId).where(sql`${t.primaryReferralId} IS NOT NULL`),
    // Police-led reviews of a force by date (dashboard's overdue count, monitoring list); partial, as few cases have one.
    index('referrals_next_review_idx').on(t.owningOrgId, t.nextReviewOn).where(sql`${t.nextReviewOn} IS NOT NULL`),
  ],
);

export const referralEvents = pgTable(
  'referral_events',
  {
    id: uuid('id').primaryKey(),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referrals.id),
    type: text('type').notNull(),
    fromState: text('from_state'),
    toState: text('to_state'),
    actorUserId: uuid('actor_user_id').references(() => users.id),
    actorOrgId: uuid('actor_org_id').references(() => organisations.id),
    data: jsonb('data').notNull().default({}),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('referral_events_referral_idx').on(t.referralId, t.occurredAt)],
);

export const referralDrafts = pgTable(
  'referral_drafts',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    data: jsonb('data').notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('referral_drafts_user_idx').on(t.userId, t.updatedAt)],
);

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code').notNull(),
    response: jsonb('response').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.key] })],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull(),
    actorType: text('actor_type').notNull(),
    userId: uuid('user_id'),
    organisationId: uuid('organisation_id'),
    /** DPA 2018 s.62 category: collection, alteration, consultation, disclosure, combination, erasure. */
    action: text('action').notNull(),
    event: text('event').notNull(),
    recordType: text('record_type').notNull(),
    recordIds: text('record_ids').array().notNull(),
    purpose: text('purpose'),
    recipients: text('recipients').array().notNull(),
    regime: text('regime').notNull(),
    requestId: text('request_id'),
    client: jsonb('client').notNull().default({}),
    // Filled by the chainer after commit, in the order rows are chained.
    chainSeq: bigint('chain_seq', { mode: 'number' }).unique(),
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [
    index('audit_log_unchained_idx').on(t.id).where(sql`hash IS NULL`),
    index('audit_log_records_idx').using('gin', t.recordIds),
    index('audit_log_user_idx').on(t.userId, t.occurredAt),
  ],
);

// ---- Police gateway assessment -------------------------------------------------------------------

/** Per-force settings for the gateway (second pair of eyes, review cadence). */
export const forceSettings = pgTable('force_settings', {
  organisationId: uuid('organisation_id')
    .primaryKey()
    .references(() => organisations.id),
  approvalForNoFurtherAction: boolean('approval_for_no_further_action').notNull().default(true),
  approvalForHandover: boolean('approval_for_handover').notNull().default(true),
  policeLedReviewDays: integer('police_led_review_days').notNull().default(30),
  signpostFollowUpDays: integer('signpost_follow_up_days').notNull().default(20),
});

/** Type-of-concern categories of the official statistics, versioned by the year they apply from. */
export const concernCategories = pgTable('concern_categories', {
  code: text('code').primaryKey(),
  label: text('label').notNull(),
  fromYear: integer('from_year').notNull(),
  toYear: integer('to_year'),
  sortOrder: integer('sort_order').notNull(),
});

/** Checks made while gathering information: police systems, open sources, partner requests and replies. */
export const gatewayChecks = pgTable(
  'gateway_checks',
  {
    id: uuid('id').primaryKey(),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referrals.id),
    kind: text('kind').notNull(),
    source: text('source').notNull(),
    requestedOn: date('requested_on', { mode: 'string' }).notNull(),
    receivedOn: date('received_on', { mode: 'string' }),
    notes: text('notes'),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('gateway_checks_referral_idx').on(t.referralId, t.requestedOn)],
);

/** Deconfliction with live investigations. Police-only: partners may learn it happened and when, never what it says. */
export const deconflictions = pgTable(
  'deconflictions',
  {
    id: uuid('id').primaryKey(),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referrals.id),
    doneOn: date('done_on', { mode: 'string' }).notNull(),
    sealedNotes: text('sealed_notes').notNull(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('deconflictions_referral_idx').on(t.referralId)],
);

/** The officer's threshold judgement: professional judgement, in their words. Latest row is current. */
export const thresholdJudgements = pgTable(
  'threshold_judgements',
  {
    id: uuid('id').primaryKey(),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referrals.id),
    concernPresent: text('concern_present').notNull(),
    concernTypes: text('concern_types').array().notNull(),
    vulnerabilityFactors: text('vulnerability_factors'),
    immediateRisk: text('immediate_risk').notNull(),
    immediateRiskDetails: text('immediate_risk_details'),
    rationale: text('rationale').notNull(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('threshold_judgements_referral_idx').on(t.referralId, t.recordedAt)],
);

/** Gateway outcome decisions, each by a named officer, some needing a supervisor's approval. */
export const gatewayDecisions = pgTable(
  'gateway_decisions',
  {
    id: uuid('id').primaryKey(),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referrals.id),
    outcome: text('outcome').notNull(),
    /** Outcome-specific details (service signposted to, local authority, reasonable grounds). */
    details: jsonb('details').notNull().default({}),
    /** Police-only content (the handover note): never shown outside the police. */
    sealedNotes: text('sealed_notes'),
    rationale: text('rationale').notNull(),
    referrerOutcome: text('referrer_outcome').notNull(),
    status: text('status').notNull(),
    decidedBy: uuid('decided_by')
      .notNull()
      .references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }).notNull(),
    reviewedBy: uuid('reviewed_by').references(() => users.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true, mode: 'date' }),
    reviewComments: text('review_comments'),
  },
  (t) => [
    index('gateway_decisions_referral_idx').on(t.referralId, t.decidedAt),
    index('gateway_decisions_pending_idx').on(t.status),
    // A local authority's Channel panel lists the referrals the police made to it, newest first: an expression
    // index on the local authority named in the details, only over effective Channel decisions.
    index('gateway_decisions_channel_la_idx')
      .on(sql`(${t.details} ->> 'localAuthorityId')`, t.decidedAt)
      .where(sql`${t.outcome} = 'channel' AND ${t.status} = 'effective'`),
  ],
);

// ---- Monitoring after the gateway: signposting follow-ups, police-led reviews, notifications ------------

/**
 * A signposted case is followed up: the receiving service acknowledges it and says what happened by the due
 * date (itself, or through the holding force's officer). Overdue ones are escalated once to the supervisors.
 */
export const signpostFollowUps = pgTable(
  'signpost_follow_ups',
  {
    id: uuid('id').primaryKey(),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referrals.id),
    decisionId: uuid('decision_id')
      .notNull()
      .references(() => gatewayDecisions.id),
    /** The organisation whose users may see and answer the follow-up; null when the service is not on the system. */
    receivingOrganisationId: uuid('receiving_organisation_id').references(() => organisations.id),
    serviceName: text('service_name').notNull(),
    serviceContact: text('service_contact').notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true, mode: 'date' }),
    acknowledgedBy: uuid('acknowledged_by').references(() => users.id),
    /** True when the holding force's officer recorded the acknowledgement on the service's behalf. */
    acknowledgementRecordedByOfficer: boolean('acknowledgement_recorded_by_officer').notNull().default(false),
    outcome: text('outcome'),
    outcomeRecordedAt: timestamp('outcome_recorded_at', { withTimezone: true, mode: 'date' }),
    outcomeRecordedBy: uuid('outcome_recorded_by').references(() => users.id),
    escalatedAt: timestamp('escalated_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('signpost_follow_ups_decision_key').on(t.decisionId),
    index('signpost_follow_ups_referral_idx').on(t.referralId),
    // Open follow-ups by due date: the overdue counts and the escalation job read only these.
    index('signpost_follow_ups_open_idx').on(t.dueOn).where(sql`${t.outcomeRecordedAt} IS NULL`),
    // What a receiving organisation's users see and count: theirs still waiting for an answer, by due date.
    index('signpost_follow_ups_receiver_idx').on(t.receivingOrganisationId, t.dueOn).where(sql`${t.receivingOrganisationId} IS NOT NULL AND ${t.outcomeRecordedAt} IS NULL`),
  ],
);

/** Each review of a case under police-led management, with the reviewer's decision in their words. */
export const policeLedReviews = pgTable(
  'police_led_reviews',
  {
    id: uuid('id').primaryKey(),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referrals.id),
    reviewedOn: date('reviewed_on', { mode: 'string' }).notNull(),
    changes: text('changes').notNull(),
    actions: text('actions').notNull(),
    /** continue | refer_to_channel | close */
    decision: text('decision').notNull(),
    rationale: text('rationale').notNull(),
    /** With refer_to_channel: the local authority whose Channel panel considers the case, and the s.36(3) grounds. */
    localAuthorityId: uuid('local_authority_id').references(() => organisations.id),
    reasonableGrounds: text('reasonable_grounds'),
    reviewedBy: uuid('reviewed_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('police_led_reviews_referral_idx').on(t.referralId, t.createdAt),
    // A local authority's Channel panel: the reviews that referred a case to it, newest first.
    index('police_led_reviews_channel_la_idx').on(t.localAuthorityId, t.createdAt).where(sql`${t.decision} = 'refer_to_channel'`),
  ],
);

/** Messages to one user (escalations); shown on their dashboard until opened. */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind').notNull(),
    referralId: uuid('referral_id').references(() => referrals.id),
    message: text('message').notNull(),
    createdAt: createdAt(),
    readAt: timestamp('read_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('notifications_unread_idx').on(t.userId, t.createdAt).where(sql`${t.readAt} IS NULL`)],
);
