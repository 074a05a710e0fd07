// The rules of setting up a Channel panel (CTSA 2015 s.37). A local authority's administrators set up its panel,
// alone or shared with other authorities that choose the chairing one; an authority is covered by one panel only.
// Standing members sit by agency and role (a police member from a police force, so the attendance rule can be
// checked); the chair or an administrator co-opts a member for one case, which discloses that case to them.
// Memberships end, they are never deleted. Each action is one transaction with its audit entries.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../../db/client.js';
import type { RequestContext, UserActor } from '../../../platform/access/actor.js';
import { policy, type PanelFacts } from '../../../platform/access/policy.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { londonDate } from '../../../platform/dates.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../platform/errors.js';
import { CHANNEL_CASE_PURPOSE, CHANNEL_REGIME } from '../cases/lifecycle.js';
import type { CoOptInput, MemberInput, PanelInput, PanelSettingsInput } from './panels.schemas.js';
import * as repo from './panels.repository.js';

/** Panel set-up is about staff and organisations, not about a case. */
const PANEL_REGIME = 'UK_GDPR' as const;
const PANEL_PURPOSE = 'Setting up and running a Channel panel (CTSA 2015 s.37)';
export const STALE_PANEL = 'Someone else changed this panel while you were working on it. Check its settings, then submit again: your answers are kept below.';
const POLICE_FORCE = 'police_force';
export const PAGE_SIZE = 25;

function user(ctx: RequestContext): UserActor {
  if (ctx.actor.kind !== 'user') throw new NotFoundError();
  return ctx.actor;
}

const invalid = (field: string, message: string) => new ValidationError([{ field, message }]);

/** A unique-key violation (two administrators covering the same authority at once), however the driver wraps it. */
function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } } | null;
  return e?.code === '23505' || e?.cause?.code === '23505';
}

