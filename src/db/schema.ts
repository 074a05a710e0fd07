// Drizzle table definitions: the typed view of the SQL in migrations/. Change both together
// (`npm run db:generate` writes the migration from this file; hand-written SQL lives in custom migrations).
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  type AnyPgColumn,
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
    /** The person record made from this referral's subject; the person is that record's survivor after merges. */
    personRecordId: uuid('person_record_id')
      .notNull()
      .references((): AnyPgColumn => personRecords.id),
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
    // A person's referrals: those made from any of the person's records.
    index('referrals_person_record_idx').on(t.personRecordId),
    index('referrals_assigned_idx').on(t.assignedOfficerId, t.state),
    // The referrals joined to a case (they move with it on transfer); partial, as most referrals join nothing.
    index('referrals_primary_idx').on(t.primaryReferralId).where(sql`${t.primaryReferralId} IS NOT NULL`),
    // Police-led reviews of a force by date (dashboard's overdue count, monitoring list); partial, as few cases have one.
    index('referrals_next_review_idx').on(t.owningOrgId, t.nextReviewOn).where(sql`${t.nextReviewOn} IS NOT NULL`),
    // The triage queue: a force's open referrals, oldest first, read in index order so a page stops after 25
    // rows. Partial (the open states of workflow/referral.ts, checked by test/integration/queue.test.ts): at
    // national scale most referrals are closed, and an index over all of them let the planner walk every
    // referral by date looking for the few open ones (1 s at 1,000,000). State and officer are trailing keys
    // so filtered counts read the index only.
    index('referrals_open_queue_idx')
      .on(t.owningOrgId, t.submittedAt, t.id, t.state, t.assignedOfficerId)
      .where(sql`${t.state} IN ('awaiting_triage', 'in_assessment', 'awaiting_approval', 'signposted', 'police_led_management')`),
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
    /** Where opening the notification leads, when not the referral's follow-up page (Channel alerts). */
    link: text('link'),
    createdAt: createdAt(),
    readAt: timestamp('read_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('notifications_unread_idx').on(t.userId, t.createdAt).where(sql`${t.readAt} IS NULL`)],
);

// ---- Channel (CTSA 2015 ss.36-38): panels, meetings, assessments, consent, support, reviews --------------

/** A local authority's Channel panel, or one shared by several authorities (which choose the chairing one). */
export const channelPanels = pgTable('channel_panels', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  /** The local authority that chairs the panel (s.37): its Channel chair runs meetings and records decisions. */
  chairOrgId: uuid('chair_org_id')
    .notNull()
    .references(() => organisations.id),
  /** How often adopted cases return to the agenda; panels commonly meet monthly. */
  reviewIntervalDays: integer('review_interval_days').notNull().default(30),
  version: integer('version').notNull().default(1),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: createdAt(),
});

/** Which panel covers each local authority: one panel per authority, several authorities per shared panel. */
export const channelPanelAuthorities = pgTable(
  'channel_panel_authorities',
  {
    localAuthorityId: uuid('local_authority_id')
      .primaryKey()
      .references(() => organisations.id),
    panelId: uuid('panel_id')
      .notNull()
      .references(() => channelPanels.id),
  },
  (t) => [index('channel_panel_authorities_panel_idx').on(t.panelId)],
);

