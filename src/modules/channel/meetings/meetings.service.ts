// The rules of a Channel panel's meetings (CTSA 2015 ss.36-38). The chair schedules a meeting, builds its agenda
// from the cases waiting for the panel or due for review, publishes the pack, records who attended, each
// agency's contribution and the panel's decision per case, and closes the meeting. Members read the pack only
// for the cases on the agenda (co-opted members only their case), and every read is a disclosure. No decision
// is recorded unless the police of the person's area attended (s.37). Each call is one transaction; decisions
// move the case through the shared workflow (channelCaseSteps.ts, lifecycle.ts), which checks policy and version.
import { randomUUID } from 'node:crypto';
import type { Config } from '../../../config.js';
import type { Db } from '../../../db/client.js';
import type { RequestContext, UserActor } from '../../../platform/access/actor.js';
import { policy } from '../../../platform/access/policy.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { addDays, londonDate } from '../../../platform/dates.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../platform/errors.js';
import { concernLabels } from '../../gateway/gateway.repository.js';
import { listLocalAuthorities } from '../../organisations/organisations.repository.js';
import { currentConcernTypes, latestChannelReferral, referralForPanel } from '../channel.repository.js';
import { loadChannelCase, type LoadedChannelCase } from '../cases/channelCase.repository.js';
import { moveChannelCase, type ChannelAfterAction } from '../cases/channelCaseSteps.js';
import { afterNotAdopted, CHANNEL_CASE_PURPOSE, CHANNEL_REGIME, exitCase, transferCase } from '../cases/lifecycle.js';
import { londonInstant } from './meetingTime.js';
import * as repo from './meetings.repository.js';
import { NEW_CASE_DECISIONS, REVIEW_DECISIONS, type AttendanceInput, type DecisionInput, type MeetingInput } from './meetings.schemas.js';
import { inTurn } from '../../../db/inTurn.js';

export const MEETING_PURPOSE = 'Channel panel meeting (CTSA 2015 ss.36-37)';
export const PACK_PURPOSE = 'Meeting pack for the Channel panel’s discussion of the cases on the agenda (CTSA 2015 ss.36-38)';
export const STALE_MEETING = 'Someone else changed this meeting while you were working on it. Reload the page and try again.';
export const POLICE_ABSENT =
  'No decision can be recorded: nobody from the police force for the area where the person lives attended this meeting (Counter-Terrorism and Security Act 2015, section 37). Record their attendance first.';

export interface MeetingAccess {
  actor: UserActor;
  meeting: repo.MeetingRow;
  panel: repo.PanelRow;
  isChair: boolean;
  standing: boolean;
  /** Agenda cases the actor is co-opted for. */
  coOptedCaseIds: string[];
  agenda: repo.AgendaRow[];
}

const meetingDay = (m: repo.MeetingRow) => londonDate(m.meetsAt);

function user(ctx: RequestContext): UserActor {
  if (ctx.actor.kind !== 'user') throw new NotFoundError();
  return ctx.actor;
}

/** A meeting the actor may see (its chair, a standing member, or co-opted for a case on it); anyone else: 404. */
async function access(tx: Db, ctx: RequestContext, id: string, lock = false): Promise<MeetingAccess> {
  const actor = user(ctx);
  const found = await repo.findMeeting(tx, id, lock);
  if (!found) throw new NotFoundError();
  const [membership, agenda] = await inTurn(
    () => repo.membershipOf(tx, found.panel.id, actor.userId),
    () => repo.agendaOf(tx, id),
  );
  const onAgenda = new Set(agenda.map((a) => a.channelCaseId));
  const coOptedCaseIds = membership.coOptedCaseIds.filter((c) => onAgenda.has(c));
  const isChair = policy.canChairPanel(actor, found.panel);
  if (!isChair && !membership.standing && !coOptedCaseIds.length) throw new NotFoundError();
  return { actor, ...found, isChair, standing: membership.standing, coOptedCaseIds, agenda };
}

function chairOnly(a: MeetingAccess): void {
  if (!a.isChair) throw new ForbiddenError('Only the panel’s chair can do this. Members read the meeting pack once it is published.');
}

function open(a: MeetingAccess): void {
  if (a.meeting.status === 'closed') throw new ConflictError('This meeting is closed: nothing more can be recorded for it.', 'meeting-closed');
}

async function bump(tx: Db, a: MeetingAccess, version: number, changes: Parameters<typeof repo.updateMeeting>[3] = {}): Promise<number> {
  const v = await repo.updateMeeting(tx, a.meeting.id, version, changes);
  if (v === null) throw new ConflictError(STALE_MEETING, 'stale');
  return v;
}