export function createPanelsService(db: Db) {
  /** The panel with the facts the policy needs; null when it does not exist. */
  async function loadPanel(tx: Db, id: string, lock = false) {
    const panel = await repo.findPanel(tx, id, lock);
    if (!panel) return null;
    const authorities = await repo.panelAuthorities(tx, id);
    const facts: PanelFacts = { chairOrgId: panel.chairOrgId, authorityIds: authorities.map((a) => a.id) };
    return { panel, authorities, facts };
  }

  /** The panel if the actor may manage it or chairs it; 404 for anyone else (they may not know it exists). */
  async function visiblePanel(tx: Db, ctx: RequestContext, id: string, lock = false) {
    const actor = user(ctx);
    const loaded = await loadPanel(tx, id, lock);
    if (!loaded) throw new NotFoundError();
    const canManage = policy.canManagePanel(actor, loaded.facts);
    const canChair = policy.canChairPanel(actor, loaded.facts);
    if (!canManage && !canChair) throw new NotFoundError();
    return { ...loaded, actor, canManage, canChair };
  }

  async function managedPanel(tx: Db, ctx: RequestContext, id: string, lock = false) {
    const v = await visiblePanel(tx, ctx, id, lock);
    if (!v.canManage) throw new ForbiddenError('Only an administrator of an authority the panel covers can change it.');
    return v;
  }

  /**
   * The authorities a panel will cover: the actor's own always, each a local authority, the chair among them, none
   * covered by another panel. Errors name the field the person can fix.
   */
  async function checkCoverage(tx: Db, actor: UserActor, input: PanelInput, panelId: string | null): Promise<string[]> {
    const ids = [...new Set([actor.organisation.id, ...input.authorityIds])];
    const found = await repo.organisationsByIds(tx, ids);
    if (found.length !== ids.length || found.some((o) => o.kind !== 'local_authority')) throw invalid('authorityIds', 'Select local authorities from the list');
    if (!ids.includes(input.chairOrgId)) throw invalid('chairOrgId', 'The chairing authority must be one of the authorities the panel covers');
    const taken = await repo.coveringPanels(tx, ids, panelId);
    if (taken.length) {
      const t = taken[0]!;
      throw invalid('authorityIds', `${t.authorityName} is already covered by ${t.panelName}: an authority can be covered by one panel only`);
    }
    return ids;
  }

  /** Resolves who the member is: an account (by email) or a named person, and applies the police rule. */
  async function memberRow(tx: Db, panelId: string, input: MemberInput | CoOptInput, channelCaseId: string | null): Promise<repo.NewPanelMember> {
    const common = { id: randomUUID(), panelId, agency: input.agency, role: input.role, canDecide: input.canDecide, channelCaseId, startedOn: londonDate(new Date()) };
    const policeFrom = (kind: string | null, field: string) => {
      if (input.agency === 'police' && kind !== POLICE_FORCE) throw invalid(field, 'A police member must be from a police force on this service, so that the police attendance rule can be checked');
    };
    if (input.who === 'user') {
      const account = await repo.activeUserByEmail(tx, input.email);
      if (!account) throw invalid('email', 'There is no active account with that email address. Check it, or add them as a person without an account');
      if (await repo.isCurrentMember(tx, panelId, account.id, channelCaseId)) throw invalid('email', `${account.displayName} is already a member of this panel${channelCaseId ? ' for this case' : ''}`);
      policeFrom(account.organisationKind, 'email');
      return { ...common, userId: account.id, name: account.displayName, organisationId: account.organisationId, organisationName: account.organisationName };
    }
    if (input.organisationId) {
      const [org] = await repo.organisationsByIds(tx, [input.organisationId]);
      if (!org) throw invalid('organisationId', 'Select their organisation from the list');
      policeFrom(org.kind, 'organisationId');
      return { ...common, userId: null, name: input.name, organisationId: org.id, organisationName: org.name };
    }
    policeFrom(null, 'organisationId');
    return { ...common, userId: null, name: input.name, organisationId: null, organisationName: input.organisationName! };
  }

  return {
    /** Panels covering the administrator's authority, or chaired by the chair's authority. */
    async list(ctx: RequestContext, page: number) {
      const actor = user(ctx);
      const where = policy.canCreatePanel(actor) ? { coveringOrgId: actor.organisation.id } : policy.canChairPanel(actor, { chairOrgId: actor.organisation.id }) ? { chairOrgId: actor.organisation.id } : null;
      if (!where) throw new NotFoundError();
      return db.transaction(async (tx) => {
        const result = await repo.listPanels(tx, where, PAGE_SIZE, (page - 1) * PAGE_SIZE);
        if (result.items.length) {
          await recordAudit(tx, ctx, { action: 'consultation', event: 'channel.panels_listed', recordType: 'channel_panel', recordIds: result.items.map((p) => p.id), purpose: PANEL_PURPOSE, regime: PANEL_REGIME });
        }
        return { ...result, page, pageSize: PAGE_SIZE, canCreate: policy.canCreatePanel(actor) };
      });
    },

    /** What the new-panel form offers: the local authorities (the actor's own first, always covered). */
    async newPanelContext(ctx: RequestContext) {
      const actor = user(ctx);
      if (!policy.canCreatePanel(actor)) throw new NotFoundError();
      const all = await repo.allOrganisations(db);
      return { own: { id: actor.organisation.id, name: actor.organisation.name }, localAuthorities: all.filter((o) => o.kind === 'local_authority') };
    },

    async create(ctx: RequestContext, input: PanelInput): Promise<string> {
      const actor = user(ctx);
      if (!policy.canCreatePanel(actor)) throw new NotFoundError();
      const id = randomUUID();
      try {
        await db.transaction(async (tx) => {
          const ids = await checkCoverage(tx, actor, input, null);
          await repo.insertPanel(tx, { id, name: input.name, chairOrgId: input.chairOrgId, reviewIntervalDays: input.reviewIntervalDays, createdBy: actor.userId });
          await repo.setPanelAuthorities(tx, id, ids);
          await recordAudit(tx, ctx, { action: 'collection', event: 'channel.panel_created', recordType: 'channel_panel', recordIds: [id, ...ids], purpose: PANEL_PURPOSE, regime: PANEL_REGIME });
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw invalid('authorityIds', 'One of these authorities was covered by another panel a moment ago: check the list and submit again');
        throw err;
      }
      return id;
    },

    /** The panel page: settings and members; audited as a consultation of the panel. */
    async view(ctx: RequestContext, id: string) {
      return db.transaction(async (tx) => {
        const v = await visiblePanel(tx, ctx, id);
        const members = await repo.listMembers(tx, id);
        await recordAudit(tx, ctx, { action: 'consultation', event: 'channel.panel_viewed', recordType: 'channel_panel', recordIds: [id], purpose: PANEL_PURPOSE, regime: PANEL_REGIME });
        const chair = v.authorities.find((a) => a.id === v.panel.chairOrgId) ?? { id: v.panel.chairOrgId, name: (await repo.organisationsByIds(tx, [v.panel.chairOrgId]))[0]?.name ?? '' };
        return { panel: v.panel, authorities: v.authorities, chair, members, canManage: v.canManage, canChair: v.canChair, own: { id: v.actor.organisation.id, name: v.actor.organisation.name } };
      });
    },

    /** The local authorities offered by the settings form (only to those who may change it). */
    async localAuthorities() {
      return (await repo.allOrganisations(db)).filter((o) => o.kind === 'local_authority');
    },

    async updateSettings(ctx: RequestContext, id: string, input: PanelSettingsInput): Promise<number> {
      try {
        return await db.transaction(async (tx) => {
          const v = await managedPanel(tx, ctx, id, true);
          const ids = await checkCoverage(tx, v.actor, input, id);
          // An authority with open cases keeps its panel: dropping it would leave those people with none.
          const [stranded] = await repo.authoritiesWithOpenCases(tx, v.facts.authorityIds.filter((a) => !ids.includes(a)));
          if (stranded) throw invalid('authorityIds', `${stranded} still has open Channel cases on this panel: keep it covered until they have a panel elsewhere`);
          const next = await repo.updatePanel(tx, id, input.version, { name: input.name, chairOrgId: input.chairOrgId, reviewIntervalDays: input.reviewIntervalDays });
          if (next === null) throw new ConflictError(STALE_PANEL, 'stale');
          await repo.setPanelAuthorities(tx, id, ids);
          await recordAudit(tx, ctx, { action: 'alteration', event: 'channel.panel_changed', recordType: 'channel_panel', recordIds: [id, ...ids], purpose: PANEL_PURPOSE, regime: PANEL_REGIME });
          return next;
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw invalid('authorityIds', 'One of these authorities was covered by another panel a moment ago: check the list and submit again');
        throw err;
      }
    },

    /** For the member forms: the panel, and the organisations a member may come from. */
    async memberFormContext(ctx: RequestContext, id: string, purpose: 'standing' | 'co-opt') {
      const v = await db.transaction((tx) => (purpose === 'standing' ? managedPanel(tx, ctx, id) : visiblePanel(tx, ctx, id)));
      return { panel: v.panel, organisations: await repo.allOrganisations(db) };
    },

    async addMember(ctx: RequestContext, id: string, input: MemberInput): Promise<string> {
      return db.transaction(async (tx) => {
        await managedPanel(tx, ctx, id, true);
        const row = await memberRow(tx, id, input, null);
        await repo.insertMember(tx, row);
        await recordAudit(tx, ctx, { action: 'collection', event: 'channel.panel_member_added', recordType: 'channel_panel', recordIds: [id, row.id!], purpose: PANEL_PURPOSE, regime: PANEL_REGIME });
        return row.id!;
      });
    },

    /** Ends a membership today. A standing membership is the administrators'; a co-opted one also the chair's. */
    async endMember(ctx: RequestContext, id: string, memberId: string): Promise<void> {
      await db.transaction(async (tx) => {
        const v = await visiblePanel(tx, ctx, id, true);
        const member = await repo.findMember(tx, id, memberId);
        if (!member) throw new NotFoundError();
        if (!v.canManage && !(v.canChair && member.channelCaseId)) throw new ForbiddenError('Only an administrator of an authority the panel covers can end a standing membership.');
        if (!(await repo.endMember(tx, memberId, londonDate(new Date())))) throw new ConflictError(`${member.name}’s membership has already ended.`);
        await recordAudit(tx, ctx, { action: 'alteration', event: 'channel.panel_member_ended', recordType: 'channel_panel', recordIds: [id, memberId], purpose: PANEL_PURPOSE, regime: PANEL_REGIME });
      });
    },

    /** The co-opt form: the panel's open cases by reference and name (a consultation of those cases). */
    async coOptContext(ctx: RequestContext, id: string) {
      return db.transaction(async (tx) => {
        const v = await visiblePanel(tx, ctx, id);
        const cases = await repo.openCasesOfPanel(tx, id);
        if (cases.length) {
          await recordAudit(tx, ctx, { action: 'consultation', event: 'channel.co_opt_cases_listed', recordType: 'channel_case', recordIds: cases.map((c) => c.id), purpose: CHANNEL_CASE_PURPOSE, regime: CHANNEL_REGIME });
        }
        return { panel: v.panel, cases, organisations: await repo.allOrganisations(tx) };
      });
    },

    /** Co-opts a member for one open case of the panel (s.37(4)); they may then read that case's meeting pack. */
    async coOpt(ctx: RequestContext, id: string, input: CoOptInput): Promise<string> {
      return db.transaction(async (tx) => {
        await visiblePanel(tx, ctx, id, true);
        const [open] = await repo.openCasesOfPanel(tx, id, input.channelCaseId);
        if (!open) throw invalid('channelCaseId', 'Select a case of this panel that is awaiting the panel or adopted');
        const row = await memberRow(tx, id, input, open.id);
        await repo.insertMember(tx, row);
        await recordAudit(tx, ctx, { action: 'collection', event: 'channel.panel_member_co_opted', recordType: 'channel_panel', recordIds: [id, row.id!], purpose: PANEL_PURPOSE, regime: PANEL_REGIME });
        await recordAudit(tx, ctx, {
          action: 'disclosure',
          event: 'channel.shared.co_opted_member',
          recordType: 'channel_case',
          recordIds: [open.id, row.id!],
          purpose: 'Co-opting a member to the Channel panel for this case (CTSA 2015 s.37(4))',
          recipients: [row.userId ?? row.name],
          regime: CHANNEL_REGIME,
        });
        return row.id!;
      });
    },
  };
}

export type PanelsService = ReturnType<typeof createPanelsService>;
