// Generates synthetic referrals and everything the services would have written about them by a given day:
// the referral and its events, the gateway's judgement and decision, monitoring, and for Channel referrals the
// case, panel decision, consent, interventions, sessions, exit and post-exit reviews; plus the collection audit
// row (unchained: the chainer links it later). Deterministic: the same seed, count and end day give the same rows.
import { addWorkingDays } from '../../platform/workingDays.js';
import { retentionFor } from '../gateway/retention.js';
import { personKey } from '../referrals/personKey.js';
import { personRecordFromSubject } from '../people/personRecords.js';
import type { ReferralSubmission } from '../referrals/referrals.schemas.js';
import { AGE_BANDS, AUTISM_SHARE, DEFAULT_FORCE_WEIGHT, ETHNICITIES, EXIT_REASONS, FORCE_WEIGHTS, GENDERS, NON_CHANNEL_OUTCOMES, QUARTER_WEIGHTS, REPEAT_SHARE, SUPPORT_NEEDS_SHARE, calibrationFor, type Sector } from './calibration.js';
import type { ForceContext, SyntheticContext } from './context.js';
import { asRecordedAgain, familyName, givenName, type PersonNames } from './names.js';
import { createRandom } from './random.js';
import { emptyTables, type Row, type Tables } from './bulkInsert.js';
import { isoDay, isoInstant } from './instants.js';

const DAY = 86_400_000;
const REGIME = 'DPA_PART3';
const REFERENCE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const AGE_BAND_WEIGHTS: Record<string, number> = Object.fromEntries(AGE_BANDS.map((b, i) => [i, b.share]));
const QUARTERS: Record<string, number> = Object.fromEntries(QUARTER_WEIGHTS.map((w, i) => [i, w]));
const OPEN = new Set(['awaiting_triage', 'in_assessment', 'awaiting_approval', 'signposted', 'police_led_management']);

export interface GenerateOptions {
  /** The day the data is "as of": nothing happens after it. */
  until: Date;
  /** April–March years ending with the one containing `until`. */
  years: number;
  triageTargetWorkingDays: number;
  retention: { noFurtherActionReviewYears: number; caseReviewYears: number };
}

interface Person extends PersonNames {
  gender: string;
  ethnicity: string;
  force: ForceContext;
  /** The latest referral about them, and whether it is still open as of `until`. */
  lastReferralId: string;
  lastReference: string;
  lastAt: number;
  lastOpen: boolean;
  lastKey: string | null;
}


/** One of `count` streams that together make a dataset: each has its own random stream and its own people. */
export interface StreamPlace {
  index: number;
  count: number;
}

/**
 * Holds the state that spans batches (people who may be referred again), so batches can be streamed. The panel
 * meetings come from the seed alone (random stream 0), the same in every stream; stream i's referrals from random
 * stream i + 1, so streams can be generated apart (in worker threads) and give the same rows.
 */
