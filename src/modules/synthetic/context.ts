// The organisations, users, panels and providers synthetic referrals hang off: the demo ones where they exist
// (West Midlands and the Met, Birmingham's panel, the demo providers) and, for every other police force, a
// generated force, officers, a council with its Channel panel and chair, a school and an NHS trust.
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { hashPassword } from '../../platform/auth/passwords.js';
import { loadBankHolidays } from '../organisations/organisations.repository.js';
import { insertRows, type Row } from './bulkInsert.js';
import { createRandom } from './random.js';
import { rowsOf } from '../../db/rows.js';

export interface ForceContext {
  code: string;
  region: string;
  postcodeArea: string;
  policeOrgId: string;
  officerId: string;
  supervisorId: string;
  localAuthorityIds: string[];
  chairIdByLa: Record<string, string>;
  /** The panel covering each council, with the standing members who attend every meeting (chair and police). */
  panelByLa: Record<string, PanelContext>;
  schoolId: string;
  nhsTrustId: string;
}

export interface PanelContext {
  panelId: string;
  chairMemberId: string;
  policeMemberId: string;
}

export interface SyntheticContext {
  forces: ForceContext[];
  prisonId: string;
  probationId: string;
  providerIds: string[];
  interventionTypes: string[];
  /** Current factors of the vulnerability assessment framework, for the assessments recorded before a panel. */
  vafFactorCodes: string[];
  holidays: Set<string>;
}


/** Existing demo organisations per force, by code: these keep their demo users and panels. */
const DEMO_FORCE_ORGS: Record<string, { police: string; officer: string; supervisor: string; las: string[]; school: string; nhs: string }> = {
  'west-midlands': { police: 'west-midlands-police', officer: 'officer@westmidlands.example', supervisor: 'supervisor@westmidlands.example', las: ['birmingham', 'sandwell'], school: 'northfield-academy', nhs: 'bsmhft' },
};