const audit = (tx: Db, ctx: RequestContext, action: 'collection' | 'alteration' | 'consultation', event: string, recordType: string, recordIds: string[]) =>
  recordAudit(tx, ctx, { action, event, recordType, recordIds, purpose: MEETING_PURPOSE, regime: CHANNEL_REGIME });

export function createMeetingsService(db: Db, config: Config) {
  /** The panels the actor may schedule meetings for: 403 for a panel member who does not chair, 404 for others. */
  async function chairedPanels(ctx: RequestContext) {
    const actor = user(ctx);
    const chaired = hasChairRole(actor) ? await repo.panelsChairedBy(db, actor.organisation.id) : [];
    if (chaired.length) return chaired;
    if (await repo.hasAnyMembership(db, actor.userId)) throw new ForbiddenError('Only a panel’s chair can schedule its meetings.');
    throw new NotFoundError();
  }

  return {
    chairedPanels,

    /** The meetings of the actor's panels, upcoming first; 404 for anyone with no place on a panel. */
    async list(ctx: RequestContext, page: number, pageSize = 20) {
      const actor = user(ctx);
      return db.transaction(async (tx) => {
        const chaired = hasChairRole(actor) ? await repo.panelsChairedBy(tx, actor.organisation.id) : [];
        if (!chaired.length && !(await repo.hasAnyMembership(tx, actor.userId))) throw new NotFoundError();
        const result = await repo.listMeetingsFor(tx, { userId: actor.userId, chairOrgId: chaired.length ? actor.organisation.id : null }, new Date(), pageSize, (page - 1) * pageSize);
        if (result.items.length) await audit(tx, ctx, 'consultation', 'channel.meetings_listed', 'panel_meeting', result.items.map((i) => i.id));
        return { items: result.items.map((m) => ({ ...m, isChair: policy.canChairPanel(actor, m) })), total: result.total, page, pageSize, canSchedule: chaired.length > 0 };
      });
    },

    async create(ctx: RequestContext, input: MeetingInput) {
      const panels = await chairedPanels(ctx);
      const panel = panels.find((p) => p.id === input.panelId);
      if (!panel) throw new ValidationError([{ field: 'panelId', message: 'Select a panel you chair' }]);
      const actor = user(ctx);
      return db.transaction(async (tx) => {
        const id = randomUUID();
        await repo.insertMeeting(tx, { id, panelId: panel.id, meetsAt: londonInstant(input.date, input.time), location: input.location, status: 'scheduled', createdBy: actor.userId });
        await audit(tx, ctx, 'collection', 'channel.meeting_scheduled', 'panel_meeting', [id]);
        return { id, status: 'scheduled' as const, version: 1 };
      });
    },

    /** The chair's view of a meeting: agenda, candidates while it can change, attendance. A consultation of the cases named. */
    async meeting(ctx: RequestContext, id: string) {
      return db.transaction(async (tx) => {
        const a = await access(tx, ctx, id);
        chairOnly(a);
        const authorities = await repo.panelAuthorityIds(tx, a.panel.id);
        const candidates = a.meeting.status === 'scheduled' ? await repo.agendaCandidates(tx, id, authorities, meetingDay(a.meeting)) : [];
        const attendance = await repo.attendanceOf(tx, id);
        const shown = [...a.agenda.map((i) => i.channelCaseId), ...candidates.map((c) => c.channelCaseId)];
        if (shown.length) await audit(tx, ctx, 'consultation', 'channel.meeting_agenda_viewed', 'channel_case', shown);
        return { ...a, candidates, attendance };
      });
    },

    async addItem(ctx: RequestContext, id: string, input: { channelCaseId: string; version: number }) {
      return db.transaction(async (tx) => {
        const a = await access(tx, ctx, id, true);
        chairOnly(a);
        if (a.meeting.status !== 'scheduled') throw new ConflictError('The pack is published: the agenda can no longer change.', 'agenda-fixed');
        const authorities = await repo.panelAuthorityIds(tx, a.panel.id);
        const [candidate] = await repo.agendaCandidates(tx, id, authorities, meetingDay(a.meeting), input.channelCaseId);
        if (!candidate) throw new ValidationError([{ field: 'channelCaseId', message: 'Select a case waiting for this panel or due for review by the meeting, not already on the agenda' }]);
        const version = await bump(tx, a, input.version);
        const itemId = randomUUID();
        const position = await repo.nextPosition(tx, id);
        await repo.insertAgendaItem(tx, { id: itemId, meetingId: id, channelCaseId: candidate.channelCaseId, kind: candidate.kind, position });
        await audit(tx, ctx, 'collection', 'channel.agenda_item_added', 'channel_case', [candidate.channelCaseId, itemId]);
        return { id, status: a.meeting.status as 'scheduled', version, itemId, kind: candidate.kind, position };
      });
    },

    async removeItem(ctx: RequestContext, id: string, itemId: string, input: { version: number }) {
      return db.transaction(async (tx) => {
        const a = await access(tx, ctx, id, true);
        chairOnly(a);
        const item = a.agenda.find((i) => i.id === itemId);
        if (!item) throw new NotFoundError();
        if (a.meeting.status !== 'scheduled') throw new ConflictError('The pack is published: the agenda can no longer change.', 'agenda-fixed');
        if (await repo.itemHasRecords(tx, itemId)) throw new ConflictError('Something is already recorded for this item, so it stays on the agenda.', 'item-in-use');
        const version = await bump(tx, a, input.version);
        await repo.deleteAgendaItem(tx, itemId);
        await audit(tx, ctx, 'alteration', 'channel.agenda_item_removed', 'channel_case', [item.channelCaseId, itemId]);
        return { id, status: a.meeting.status as 'scheduled', version };
      });
    },

    async publish(ctx: RequestContext, id: string, input: { version: number }) {
      return db.transaction(async (tx) => {
        const a = await access(tx, ctx, id, true);
        chairOnly(a);
        if (a.meeting.status !== 'scheduled') throw new ConflictError('The meeting pack is already published.', 'illegal-transition');
        if (!a.agenda.length) throw new ConflictError('Add at least one case to the agenda before publishing the pack.', 'empty-agenda');
        const version = await bump(tx, a, input.version, { status: 'pack_published', packPublishedAt: new Date() });
        await audit(tx, ctx, 'alteration', 'channel.meeting_pack_published', 'panel_meeting', [id]);
        return { id, status: 'pack_published' as const, version };
      });
    },

    async close(ctx: RequestContext, id: string, input: { version: number }) {
      return db.transaction(async (tx) => {
        const a = await access(tx, ctx, id, true);
        chairOnly(a);
        open(a);
        if (a.meeting.status !== 'pack_published') throw new ConflictError('Publish the meeting pack before closing the meeting.', 'illegal-transition');
        const version = await bump(tx, a, input.version, { status: 'closed' });
        await audit(tx, ctx, 'alteration', 'channel.meeting_closed', 'panel_meeting', [id]);
        return { id, status: 'closed' as const, version };
      });
    },

    /** Who may be recorded as attending, and who is. */
    async attendanceForm(ctx: RequestContext, id: string) {
      return db.transaction(async (tx) => {
        const a = await access(tx, ctx, id);
        chairOnly(a);
        const [members, attendance] = await inTurn(
          () => repo.eligibleMembers(tx, a.panel.id, a.agenda.map((i) => i.channelCaseId)),
          () => repo.attendanceOf(tx, id),
        );
        return { ...a, members, attendance };
      });
    },

    async recordAttendance(ctx: RequestContext, id: string, input: AttendanceInput) {
      return db.transaction(async (tx) => {
        const a = await access(tx, ctx, id, true);
        chairOnly(a);
        open(a);
        const members = await repo.eligibleMembers(tx, a.panel.id, a.agenda.map((i) => i.channelCaseId));
        const eligible = new Set(members.map((m) => m.id));
        const ids = input.attendees.map((x) => x.memberId);
        if (ids.some((m) => !eligible.has(m)) || new Set(ids).size !== ids.length) {
          throw new ValidationError([{ field: 'attendees', message: 'Select members of this panel, or members co-opted for a case on the agenda, once each' }]);
        }
        const version = await bump(tx, a, input.version);
        const now = new Date();
        await repo.replaceAttendance(
          tx,
          id,
          input.attendees.map((x) => ({ id: randomUUID(), meetingId: id, memberId: x.memberId, canDecide: x.canDecide, conflicts: x.conflicts ?? null, recordedBy: a.actor.userId, recordedAt: now })),
        );
        await audit(tx, ctx, 'alteration', 'channel.meeting_attendance_recorded', 'panel_meeting', [id]);
        return { id, status: a.meeting.status as 'scheduled' | 'pack_published', version };
      });
    },

    /** One agenda item as the chair works on it: contributions, the decision, whether the police are present. */
    async item(ctx: RequestContext, id: string, itemId: string) {
      return db.transaction(async (tx) => {
        const a = await access(tx, ctx, id);
        chairOnly(a);
        const item = a.agenda.find((i) => i.id === itemId);
        if (!item) throw new NotFoundError();
        const [contributions, decision, members, policePresent, authorities] = await inTurn(
          () => repo.contributionsOf(tx, itemId),
          () => repo.decisionOfItem(tx, itemId),
          () => repo.eligibleMembers(tx, a.panel.id, [item.channelCaseId]),
          () => repo.policeAttended(tx, id, item.policeOrgId),
          () => listLocalAuthorities(tx),
        );
        await audit(tx, ctx, 'consultation', 'channel.agenda_item_viewed', 'channel_case', [item.channelCaseId]);
        return { ...a, item, contributions, decision, members: members.filter((m) => m.channelCaseId === null || m.channelCaseId === item.channelCaseId), policePresent, localAuthorities: authorities };
      });
    },

    async addContribution(ctx: RequestContext, id: string, itemId: string, input: { memberId: string; contribution: string }) {
      return db.transaction(async (tx) => {
        const a = await access(tx, ctx, id, true);
        chairOnly(a);
        const item = a.agenda.find((i) => i.id === itemId);
        if (!item) throw new NotFoundError();
        open(a);
        const members = await repo.eligibleMembers(tx, a.panel.id, [item.channelCaseId]);
        if (!members.some((m) => m.id === input.memberId && (m.channelCaseId === null || m.channelCaseId === item.channelCaseId))) {
          throw new ValidationError([{ field: 'memberId', message: 'Select a member of this panel' }]);
        }
        const contributionId = randomUUID();
        await repo.insertContribution(tx, { id: contributionId, agendaItemId: itemId, memberId: input.memberId, contribution: input.contribution, recordedBy: a.actor.userId, recordedAt: new Date() });
        await audit(tx, ctx, 'collection', 'channel.agency_contribution_recorded', 'channel_case', [item.channelCaseId, contributionId]);
        return { id: contributionId };
      });
    },

    /** The panel's decision on an agenda item: refused unless the police of the person's area attended. */
    async decide(ctx: RequestContext, id: string, itemId: string, input: DecisionInput) {
      return db.transaction(async (tx) => {
        const a = await access(tx, ctx, id, true);
        chairOnly(a);
        const item = a.agenda.find((i) => i.id === itemId);
        if (!item) throw new NotFoundError();
        open(a);
        if (await repo.decisionOfItem(tx, itemId)) throw new ConflictError('The panel’s decision on this item is already recorded.', 'already-decided');
        const loaded = await loadChannelCase(tx, item.channelCaseId, a.actor.userId, true);
        if (!loaded) throw new NotFoundError();
        if (!(await repo.policeAttended(tx, id, loaded.row.policeOrgId))) throw new ConflictError(POLICE_ABSENT, 'police-absent');
        const allowed: readonly string[] = loaded.row.state === 'awaiting_panel' ? NEW_CASE_DECISIONS : loaded.row.state === 'adopted' ? REVIEW_DECISIONS : [];
        if (!allowed.includes(input.decision)) {
          throw new ConflictError(
            loaded.row.state === 'awaiting_panel' || loaded.row.state === 'adopted'
              ? `This decision is not open for a case that is ${loaded.row.state.replace(/_/g, ' ')}.`
              : `The case is ${loaded.row.state.replace(/_/g, ' ')}: the panel can no longer decide on it at this meeting.`,
            'illegal-transition',
          );
        }
        const { after, details } = await applyDecision(tx, ctx, loaded, a, input, config);
        const decisionId = randomUUID();
        await repo.insertDecision(tx, {
          id: decisionId,
          channelCaseId: loaded.row.id,
          agendaItemId: itemId,
          decision: input.decision,
          method: input.method,
          dissent: input.dissent ?? null,
          rationale: input.rationale,
          details,
          decidedBy: a.actor.userId,
          recordedAt: new Date(),
        });
        await recordAudit(tx, ctx, { action: 'collection', event: 'channel.panel_decision_recorded', recordType: 'channel_case', recordIds: [loaded.row.id, decisionId], purpose: CHANNEL_CASE_PURPOSE, regime: CHANNEL_REGIME });
        return { id: decisionId, channelCaseId: loaded.row.id, state: after.state, version: after.version, ...(typeof details.newCaseId === 'string' ? { newCaseId: details.newCaseId } : {}) };
      });
    },

    /**
     * The meeting pack: per case on the agenda (only the actor's own case for a co-opted member; one case with
     * `caseId`), what the panel may see. Members read it once published; every read is a disclosure.
     */
    async pack(ctx: RequestContext, id: string, caseId?: string) {
      return db.transaction(async (tx) => {
        const a = await access(tx, ctx, id);
        if (!policy.canReadMeetingPack(a.actor, { chairOrgId: a.panel.chairOrgId, actorIsMember: a.standing || a.coOptedCaseIds.length > 0 })) throw new NotFoundError();
        const everything = a.isChair || a.standing;
        let items = everything ? a.agenda : a.agenda.filter((i) => a.coOptedCaseIds.includes(i.channelCaseId));
        if (caseId) items = items.filter((i) => i.channelCaseId === caseId);
        if (caseId && !items.length) throw new NotFoundError();
        if (!a.isChair && a.meeting.status === 'scheduled') throw new ForbiddenError('The meeting pack has not been published yet.');
        const cases = [];
        for (const item of items) cases.push(await casePack(tx, item));
        if (cases.length) {
          await recordAudit(tx, ctx, {
            action: 'disclosure',
            event: 'channel.meeting_pack_read',
            recordType: 'channel_case',
            recordIds: cases.map((c) => c.item.channelCaseId),
            purpose: PACK_PURPOSE,
            recipients: [a.actor.userId, a.actor.organisation.id],
            regime: CHANNEL_REGIME,
          });
        }
        return { ...a, cases, wholePack: !caseId };
      });
    },
  };
}