/** Standing members by agency and role, and members co-opted for one case (channel_case_id set). */
export const panelMembers = pgTable(
  'panel_members',
  {
    id: uuid('id').primaryKey(),
    panelId: uuid('panel_id')
      .notNull()
      .references(() => channelPanels.id),
    /** The member's account, when they sign in to read meeting packs; null for members without one. */
    userId: uuid('user_id').references(() => users.id),
    name: text('name').notNull(),
    /** The agency they represent; for police members it decides the attendance rule. */
    organisationId: uuid('organisation_id').references(() => organisations.id),
    organisationName: text('organisation_name').notNull(),
    agency: text('agency').notNull(),
    role: text('role').notNull(),
    canDecide: boolean('can_decide').notNull().default(true),
    /** Co-opted for this case only (s.37(4)); null for standing members. */
    channelCaseId: uuid('channel_case_id').references(() => channelCases.id),
    startedOn: date('started_on', { mode: 'string' }).notNull(),
    endedOn: date('ended_on', { mode: 'string' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('panel_members_panel_idx').on(t.panelId, t.agency),
    // "Is this user on a panel?": checked on every panel page, so only current memberships are indexed.
    index('panel_members_user_idx').on(t.userId).where(sql`${t.userId} IS NOT NULL AND ${t.endedOn} IS NULL`),
  ],
);

/**
 * One person's Channel case: opened when the police refer them to a local authority's panel, from the gateway or
 * a police-led review. The panel covering that authority (channel_panel_authorities) considers it.
 */
export const channelCases = pgTable(
  'channel_cases',
  {
    id: uuid('id').primaryKey(),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referrals.id),
    /** The local authority whose panel must consider the case: the sharding key of Channel data. */
    localAuthorityId: uuid('local_authority_id')
      .notNull()
      .references(() => organisations.id),
    /** The police force holding the referral: its representative must be present when the person is discussed. */
    policeOrgId: uuid('police_org_id')
      .notNull()
      .references(() => organisations.id),
    state: text('state').notNull(),
    version: integer('version').notNull().default(1),
    referredAt: timestamp('referred_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** gateway | police_led_review | transfer | reopened */
    referredVia: text('referred_via').notNull(),
    /** The earlier Channel case of the same referral (a transfer from another panel). */
    previousCaseId: uuid('previous_case_id'),
    adoptedAt: timestamp('adopted_at', { withTimezone: true, mode: 'date' }),
    /** When an adopted case must next return to the panel's agenda. */
    nextReviewOn: date('next_review_on', { mode: 'string' }),
    exitedAt: timestamp('exited_at', { withTimezone: true, mode: 'date' }),
    exitReason: text('exit_reason'),
    closingReport: text('closing_report'),
    // What the chair's dashboard lists by, kept by triggers on consents, interventions, their sessions and
    // post-exit reviews (migration 0020), so a list reads its own cases rather than testing every case.
    /** The latest consent is given and not withdrawn. */
    liveConsent: boolean('live_consent').notNull().default(false),
    /** The earliest "last contact" of the active interventions (last session, or the start if none). */
    lastContactOn: date('last_contact_on', { mode: 'string' }),
    /** The earliest due date of the post-exit reviews not yet done. */
    postExitDueOn: date('post_exit_due_on', { mode: 'string' }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    // A panel's cases by state (awaiting panel, without consent), oldest first. Each list's index holds, after its
    // own keys, every column a page of the list reads, in the list's order: a page is an index-only walk that stops
    // at its last row, and a list's total an index-only count (migration 0021).
    index('channel_cases_la_state_idx').on(t.localAuthorityId, t.state, t.referredAt, t.id, t.referralId),
    // The dashboard's lists: partial, each holding only the cases it can list.
    index('channel_cases_no_consent_idx').on(t.localAuthorityId, t.adoptedAt, t.referredAt, t.id, t.state, t.referralId).where(sql`${t.state} = 'adopted' AND NOT ${t.liveConsent}`),
    index('channel_cases_last_contact_idx').on(t.localAuthorityId, t.lastContactOn, t.referredAt, t.id, t.state, t.referralId).where(sql`${t.state} = 'adopted' AND ${t.lastContactOn} IS NOT NULL`),
    index('channel_cases_post_exit_due_idx').on(t.localAuthorityId, t.postExitDueOn, t.referredAt, t.id, t.state, t.referralId).where(sql`${t.state} = 'exited' AND ${t.postExitDueOn} IS NOT NULL`),
    // Cases due back on the agenda, by date; partial, as only adopted cases have one.
    index('channel_cases_review_idx').on(t.localAuthorityId, t.nextReviewOn, t.referredAt, t.id, t.state, t.referralId).where(sql`${t.nextReviewOn} IS NOT NULL`),
    index('channel_cases_referral_idx').on(t.referralId, t.referredAt),
    index('channel_cases_police_idx').on(t.policeOrgId, t.state),
  ],
);

/** Timeline of a Channel case: every step and record, who took it and when. */
export const channelCaseEvents = pgTable(
  'channel_case_events',
  {
    id: uuid('id').primaryKey(),
    channelCaseId: uuid('channel_case_id')
      .notNull()
      .references(() => channelCases.id),
    type: text('type').notNull(),
    fromState: text('from_state'),
    toState: text('to_state'),
    actorUserId: uuid('actor_user_id').references(() => users.id),
    actorOrgId: uuid('actor_org_id').references(() => organisations.id),
    data: jsonb('data').notNull().default({}),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('channel_case_events_case_idx').on(t.channelCaseId, t.occurredAt)],
);

export const panelMeetings = pgTable(
  'panel_meetings',
  {
    id: uuid('id').primaryKey(),
    panelId: uuid('panel_id')
      .notNull()
      .references(() => channelPanels.id),
    meetsAt: timestamp('meets_at', { withTimezone: true, mode: 'date' }).notNull(),
    location: text('location').notNull(),
    /** scheduled | pack_published | closed */
    status: text('status').notNull(),
    packPublishedAt: timestamp('pack_published_at', { withTimezone: true, mode: 'date' }),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('panel_meetings_panel_idx').on(t.panelId, t.meetsAt)],
);

/** The cases a meeting discusses: members may read the pack only for these (need to know). */
export const agendaItems = pgTable(
  'agenda_items',
  {
    id: uuid('id').primaryKey(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => panelMeetings.id),
    channelCaseId: uuid('channel_case_id')
      .notNull()
      .references(() => channelCases.id),
    /** new_referral | review | deferred | reopened */
    kind: text('kind').notNull(),
    position: integer('position').notNull(),
    addedAt: createdAt(),
  },
  (t) => [uniqueIndex('agenda_items_meeting_case_key').on(t.meetingId, t.channelCaseId), index('agenda_items_case_idx').on(t.channelCaseId)],
);

/** Who attended a meeting: agency, role, whether they can decide for their agency, declared conflicts. */
export const meetingAttendance = pgTable(
  'meeting_attendance',
  {
    id: uuid('id').primaryKey(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => panelMeetings.id),
    memberId: uuid('member_id')
      .notNull()
      .references(() => panelMembers.id),
    canDecide: boolean('can_decide').notNull(),
    conflicts: text('conflicts'),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [uniqueIndex('meeting_attendance_member_key').on(t.meetingId, t.memberId)],
);

/** Each agency's contribution to the discussion of one agenda item, in its own words. */
export const agencyContributions = pgTable(
  'agency_contributions',
  {
    id: uuid('id').primaryKey(),
    agendaItemId: uuid('agenda_item_id')
      .notNull()
      .references(() => agendaItems.id),
    memberId: uuid('member_id')
      .notNull()
      .references(() => panelMembers.id),
    contribution: text('contribution').notNull(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('agency_contributions_item_idx').on(t.agendaItemId, t.recordedAt)],
);

/**
 * The panel's decisions about a case (adopt, not adopt, defer, continue, exit), each with the statutory
 * method (unanimous, majority, chair) and any dissent, recorded by the chair.
 */
export const panelDecisions = pgTable(
  'panel_decisions',
  {
    id: uuid('id').primaryKey(),
    channelCaseId: uuid('channel_case_id')
      .notNull()
      .references(() => channelCases.id),
    agendaItemId: uuid('agenda_item_id').references(() => agendaItems.id),
    decision: text('decision').notNull(),
    method: text('method').notNull(),
    dissent: text('dissent'),
    rationale: text('rationale').notNull(),
    /** Decision-specific: onward referral to health or social care (not adopt), exit reason and report, next review. */
    details: jsonb('details').notNull().default({}),
    decidedBy: uuid('decided_by')
      .notNull()
      .references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('panel_decisions_case_idx').on(t.channelCaseId, t.recordedAt), uniqueIndex('panel_decisions_item_key').on(t.agendaItemId)],
);

/** The vulnerability assessment framework's factors by dimension, versioned reference data (never scored). */
export const vafFactors = pgTable('vaf_factors', {
  code: text('code').primaryKey(),
  framework: text('framework').notNull(),
  dimension: text('dimension').notNull(),
  label: text('label').notNull(),
  sortOrder: integer('sort_order').notNull(),
  active: boolean('active').notNull().default(true),
});

/** A panel's vulnerability assessment: evidence and judgement in words per factor, a conclusion, a plan. */
export const vafAssessments = pgTable(
  'vaf_assessments',
  {
    id: uuid('id').primaryKey(),
    channelCaseId: uuid('channel_case_id')
      .notNull()
      .references(() => channelCases.id),
    framework: text('framework').notNull(),
    /** [{ code, evidence, judgement }] for the factors the panel addressed. */
    factors: jsonb('factors').notNull(),
    summary: text('summary').notNull(),
    managementPlan: text('management_plan').notNull(),
    /** Required from the second assessment on. */
    significantChanges: text('significant_changes'),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('vaf_assessments_case_idx').on(t.channelCaseId, t.recordedAt)],
);

/** Consent to Channel support (s.36(4)(b)): from the person, or a parent or guardian under 18. */
export const consents = pgTable(
  'consents',
  {
    id: uuid('id').primaryKey(),
    channelCaseId: uuid('channel_case_id')
      .notNull()
      .references(() => channelCases.id),
    /** given | refused */
    status: text('status').notNull(),
    /** person | parent_guardian */
    givenBy: text('given_by').notNull(),
    giverName: text('giver_name').notNull(),
    relationship: text('relationship'),
    soughtHow: text('sought_how').notNull(),
    soughtBy: text('sought_by').notNull(),
    soughtOn: date('sought_on', { mode: 'string' }).notNull(),
    capacityNotes: text('capacity_notes'),
    decidedOn: date('decided_on', { mode: 'string' }).notNull(),
    purposes: text('purposes').notNull(),
    withdrawnOn: date('withdrawn_on', { mode: 'string' }),
    withdrawalRoute: text('withdrawal_route'),
    withdrawalNotes: text('withdrawal_notes'),
    withdrawalRecordedBy: uuid('withdrawal_recorded_by').references(() => users.id),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('consents_case_idx').on(t.channelCaseId, t.recordedAt)],
);

/** The support plan (s.36(5)): how, when and by whom consent is sought; adjustments. Interventions hang off the case. */
export const supportPlans = pgTable('support_plans', {
  channelCaseId: uuid('channel_case_id')
    .primaryKey()
    .references(() => channelCases.id),
  consentApproach: text('consent_approach').notNull(),
  adjustments: text('adjustments'),
  version: integer('version').notNull().default(1),
  updatedBy: uuid('updated_by')
    .notNull()
    .references(() => users.id),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
});

/** The catalogue of intervention types, configurable reference data. */
export const interventionTypes = pgTable('intervention_types', {
  code: text('code').primaryKey(),
  label: text('label').notNull(),
  /** Ideological or theological mentoring needs a Home Office-approved Intervention Provider. */
  needsApprovedProvider: boolean('needs_approved_provider').notNull().default(false),
  sortOrder: integer('sort_order').notNull(),
  active: boolean('active').notNull().default(true),
});

/** The register of Intervention Providers: approval status and expiry, specialisms, languages. */
export const interventionProviders = pgTable(
  'intervention_providers',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    /** organisation | individual */
    kind: text('kind').notNull(),
    /** The organisation whose provider users see and act on the provider's interventions. */
    organisationId: uuid('organisation_id').references(() => organisations.id),
    contact: text('contact').notNull(),
    /** approved | pending | suspended | withdrawn */
    approvalStatus: text('approval_status').notNull(),
    approvedOn: date('approved_on', { mode: 'string' }),
    approvalExpiresOn: date('approval_expires_on', { mode: 'string' }),
    specialisms: text('specialisms').array().notNull(),
    languages: text('languages').array().notNull(),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('intervention_providers_org_idx').on(t.organisationId), index('intervention_providers_name_idx').on(t.name)],
);

/** One intervention of a support plan, by one provider. */
export const interventions = pgTable(
  'interventions',
  {
    id: uuid('id').primaryKey(),
    channelCaseId: uuid('channel_case_id')
      .notNull()
      .references(() => channelCases.id),
    typeCode: text('type_code')
      .notNull()
      .references(() => interventionTypes.code),
    providerId: uuid('provider_id')
      .notNull()
      .references(() => interventionProviders.id),
    goal: text('goal').notNull(),
    /** How the provider reaches the person (through whom, by what means): part of the provider's minimal view. */
    contactRoute: text('contact_route').notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    expectedSessions: integer('expected_sessions').notNull(),
    /** active | stopped | completed */
    status: text('status').notNull(),
    stoppedOn: date('stopped_on', { mode: 'string' }),
    stopReason: text('stop_reason'),
    endReport: text('end_report'),
    endedOn: date('ended_on', { mode: 'string' }),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('interventions_case_idx').on(t.channelCaseId, t.createdAt),
    // A provider's assigned cases: its interventions by status.
    index('interventions_provider_idx').on(t.providerId, t.status),
  ],
);

/** Sessions a provider logs: date, attendance, engagement, any new concern (which alerts the chair and police). */
export const interventionSessions = pgTable(
  'intervention_sessions',
  {
    id: uuid('id').primaryKey(),
    interventionId: uuid('intervention_id')
      .notNull()
      .references(() => interventions.id),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    attended: boolean('attended').notNull(),
    /** engaged | partly_engaged | not_engaged */
    engagement: text('engagement'),
    notes: text('notes'),
    newConcern: text('new_concern'),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('intervention_sessions_intervention_idx').on(t.interventionId, t.heldOn)],
);

/** Reviews after exit, scheduled at 6 and 12 months (extendable to 24); a review can reopen the case. */
export const postExitReviews = pgTable(
  'post_exit_reviews',
  {
    id: uuid('id').primaryKey(),
    channelCaseId: uuid('channel_case_id')
      .notNull()
      .references(() => channelCases.id),
    /** Months after exit: 6, 12 or 24. */
    monthsAfterExit: integer('months_after_exit').notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    completedOn: date('completed_on', { mode: 'string' }),
    /** no_concerns | extend | reopen */
    outcome: text('outcome'),
    notes: text('notes'),
    recordedBy: uuid('recorded_by').references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    uniqueIndex('post_exit_reviews_case_key').on(t.channelCaseId, t.monthsAfterExit),
    // The chair's "post-exit reviews due": open ones by date.
    index('post_exit_reviews_due_idx').on(t.dueOn).where(sql`${t.completedOn} IS NULL`),
  ],
);

// ---------------------------------------------------------------------------------------------------------
// People. Every referral makes a person record of its subject as referred. Records are joined into one person
// only when someone confirms it: a confirmed link or a merge points the record at its survivor
// (`merged_into_id`) and moves nothing else, so undoing it puts every referral, case and note back as it was.

export const personRecords = pgTable(
  'person_records',
  {
    id: uuid('id').primaryKey(),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    /** Folded (accents removed, lower case, letters and spaces): the blocking keys are built on these. */
    givenFolded: text('given_folded').notNull(),
    familyFolded: text('family_folded').notNull(),
    dateOfBirth: date('date_of_birth', { mode: 'string' }),
    /** From the date of birth, or the approximate age at referral; null when neither is known. */
    birthYear: integer('birth_year'),
    gender: text('gender'),
    /** Upper case without spaces. */
    postcode: text('postcode'),
    address: text('address'),
    school: text('school'),
    /** The surviving record this one was joined to (always a root: merges re-point the records they absorb). */
    mergedIntoId: uuid('merged_into_id').references((): AnyPgColumn => personRecords.id),
    createdAt: createdAt(),
  },
  (t) => [
    // Candidate blocking (people/candidates.repository.ts): each key is a bounded index lookup at national scale.
    index('person_records_dob_idx').on(t.dateOfBirth),
    index('person_records_sound_idx').on(sql`dmetaphone(${t.familyFolded})`, sql`dmetaphone(${t.givenFolded})`, t.birthYear),
    index('person_records_postcode_idx').on(t.postcode, sql`dmetaphone(${t.familyFolded})`),
    // Exact-name counts for the term-frequency adjustment.
    index('person_records_given_idx').on(t.givenFolded),
    index('person_records_family_idx').on(t.familyFolded),
    index('person_records_merged_idx').on(t.mergedIntoId).where(sql`${t.mergedIntoId} IS NOT NULL`),
  ],
);

/** Candidate people found when a referral arrived, with the explanation shown to the officer. */
export const personMatchCandidates = pgTable(
  'person_match_candidates',
  {
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referrals.id),
    /** The candidate's record that scored best (its survivor is the candidate person). */
    candidateRecordId: uuid('candidate_record_id')
      .notNull()
      .references(() => personRecords.id),
    matchWeight: doublePrecision('match_weight').notNull(),
    matchProbability: doublePrecision('match_probability').notNull(),
    /** Field-by-field explanation (matching/explain.ts) as it stood when scored. */
    explanation: jsonb('explanation').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.referralId, t.candidateRecordId] })],
);