export function createGenerator(ctx: SyntheticContext, seed: number, opts: GenerateOptions, stream: StreamPlace = { index: 0, count: 1 }) {
  const rnd = createRandom(seed, stream.index + 1);
  const until = opts.until.getTime();
  const lastYear = new Date(opts.until).getUTCMonth() < 3 ? opts.until.getUTCFullYear() - 1 : opts.until.getUTCFullYear();
  const yearWeights: Record<string, number> = {};
  for (let y = lastYear - opts.years + 1; y <= lastYear; y++) yearWeights[String(y)] = calibrationFor(y).referrals;
  const forceWeights: Record<string, number> = Object.fromEntries(ctx.forces.map((f) => [f.code, FORCE_WEIGHTS[f.code] ?? DEFAULT_FORCE_WEIGHT]));
  const forceByCode = new Map(ctx.forces.map((f) => [f.code, f]));
  const people: Person[] = [];
  // Events on an earlier referral (a repeat joining its open case) may point into a batch still being written
  // by another transaction, where the foreign key cannot see it yet: they are written after all batches.
  const lateEvents: Row[] = [];
  const MAX_PEOPLE = Math.ceil(200_000 / stream.count);
  // Submissions fall between 08:00 and 18:00 UTC, so the UK date is the UTC date; due dates are memoised by day.
  const dueByDay = new Map<string, string>();
  const triageDue = (d: string) => {
    let due = dueByDay.get(d);
    if (!due) dueByDay.set(d, (due = addWorkingDays(d, opts.triageTargetWorkingDays, ctx.holidays)));
    return due;
  };

  const reference = () => `PR-${Array.from({ length: 12 }, () => REFERENCE_ALPHABET[rnd.int(0, 31)]).join('').replace(/^(.{4})(.{4})(.{4})$/, '$1-$2-$3')}`;

  function submittedAt(): number {
    for (;;) {
      const year = Number(rnd.weighted(yearWeights));
      const quarter = Number(rnd.weighted(QUARTERS));
      const start = Date.UTC(year, 3 + quarter * 3, 1);
      const end = Date.UTC(year, 6 + quarter * 3, 1);
      // Office hours mostly: 08:00–18:00 UTC.
      const t = start + Math.floor(rnd.next() * ((end - start) / DAY)) * DAY + rnd.int(8 * 3600, 18 * 3600) * 1000;
      if (t < until) return t;
    }
  }

  function dateOfBirth(at: number): { dob: string | undefined; approx: number | undefined } {
    const band = AGE_BANDS[Number(rnd.weighted(AGE_BAND_WEIGHTS))]!;
    const age = rnd.int(band.min, band.max);
    const born = at - (age * 365.25 + rnd.int(1, 360)) * DAY;
    const kind = rnd.weighted({ dob: 0.85, approx: 0.12, none: 0.03 });
    return { dob: kind === 'dob' ? isoDay(born) : undefined, approx: kind === 'approx' ? age : undefined };
  }

  function newPerson(at: number): Person & { approx: number | undefined } {
    const gender = rnd.weighted(GENDERS);
    const { dob, approx } = dateOfBirth(at);
    return { givenName: givenName(rnd, gender), familyName: familyName(rnd), dateOfBirth: dob, approx, gender, ethnicity: rnd.weighted(ETHNICITIES), force: forceByCode.get(rnd.weighted(forceWeights))!, lastReferralId: '', lastReference: '', lastAt: 0, lastOpen: false, lastKey: null };
  }

  function under18(dob: string | undefined, approx: number | undefined, at: number): boolean | null {
    if (dob) return `${Number(dob.slice(0, 4)) + 18}${dob.slice(4)}` > isoDay(at);
    return approx === undefined ? null : approx < 18;
  }

  function referrerOrg(sector: Sector, f: ForceContext): string | null {
    switch (sector) {
      case 'education': return f.schoolId;
      case 'police': return f.policeOrgId;
      case 'local_authority': return f.localAuthorityIds[0]!;
      case 'health': return f.nhsTrustId;
      case 'prisons': return ctx.prisonId;
      case 'probation': return ctx.probationId;
      case 'community': return null;
    }
  }

  function submission(names: PersonNames, p: Person, approx: number | undefined, sector: Sector, postcode: string): Row {
    const needs = rnd.chance(SUPPORT_NEEDS_SHARE) ? (rnd.chance(AUTISM_SHARE / SUPPORT_NEEDS_SHARE) ? ['autism_or_neurodivergence' as const] : ['mental_health' as const]) : [];
    const subject = {
      givenName: names.givenName,
      familyName: names.familyName,
      aliases: [],
      ...(names.dateOfBirth ? { dateOfBirth: names.dateOfBirth } : {}),
      ...(approx !== undefined && !names.dateOfBirth ? { approximateAge: approx } : {}),
      gender: p.gender as 'male',
      ...(p.ethnicity !== 'not_known' ? { ethnicity: p.ethnicity as 'white' } : {}),
      postcode,
    };
    const concern = { narrative: 'Synthetic referral: concerning statements and online activity reported by the referrer.', threatOfHarm: 'no' as const, supportNeeds: needs };
    const awareness = { subjectAware: rnd.pick(['yes', 'no', 'not_sure'] as const), parentAware: rnd.pick(['yes', 'no', 'not_sure', 'not_applicable'] as const) };
    if (sector === 'community') return { subject, concern, awareness, referrer: { anonymous: true } };
    return { subject, concern, awareness, professional: { name: 'Synthetic Referrer', role: `${sector} safeguarding lead`, email: 'referrer@synthetic.example', safeguardingLeadConsulted: 'not_applicable' } };
  }

  /** One referral and everything recorded about it by `until`, appended to the batch's tables. */
  function referral(t: Tables): void {
    let at = submittedAt();
    let person: Person & { approx?: number | undefined };
    let names: PersonNames;
    const again = people.length > 0 && rnd.chance(REPEAT_SHARE) ? people[rnd.int(0, people.length - 1)]! : null;
    if (again && again.lastAt + 30 * DAY < until) {
      person = again;
      at = again.lastAt + rnd.int(30, 700) * DAY;
      if (at >= until) at = until - rnd.int(1, 20) * DAY;
      if (at <= again.lastAt) at = again.lastAt + DAY;
      names = asRecordedAgain(rnd, again);
    } else {
      person = newPerson(at);
      names = person;
      if (people.length < MAX_PEOPLE) people.push(person);
    }
    const f = person.force;
    const cal = calibrationFor(new Date(at).getUTCMonth() < 3 ? new Date(at).getUTCFullYear() - 1 : new Date(at).getUTCFullYear());
    const sector = rnd.weighted(cal.sectors);
    const orgId = referrerOrg(sector, f);
    const channel = sector === 'community' ? 'public' : 'api';
    const postcode = `${f.postcodeArea}${rnd.int(1, 9)} ${rnd.int(1, 9)}${REFERENCE_ALPHABET[rnd.int(10, 31)]}${REFERENCE_ALPHABET[rnd.int(10, 31)]}`.replace(/[ILOU]/g, 'A');
    const sub = submission(names, person, person.approx, sector, postcode);
    const key = personKey(names.givenName, names.familyName, names.dateOfBirth);
    const id = rnd.uuid();
    const ref = reference();
    const joins = again !== null && person === again && again.lastOpen && key !== null && key === again.lastKey;
    const owning = f.policeOrgId;
    const ev = (type: string, from: string | null, to: string | null, ms: number, actor: { user: string | null; org: string | null }, data: Row = {}, referralId = id) =>
      (referralId === id ? t.referral_events : lateEvents).push({ id: rnd.uuid(), referral_id: referralId, type, from_state: from, to_state: to, actor_user_id: actor.user, actor_org_id: actor.org, data, occurred_at: isoInstant(ms) });
    const system = { user: null, org: null };
    const officer = { user: f.officerId, org: f.policeOrgId };
    const supervisor = { user: f.supervisorId, org: f.policeOrgId };
    const row: Row = {
      id, reference: ref, owning_org_id: owning, state: 'awaiting_triage', version: 2, channel, submitted_at: isoInstant(at),
      triage_due_on: triageDue(isoDay(at)),
      subject_given_name: names.givenName, subject_family_name: names.familyName, subject_date_of_birth: names.dateOfBirth ?? null,
      subject_approx_age: names.dateOfBirth ? null : (person.approx ?? null), subject_postcode: postcode,
      subject_under_18: under18(names.dateOfBirth, names.dateOfBirth ? undefined : person.approx, at),
      referrer_user_id: null, referrer_org_id: orgId, submission: sub, controller_org_id: owning, legal_regime: REGIME,
      assigned_officer_id: null, person_key: key, primary_referral_id: null, referrer_outcome: null, closed_at: null,
      retention_rule: null, retention_review_on: null, next_review_on: null, created_at: isoInstant(at), updated_at: isoInstant(at), person_record_id: id,
    };
    // Each referral's subject is a person record of its own (same id); joining records is an officer's act.
    const record = personRecordFromSubject(id, sub.subject as ReferralSubmission['subject'], new Date(at));
    t.person_records.push({
      id, given_name: record.givenName, family_name: record.familyName, given_folded: record.givenFolded, family_folded: record.familyFolded,
      date_of_birth: record.dateOfBirth, birth_year: record.birthYear, gender: record.gender, postcode: record.postcode, address: record.address,
      school: record.school, merged_into_id: null, created_at: isoInstant(at),
    });
    t.referrals.push(row);
    t.audit_log.push({ occurred_at: isoInstant(at), actor_type: channel === 'public' ? 'public' : 'api', user_id: null, organisation_id: orgId, action: 'collection', event: 'referral.submitted', record_type: 'referral', record_ids: [id], purpose: 'Prevent referral received for police gateway assessment', recipients: [owning], regime: REGIME, request_id: null, client: {} });
    ev('submitted', null, 'received', at, { user: null, org: orgId }, { channel });
    person.lastAt = at;
    if (joins) {
      Object.assign(row, { state: 'joined', primary_referral_id: again.lastReferralId });
      ev('joined', 'received', 'joined', at, system, { primaryReferralId: again.lastReferralId, primaryReference: again.lastReference });
      ev('referral_joined', null, null, at, system, { referralId: id, reference: ref }, again.lastReferralId);
      t.audit_log.push({ occurred_at: isoInstant(at), actor_type: channel === 'public' ? 'public' : 'api', user_id: null, organisation_id: orgId, action: 'combination', event: 'referral.joined', record_type: 'referral', record_ids: [id, again.lastReferralId], purpose: 'New referral joined to the open case about the same person (same names and date of birth)', recipients: [], regime: REGIME, request_id: null, client: {} });
      return;
    }
    person.lastReferralId = id;
    person.lastReference = ref;
    person.lastKey = key;
    ev('routed', 'received', 'awaiting_triage', at, system, { toOrganisationId: owning, national: false });
    const state = gateway(t, row, f, cal, at, ev, officer, supervisor);
    person.lastOpen = OPEN.has(state);
  }

  type Ev = (type: string, from: string | null, to: string | null, ms: number, actor: { user: string | null; org: string | null }, data?: Row) => void;
  type Actor = { user: string; org: string };

  /** The police gateway: assignment, judgement, decision, approval and monitoring. Returns the final state. */
  function gateway(t: Tables, row: Row, f: ForceContext, cal: ReturnType<typeof calibrationFor>, at: number, ev: Ev, officer: Actor, supervisor: Actor): string {
    const id = row.id as string;
    let version = 2;
    const move = (type: string, from: string, to: string, ms: number, actor: { user: string | null; org: string | null }, data: Row = {}) => {
      ev(type, from, to, ms, actor, data);
      row.state = to;
      row.version = ++version;
      row.updated_at = isoInstant(ms);
    };
    const assignedAt = at + rnd.int(1, 3) * DAY;
    if (assignedAt >= until) return 'awaiting_triage';
    row.assigned_officer_id = f.officerId;
    move('assign', 'awaiting_triage', 'in_assessment', assignedAt, officer, { officerId: f.officerId });
    const judgedAt = assignedAt + rnd.int(1, 7) * DAY;
    if (judgedAt >= until) return 'in_assessment';
    const concern = rnd.weighted(cal.concerns);
    t.threshold_judgements.push({ id: rnd.uuid(), referral_id: id, concern_present: 'yes', concern_types: [concern], vulnerability_factors: null, immediate_risk: 'no', immediate_risk_details: null, rationale: 'Synthetic judgement.', recorded_by: f.officerId, recorded_at: isoInstant(judgedAt) });
    const decidedAt = judgedAt + rnd.int(1, 14) * DAY;
    if (decidedAt >= until) return 'in_assessment';
    const outcome = rnd.chance(cal.discussed) ? 'channel' : rnd.weighted(NON_CHANNEL_OUTCOMES);
    const la = rnd.pick(f.localAuthorityIds);
    const referrerOutcome = { no_further_action: 'no_further_action', signposted: 'support_elsewhere', police_led_management: 'closed', investigation_handover: 'closed', channel: 'ongoing_support' }[outcome];
    const details: Row =
      outcome === 'signposted' ? { serviceType: 'early_help', serviceName: 'Early Help (synthetic)', serviceContact: 'earlyhelp@synthetic.example', receivingOrganisationId: null }
      : outcome === 'channel' ? { localAuthorityId: la, localAuthorityName: 'Synthetic council', reasonableGrounds: 'Synthetic grounds.' } : {};
    const needsApproval = outcome === 'no_further_action' || outcome === 'investigation_handover';
    const reviewedAt = decidedAt + rnd.int(1, 3) * DAY;
    const approved = needsApproval && reviewedAt < until;
    const decisionId = rnd.uuid();
    t.gateway_decisions.push({ id: decisionId, referral_id: id, outcome, details, sealed_notes: outcome === 'investigation_handover' ? 'Synthetic handover note.' : null, rationale: 'Synthetic rationale.', referrer_outcome: referrerOutcome, status: needsApproval && !approved ? 'awaiting_approval' : 'effective', decided_by: f.officerId, decided_at: isoInstant(decidedAt), reviewed_by: approved ? f.supervisorId : null, reviewed_at: approved ? isoInstant(reviewedAt) : null, review_comments: null });
    const data = { decisionId, outcome };
    const close = (ms: number, o: 'no_further_action' | 'signposted' | 'police_led_management' | 'investigation_handover' | 'channel') => {
      const r = retentionFor(o, new Date(ms), opts.retention);
      Object.assign(row, { closed_at: isoInstant(ms), retention_rule: r.rule, retention_review_on: r.reviewOn, next_review_on: null });
    };
    if (needsApproval) {
      move('submitForApproval', 'in_assessment', 'awaiting_approval', decidedAt, officer, data);
      if (!approved) return 'awaiting_approval';
      move('approve', 'awaiting_approval', 'closed', reviewedAt, supervisor, data);
      row.referrer_outcome = referrerOutcome;
      close(reviewedAt, outcome as 'no_further_action');
      return 'closed';
    }
    row.referrer_outcome = referrerOutcome;
    if (outcome === 'signposted') {
      move('signpost', 'in_assessment', 'signposted', decidedAt, officer, data);
      const answeredAt = decidedAt + rnd.int(5, 30) * DAY;
      const done = answeredAt < until;
      t.signpost_follow_ups.push({ id: rnd.uuid(), referral_id: id, decision_id: decisionId, receiving_organisation_id: null, service_name: 'Early Help (synthetic)', service_contact: 'earlyhelp@synthetic.example', due_on: isoDay(decidedAt + 20 * DAY), acknowledged_at: done ? isoInstant(answeredAt) : null, acknowledged_by: done ? f.officerId : null, acknowledgement_recorded_by_officer: done, outcome: done ? 'Support offered by early help.' : null, outcome_recorded_at: done ? isoInstant(answeredAt) : null, outcome_recorded_by: done ? f.officerId : null, escalated_at: null, created_at: isoInstant(decidedAt) });
      if (!done) return 'signposted';
      move('closeMonitoring', 'signposted', 'closed', answeredAt, officer);
      close(answeredAt, 'signposted');
      return 'closed';
    }
    if (outcome === 'police_led_management') return policeLed(t, row, f, decidedAt, move, officer, close, 'policeLed', 'in_assessment', data);
    move('referToChannel', 'in_assessment', 'referred_to_channel', decidedAt, officer, data);
    return channelCase(t, row, f, cal, concern, la, decidedAt, move, officer, close);
  }

  type Move = (type: string, from: string, to: string, ms: number, actor: { user: string | null; org: string | null }, data?: Row) => void;
  type Close = (ms: number, o: 'police_led_management' | 'channel') => void;

  function policeLed(t: Tables, row: Row, f: ForceContext, from: number, move: Move, officer: Actor, close: Close, step: string, fromState: string, data: Row = {}): string {
    move(step, fromState, 'police_led_management', from, step === 'policeLed' ? officer : { user: null, org: null }, data);
    const closedAt = from + rnd.int(60, 240) * DAY;
    if (closedAt >= until) {
      row.next_review_on = isoDay(Math.max(from + 30 * DAY, until + rnd.int(1, 30) * DAY));
      return 'police_led_management';
    }
    t.police_led_reviews.push({ id: rnd.uuid(), referral_id: row.id, reviewed_on: isoDay(closedAt), changes: 'No new concerns.', actions: 'None.', decision: 'close', rationale: 'Synthetic review: risk managed.', local_authority_id: null, reasonable_grounds: null, reviewed_by: f.officerId, created_at: isoInstant(closedAt) });
    move('closeMonitoring', 'police_led_management', 'closed', closedAt, officer);
    close(closedAt, 'police_led_management');
    return 'closed';
  }

  // Panels meet on the 15th of each month. Every meeting in the period is written before the batches (already
  // closed, with the chair and the police member attending), so a batch's agenda items never wait on another's.
  const meetingRnd = createRandom(seed, 0);
  const meetings = new Map<string, { id: string; at: number; items: number }>();
  const meetingTables = emptyTables();
  function nextMeetingAt(earliest: number): number {
    const d = new Date(earliest);
    const at = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 15, 10);
    return at >= earliest ? at : Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 15, 10);
  }
  for (const f of ctx.forces) {
    for (const [la, panel] of Object.entries(f.panelByLa)) {
      const chair = f.chairIdByLa[la]!;
      for (let at = nextMeetingAt(Date.UTC(lastYear - opts.years + 1, 3, 1)); at < until; at = nextMeetingAt(at + DAY)) {
        const key = `${panel.panelId}|${at}`;
        if (meetings.has(key)) continue;
        const meeting = { id: meetingRnd.uuid(), at, items: 0 };
        meetings.set(key, meeting);
        meetingTables.panel_meetings.push({ id: meeting.id, panel_id: panel.panelId, meets_at: isoInstant(at), location: 'Council offices', status: 'closed', pack_published_at: isoInstant(at - 3 * DAY), version: 3, created_by: chair, created_at: isoInstant(at - 30 * DAY) });
        for (const memberId of [panel.chairMemberId, panel.policeMemberId]) {
          meetingTables.meeting_attendance.push({ id: meetingRnd.uuid(), meeting_id: meeting.id, member_id: memberId, can_decide: true, conflicts: null, recorded_by: chair, recorded_at: isoInstant(at) });
        }
      }
    }
  }

  function meetingAfter(f: ForceContext, la: string, earliest: number) {
    const meeting = meetings.get(`${f.panelByLa[la]!.panelId}|${nextMeetingAt(earliest)}`);
    if (!meeting) throw new Error('A synthetic panel decision falls outside the generated period');
    return meeting;
  }

  /** Puts the case on the agenda of the first meeting from `earliest`, returning the item and when it meets. */
  function discuss(t: Tables, f: ForceContext, la: string, caseId: string, kind: 'new_referral' | 'review', earliest: number) {
    const meeting = meetingAfter(f, la, earliest);
    const id = rnd.uuid();
    // Each stream counts its own items: interleaved, the streams' positions never clash.
    const position = meeting.items++ * stream.count + stream.index + 1;
    t.agenda_items.push({ id, meeting_id: meeting.id, channel_case_id: caseId, kind, position, created_at: isoInstant(meeting.at - 7 * DAY) });
    return { agendaItemId: id, at: meeting.at };
  }

  function channelCase(t: Tables, row: Row, f: ForceContext, cal: ReturnType<typeof calibrationFor>, concern: string, la: string, referredAt: number, move: Move, officer: Actor, close: Close): string {
    const caseId = rnd.uuid();
    const chair = f.chairIdByLa[la]!;
    const chairActor = { user: chair, org: la };
    const c: Row = { id: caseId, referral_id: row.id, local_authority_id: la, police_org_id: f.policeOrgId, state: 'awaiting_panel', version: 1, referred_at: isoInstant(referredAt), referred_via: 'gateway', previous_case_id: null, adopted_at: null, next_review_on: null, exited_at: null, exit_reason: null, closing_report: null, created_at: isoInstant(referredAt), updated_at: isoInstant(referredAt) };
    t.channel_cases.push(c);
    const cev = (type: string, from: string | null, to: string | null, ms: number, actor: { user: string | null; org: string | null }, data: Row = {}) => {
      t.channel_case_events.push({ id: rnd.uuid(), channel_case_id: caseId, type, from_state: from, to_state: to, actor_user_id: actor.user, actor_org_id: actor.org, data, occurred_at: isoInstant(ms) });
      if (to) Object.assign(c, { state: to, version: (c.version as number) + 1, updated_at: isoInstant(ms) });
    };
    cev('opened', null, 'awaiting_panel', referredAt, officer, { via: 'gateway' });
    c.version = 1;
    // Discussed at the first meeting at least a week after the referral (time to prepare the pack).
    if (nextMeetingAt(referredAt + 7 * DAY) >= until) return 'referred_to_channel';
    const first = discuss(t, f, la, caseId, 'new_referral', referredAt + 7 * DAY);
    const panelAt = first.at;
    t.vaf_assessments.push({ id: rnd.uuid(), channel_case_id: caseId, framework: 'vaf-2012', factors: ctx.vafFactorCodes.slice(0, rnd.int(1, ctx.vafFactorCodes.length)).map((code) => ({ code, evidence: 'Synthetic evidence from the agencies.', judgement: 'Synthetic professional judgement.' })), summary: 'Synthetic summary conclusion.', management_plan: 'Synthetic management plan.', significant_changes: null, recorded_by: chair, recorded_at: isoInstant(panelAt - 2 * DAY) });
    const adopt = rnd.chance(Math.min(0.95, cal.adoptRatio * (cal.adoptionWeight[concern] ?? 1)));
    t.panel_decisions.push({ id: rnd.uuid(), channel_case_id: caseId, agenda_item_id: first.agendaItemId, decision: adopt ? 'adopt' : 'not_adopt', method: rnd.chance(0.9) ? 'unanimous' : 'majority', dissent: null, rationale: 'Synthetic panel decision.', details: {}, decided_by: chair, recorded_at: isoInstant(panelAt) });
    if (!adopt) {
      cev('notAdopt', 'awaiting_panel', 'not_adopted', panelAt, chairActor);
      return policeLed(t, row, f, panelAt, move, officer, close, 'returnFromChannel', 'referred_to_channel', { channelCaseId: caseId });
    }
    cev('adopt', 'awaiting_panel', 'adopted', panelAt, chairActor);
    c.adopted_at = isoInstant(panelAt);
    const minor = row.subject_under_18 === true;
    const consentOn = isoDay(panelAt + rnd.int(1, 10) * DAY);
    t.consents.push({ id: rnd.uuid(), channel_case_id: caseId, status: 'given', given_by: minor ? 'parent_guardian' : 'person', giver_name: minor ? 'Parent (synthetic)' : `${row.subject_given_name} ${row.subject_family_name}`, relationship: minor ? 'Parent' : null, sought_how: 'In person with the Channel practitioner', sought_by: 'Channel practitioner', sought_on: consentOn, capacity_notes: null, decided_on: consentOn, purposes: 'Channel support', withdrawn_on: null, withdrawal_route: null, withdrawal_notes: null, withdrawal_recorded_by: null, recorded_by: chair, recorded_at: `${consentOn}T12:00:00.000Z` });
    t.support_plans.push({ channel_case_id: caseId, consent_approach: 'Sought in person by the Channel practitioner.', adjustments: null, version: 1, updated_by: chair, updated_at: isoInstant(panelAt) });
    const exitAt = nextMeetingAt(panelAt + rnd.int(120, 300) * DAY);
    const exited = exitAt < until;
    const end = exited ? exitAt : until;
    for (let i = rnd.int(1, 2); i > 0; i--) {
      const interventionId = rnd.uuid();
      const startsAt = panelAt + rnd.int(7, 21) * DAY;
      const expected = rnd.int(4, 12);
      const completed = exited && startsAt < exitAt;
      t.interventions.push({ id: interventionId, channel_case_id: caseId, type_code: rnd.pick(ctx.interventionTypes), provider_id: rnd.pick(ctx.providerIds), goal: 'Synthetic goal.', contact_route: 'Through the Channel practitioner.', starts_on: isoDay(startsAt), expected_sessions: expected, status: completed ? 'completed' : 'active', stopped_on: null, stop_reason: null, end_report: completed ? 'Goals met.' : null, ended_on: completed ? isoDay(exitAt) : null, version: 1, created_by: chair, created_at: isoInstant(panelAt) });
      for (let s = 0, heldAt = startsAt; s < expected && heldAt < end; s++, heldAt += 14 * DAY) {
        const attended = rnd.chance(0.85);
        t.intervention_sessions.push({ id: rnd.uuid(), intervention_id: interventionId, held_on: isoDay(heldAt), attended, engagement: attended ? rnd.pick(['engaged', 'partly_engaged', 'not_engaged']) : null, notes: null, new_concern: null, recorded_by: chair, recorded_at: isoInstant(heldAt + DAY) });
      }
    }
    if (!exited) {
      c.next_review_on = isoDay(Math.max(panelAt + 30 * DAY, until + rnd.int(1, 30) * DAY));
      return 'referred_to_channel';
    }
    const reason = rnd.weighted(EXIT_REASONS);
    const exitItem = discuss(t, f, la, caseId, 'review', exitAt);
    t.panel_decisions.push({ id: rnd.uuid(), channel_case_id: caseId, agenda_item_id: exitItem.agendaItemId, decision: 'exit', method: 'unanimous', dissent: null, rationale: 'Synthetic exit decision.', details: { reason }, decided_by: chair, recorded_at: isoInstant(exitAt) });
    cev('exit', 'adopted', 'exited', exitAt, chairActor, { reason });
    Object.assign(c, { exited_at: isoInstant(exitAt), exit_reason: reason, closing_report: 'Synthetic closing report.', next_review_on: null });
    for (const months of [6, 12]) {
      const due = exitAt + months * 30.4 * DAY;
      const done = due < until;
      t.post_exit_reviews.push({ id: rnd.uuid(), channel_case_id: caseId, months_after_exit: months, due_on: isoDay(due), completed_on: done ? isoDay(due) : null, outcome: done ? 'no_concerns' : null, notes: null, recorded_by: done ? chair : null, recorded_at: done ? isoInstant(due) : null });
    }
    move('closeAfterChannel', 'referred_to_channel', 'closed', exitAt, { user: null, org: null }, { channelCaseId: caseId, reason });
    close(exitAt, 'channel');
    return 'closed';
  }

  return {
    /** Every panel meeting of the period with its attendance: written before the first batch. */
    meetings(): Tables {
      return meetingTables;
    },
    /** The next `count` referrals and their records, added to `into` if given. */
    batch(count: number, into: Tables = emptyTables()): Tables {
      for (let i = 0; i < count; i++) referral(into);
      return into;
    },
    /** Events about referrals of earlier batches, to write once those batches have committed. */
    takeLateEvents(): Row[] {
      return lateEvents.splice(0);
    },
  };
}

export type Generator = ReturnType<typeof createGenerator>;