const hasChairRole = (actor: UserActor) => actor.roles.includes('channel_chair');

/** What the pack shows of one case: only what the panel may see (never sealed police content). */
async function casePack(tx: Db, item: repo.AgendaRow) {
  const [referral, channel, concernCodes, assessment, decisions] = await inTurn(
    () => referralForPanel(tx, item.referralId),
    () => latestChannelReferral(tx, item.referralId),
    () => currentConcernTypes(tx, item.referralId),
    () => repo.latestAssessment(tx, item.channelCaseId),
    () => repo.decisionsOfCase(tx, item.channelCaseId),
  );
  const labels = await concernLabels(tx, concernCodes ?? []);
  const adopted = item.caseState === 'adopted';
  return {
    item,
    referral,
    channel,
    concernTypes: concernCodes ? concernCodes.map((c) => labels.get(c) ?? c) : null,
    assessment,
    consent: adopted ? await repo.consentStatus(tx, item.channelCaseId) : null,
    interventions: adopted ? await repo.activeInterventions(tx, item.channelCaseId) : [],
    decisions,
  };
}
export type CasePack = Awaited<ReturnType<typeof casePack>>;

/** Moves the case as decided; returns the case's new state and version and what the decision record keeps. */
async function applyDecision(
  tx: Db,
  ctx: RequestContext,
  loaded: LoadedChannelCase,
  a: MeetingAccess,
  input: DecisionInput,
  config: Config,
): Promise<{ after: ChannelAfterAction; details: Record<string, unknown> }> {
  const nextReviewOn = addDays(meetingDay(a.meeting), a.panel.reviewIntervalDays);
  const data = { meetingId: a.meeting.id, decision: input.decision, method: input.method };
  switch (input.decision) {
    case 'adopt':
      return { after: await moveChannelCase(tx, ctx, loaded, 'adopt', input.version, { adoptedAt: new Date(), nextReviewOn }, data), details: { nextReviewOn } };
    case 'not_adopt': {
      const after = await moveChannelCase(tx, ctx, loaded, 'notAdopt', input.version, { nextReviewOn: null }, data);
      await afterNotAdopted(tx, loaded);
      const details = input.healthOrSocialCare === 'yes' ? { healthOrSocialCare: 'yes', referredTo: input.referredTo } : { healthOrSocialCare: 'no', whyNotReferred: input.whyNotReferred };
      return { after, details };
    }
    case 'defer':
      return { after: await moveChannelCase(tx, ctx, loaded, 'defer', input.version, {}, { ...data, informationNeeded: input.informationNeeded }), details: { informationNeeded: input.informationNeeded } };
    case 'continue':
      return { after: await moveChannelCase(tx, ctx, loaded, 'review', input.version, { nextReviewOn }, data), details: { nextReviewOn } };
    case 'exit': {
      const after = await exitCase(tx, ctx, loaded, { reason: input.exitReason, closingReport: input.closingReport, version: input.version }, config.retention);
      return { after, details: { exitReason: input.exitReason, closingReport: input.closingReport } };
    }
    case 'transfer': {
      const after = await transferCase(tx, ctx, loaded, { targetLocalAuthorityId: input.targetLocalAuthorityId, closingReport: input.closingReport, version: input.version });
      return { after, details: { targetLocalAuthorityId: input.targetLocalAuthorityId, closingReport: input.closingReport, newCaseId: after.newCaseId } };
    }
  }
}

export type MeetingsService = ReturnType<typeof createMeetingsService>;