/** A person's answer to "is this the same person?": same, not_same or unsure, with who and why. */
export const personMatchDecisions = pgTable(
  'person_match_decisions',
  {
    id: uuid('id').primaryKey(),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referrals.id),
    /** The referral's own record and the candidate record it was compared with. */
    recordId: uuid('record_id')
      .notNull()
      .references(() => personRecords.id),
    candidateRecordId: uuid('candidate_record_id')
      .notNull()
      .references(() => personRecords.id),
    decision: text('decision').notNull(),
    reason: text('reason'),
    decidedBy: uuid('decided_by')
      .notNull()
      .references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** The merge a "same person" decision made. */
    mergeId: uuid('merge_id').references((): AnyPgColumn => personMerges.id),
  },
  (t) => [
    index('person_match_decisions_referral_idx').on(t.referralId, t.decidedAt),
    // The latest answer about a pair of records, looked up from either side (a later answer replaces "not the same").
    index('person_match_decisions_pair_idx').on(t.recordId, t.candidateRecordId, t.decidedAt),
    index('person_match_decisions_pair_rev_idx').on(t.candidateRecordId, t.recordId, t.decidedAt),
  ],
);

/** One link or merge: which record joined which survivor, and which records it re-pointed, so it can be undone. */
export const personMerges = pgTable(
  'person_merges',
  {
    id: uuid('id').primaryKey(),
    /** link (a referral confirmed as an existing person at triage) or merge (two people combined). */
    kind: text('kind').notNull(),
    survivorId: uuid('survivor_id')
      .notNull()
      .references(() => personRecords.id),
    mergedId: uuid('merged_id')
      .notNull()
      .references(() => personRecords.id),
    /** Records that were already joined to the merged one and were re-pointed to the survivor. */
    repointedIds: uuid('repointed_ids').array().notNull(),
    reason: text('reason').notNull(),
    mergedBy: uuid('merged_by')
      .notNull()
      .references(() => users.id),
    mergedAt: timestamp('merged_at', { withTimezone: true, mode: 'date' }).notNull(),
    undoneBy: uuid('undone_by').references(() => users.id),
    undoneAt: timestamp('undone_at', { withTimezone: true, mode: 'date' }),
    undoReason: text('undo_reason'),
  },
  (t) => [index('person_merges_survivor_idx').on(t.survivorId, t.mergedAt), index('person_merges_merged_idx').on(t.mergedId, t.mergedAt)],
);