/** Creates what is missing (idempotently, by code and email) and returns the ids to generate against. */
export async function prepareContext(db: Db): Promise<SyntheticContext> {
  const forces = rowsOf<{ code: string; region: string; area: string | null }>(
    await db.execute(sql`SELECT f.code, f.region, (SELECT min(a.area) FROM postcode_area_forces a WHERE a.force_code = f.code) AS area FROM police_forces f ORDER BY f.code`),
  ).filter((f) => f.area !== null);
  // Ids of generated rows come from a fixed seed, so two databases seeded alike hold the same ids.
  const rnd = createRandom(0x5eed);
  const orgs: Row[] = [];
  const users: Row[] = [];
  const passwordHash = await hashPassword(randomBytes(24).toString('base64url'));
  const addOrg = (code: string, name: string, kind: string, forceCode: string | null) => orgs.push({ id: rnd.uuid(), code, name, kind, force_code: forceCode, prevent_duty: true });
  const addUser = (email: string, orgCode: string, name: string, roles: string[]) => users.push({ id: rnd.uuid(), org_code: orgCode, email, display_name: name, roles });
  for (const f of forces) {
    const demo = DEMO_FORCE_ORGS[f.code];
    if (demo) continue;
    addOrg(`synthetic-police-${f.code}`, `${f.code} police (synthetic)`, 'police_force', f.code);
    addOrg(`synthetic-la-${f.code}`, `${f.code} council (synthetic)`, 'local_authority', null);
    addOrg(`synthetic-school-${f.code}`, `${f.code} academy (synthetic)`, 'school', null);
    addOrg(`synthetic-nhs-${f.code}`, `${f.code} NHS trust (synthetic)`, 'nhs_trust', null);
    addUser(`officer@${f.code}.synthetic.example`, `synthetic-police-${f.code}`, `Officer ${f.code}`, ['prevent_officer']);
    addUser(`supervisor@${f.code}.synthetic.example`, `synthetic-police-${f.code}`, `Supervisor ${f.code}`, ['prevent_officer', 'prevent_supervisor']);
    addUser(`chair@${f.code}.synthetic.example`, `synthetic-la-${f.code}`, `Chair ${f.code}`, ['channel_chair']);
  }
  // A force organisation may already exist for the force (the demo Met): keep it rather than add a second.
  const existingForces = new Set(rowsOf<{ force_code: string }>(await db.execute(sql`SELECT force_code FROM organisations WHERE kind = 'police_force' AND force_code IS NOT NULL`)).map((r) => r.force_code));
  const newOrgs = orgs.filter((o) => !(o.kind === 'police_force' && existingForces.has(o.force_code as string)));
  await db.execute(sql`INSERT INTO organisations (id, code, name, kind, force_code, prevent_duty)
    SELECT id, code, name, kind, force_code, prevent_duty FROM json_populate_recordset(NULL::organisations, ${JSON.stringify(newOrgs)}::json) ON CONFLICT DO NOTHING`);
  const orgId = new Map(rowsOf<{ id: string; code: string }>(await db.execute(sql`SELECT id, code FROM organisations`)).map((r) => [r.code, r.id]));
  const forceOrg = new Map(rowsOf<{ id: string; force_code: string }>(await db.execute(sql`SELECT id, force_code FROM organisations WHERE kind = 'police_force'`)).map((r) => [r.force_code, r.id]));
  const userRows = users.map(({ org_code, ...u }) => ({ ...u, organisation_id: forceOrg.get(String(org_code).replace('synthetic-police-', '')) && String(org_code).startsWith('synthetic-police-') ? forceOrg.get(String(org_code).replace('synthetic-police-', '')) : orgId.get(String(org_code)), password_hash: passwordHash }));
  await db.execute(sql`INSERT INTO users (id, organisation_id, email, display_name, roles, password_hash)
    SELECT id, organisation_id, email, display_name, roles, password_hash FROM json_populate_recordset(NULL::users, ${JSON.stringify(userRows)}::json) ON CONFLICT DO NOTHING`);
  const userId = new Map(rowsOf<{ id: string; email: string }>(await db.execute(sql`SELECT id, lower(email) AS email FROM users`)).map((r) => [r.email, r.id]));
  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`Synthetic data needs ${what}: seed the demo data first`);
    return v;
  };

  const result: Array<Omit<ForceContext, 'panelByLa'>> = forces.map((f) => {
    const demo = DEMO_FORCE_ORGS[f.code];
    const las = demo ? demo.las.map((c) => need(orgId.get(c), c)) : [need(orgId.get(`synthetic-la-${f.code}`), f.code)];
    const chair = demo ? need(userId.get('chair@birmingham.example'), 'the demo chair') : need(userId.get(`chair@${f.code}.synthetic.example`), 'a chair');
    return {
      code: f.code,
      region: f.region,
      postcodeArea: f.area!,
      policeOrgId: need(forceOrg.get(f.code), `the ${f.code} force`),
      officerId: need(userId.get(demo?.officer ?? `officer@${f.code}.synthetic.example`), 'an officer'),
      supervisorId: need(userId.get(demo?.supervisor ?? `supervisor@${f.code}.synthetic.example`), 'a supervisor'),
      localAuthorityIds: las,
      chairIdByLa: Object.fromEntries(las.map((la) => [la, chair])),
      schoolId: need(orgId.get(demo?.school ?? `synthetic-school-${f.code}`), 'a school'),
      nhsTrustId: need(orgId.get(demo?.nhs ?? `synthetic-nhs-${f.code}`), 'an NHS trust'),
    };
  });

  // Every council gets a Channel panel it chairs, unless one already covers it (Birmingham's, Sandwell's).
  const covered = new Set(rowsOf<{ id: string }>(await db.execute(sql`SELECT local_authority_id AS id FROM channel_panel_authorities`)).map((r) => r.id));
  const panels: Row[] = [];
  const panelAuthorities: Row[] = [];
  const members: Row[] = [];
  const created = new Date().toISOString();
  for (const f of result) {
    for (const la of f.localAuthorityIds) {
      if (covered.has(la)) continue;
      const id = rnd.uuid();
      panels.push({ id, name: `${f.code} Channel Panel (synthetic)`, chair_org_id: la, review_interval_days: 30, version: 1, created_at: created });
      panelAuthorities.push({ local_authority_id: la, panel_id: id });
      const member = (userId: string, name: string, organisationId: string, organisationName: string, agency: string, role: string) =>
        members.push({ id: rnd.uuid(), panel_id: id, user_id: userId, name, organisation_id: organisationId, organisation_name: organisationName, agency, role, can_decide: true, channel_case_id: null, started_on: '2010-01-01', ended_on: null, created_at: created });
      member(f.chairIdByLa[la]!, `Chair ${f.code}`, la, `${f.code} council (synthetic)`, 'local_authority', 'Channel chair');
      member(f.officerId, `Officer ${f.code}`, f.policeOrgId, `${f.code} police (synthetic)`, 'police', 'Prevent officer');
    }
  }
  await insertRows(db, 'channel_panels', panels);
  await insertRows(db, 'channel_panel_authorities', panelAuthorities);
  await insertRows(db, 'panel_members', members);
  const standing = (agency: string) => sql`(SELECT m.id FROM panel_members m WHERE m.panel_id = a.panel_id AND m.agency = ${agency} AND m.channel_case_id IS NULL AND m.ended_on IS NULL ORDER BY m.created_at, m.id LIMIT 1)`;
  const panelRows = rowsOf<{ la: string; panelId: string; chairMemberId: string | null; policeMemberId: string | null }>(
    await db.execute(sql`SELECT a.local_authority_id AS la, a.panel_id AS "panelId", ${standing('local_authority')} AS "chairMemberId", ${standing('police')} AS "policeMemberId" FROM channel_panel_authorities a`),
  );
  const panelOf = new Map(panelRows.map((r) => [r.la, r]));
  const withPanels: ForceContext[] = result.map((f) => ({
    ...f,
    panelByLa: Object.fromEntries(
      f.localAuthorityIds.map((la) => {
        const p = need(panelOf.get(la), 'a Channel panel for every council');
        return [la, { panelId: p.panelId, chairMemberId: need(p.chairMemberId ?? undefined, 'a chair on every panel'), policeMemberId: need(p.policeMemberId ?? undefined, 'a police member on every panel') }];
      }),
    ),
  }));

  const providerIds = rowsOf<{ id: string }>(await db.execute(sql`SELECT id FROM intervention_providers WHERE approval_status = 'approved' ORDER BY name`)).map((r) => r.id);
  const interventionTypes = rowsOf<{ code: string }>(await db.execute(sql`SELECT code FROM intervention_types WHERE active AND NOT needs_approved_provider ORDER BY sort_order`)).map((r) => r.code);
  if (providerIds.length === 0) throw new Error('Synthetic data needs an approved intervention provider: seed the demo data first');
  const vafFactorCodes = rowsOf<{ code: string }>(await db.execute(sql`SELECT code FROM vaf_factors WHERE active ORDER BY code LIMIT 3`)).map((r) => r.code);
  return {
    forces: withPanels,
    vafFactorCodes,
    prisonId: need(orgId.get('hmp-birmingham'), 'the demo prison'),
    probationId: need(orgId.get('probation-west-midlands'), 'the demo probation service'),
    providerIds,
    interventionTypes,
    holidays: await loadBankHolidays(db),
  };
}