/**
 * Each referral described once for the official statistics, kept by triggers on the tables it comes from
 * (migration 0016), so a year's tables read one narrow row per referral instead of each referral's submission
 * and its judgements, Channel cases, panel decisions and consents. Counts only: no name, no narrative.
 */
export const referralStatistics = pgTable(
  'referral_statistics',
  {
    referralId: uuid('referral_id')
      .primaryKey()
      .references(() => referrals.id, { onDelete: 'cascade' }),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }).notNull(),
    referrerOrgId: uuid('referrer_org_id'),
    owningOrgId: uuid('owning_org_id').notNull(),
    /** Age at referral: from the date of birth on the UK date of submission, else the approximate age given. */
    age: integer('age'),
    gender: text('gender'),
    ethnicity: text('ethnicity'),
    mentalHealth: boolean('mental_health').notNull(),
    neurodivergence: boolean('neurodivergence').notNull(),
    /** The latest threshold judgement's types of concern; null while none is recorded. */
    concernTypes: text('concern_types').array(),
    discussed: boolean('discussed').notNull().default(false),
    adopted: boolean('adopted').notNull().default(false),
    /** The latest consent recorded on the referral's Channel cases. */
    consent: text('consent'),
  },
  (t) => [
    // Every column, in time order: a year's tables are an index-only range scan, reading that year's entries
    // only (a scan of the table read every year to count one).
    index('referral_statistics_submitted_idx').on(
      t.submittedAt,
      t.discussed,
      t.adopted,
      t.referrerOrgId,
      t.owningOrgId,
      t.age,
      t.gender,
      t.ethnicity,
      t.mentalHealth,
      t.neurodivergence,
      t.concernTypes,
      t.consent,
    ),
    // The quarterly series reads five years of these three columns only: a narrow index-only scan.
    index('referral_statistics_series_idx').on(t.submittedAt, t.discussed, t.adopted),
  ],
);
