// `ct-casework stats --year … --format csv|json` prints the same suppressed tables as the page: CSV in long form
// with the notes first (lines starting with #), or JSON; bad options are refused plainly.
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { auditLog } from '../../src/db/schema.js';
import { seedDemo } from '../../src/modules/organisations/demoSeed.js';
import { findOrganisationByCode } from '../../src/modules/organisations/organisations.repository.js';
import { createReferralService } from '../../src/modules/referrals/referrals.service.js';
import { professionalReferralSchema, publicReferralSchema } from '../../src/modules/referrals/referrals.schemas.js';
import { yearOf } from '../../src/modules/statistics/definitions.js';
import { systemContext } from '../../src/platform/access/actor.js';
import { londonDate } from '../../src/platform/dates.js';
import { createCliEnvironment, type CliEnvironment } from '../support/cliEnvironment.js';

let cli: CliEnvironment;
const year = yearOf(londonDate(new Date()));
const subject = (n: number) => ({ givenName: `Cli${n}`, familyName: 'Person', gender: 'male', postcode: 'B1 1AA', dateOfBirth: '2010-01-01' });
const concern = { narrative: 'A concern', threatOfHarm: 'no', supportNeeds: [] };
const awareness = { subjectAware: 'no', parentAware: 'yes' };

beforeAll(async () => {
  cli = await createCliEnvironment();
  const database = await cli.open();
  try {
    await seedDemo(database, loadConfig({ ...process.env, NODE_ENV: 'test' }));
    const referrals = createReferralService(database.db, { triageTargetWorkingDays: 5 });
    const submit = async (n: number, orgCode: string | null) => {
      const org = orgCode ? await findOrganisationByCode(database.db, orgCode) : null;
      const submission = org
        ? professionalReferralSchema.parse({ subject: subject(n), concern, awareness, professional: { name: 'A Referrer', role: 'Lead', email: 'a@example.org', safeguardingLeadConsulted: 'not_applicable' } })
        : publicReferralSchema.parse({ subject: subject(n), concern, awareness, referrer: { anonymous: true } });
      await referrals.submit(systemContext, { channel: org ? 'api' : 'public', submission, referrerUserId: null, referrerOrgId: org?.id ?? null });
    };
    // Community 7, Education 2 (hidden), Health 5 (hidden with it).
    let n = 0;
    for (const org of [...Array(7).fill(null), 'northfield-academy', 'northfield-academy', ...Array(5).fill('bsmhft')] as Array<string | null>) await submit(++n, org);
  } finally {
    await database.close();
  }
}, 120_000);
afterAll(() => cli.dispose());

describe('ct-casework stats', () => {
  it('prints CSV: the notes first, then one line per cell, suppressed as on the page', async () => {
    const { code, out } = await cli.run(['stats', '--year', year.code, '--format', 'csv']);
    expect(code).toBe(0);
    const notes = out.split('\n').filter((l) => l.startsWith('# '));
    expect(notes.join('\n')).toContain('counts from 1 to 4 are shown as [c]');
    expect(notes.join('\n')).toContain('Percentages are rounded to whole numbers');
    const rows = parse(out, { comment: '#', columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
    const sector = Object.fromEntries(rows.filter((r) => r.table === 'sector' && r.column === 'Referrals').map((r) => [r.row, r.value]));
    expect(sector).toEqual({
      Education: '[c]',
      Police: '0',
      'Local authority': '0',
      Health: '[c]',
      Prisons: '0',
      Probation: '0',
      'Community, friends and family': '7',
      Other: '0',
      Total: '14',
    });
    expect(rows.find((r) => r.table === 'journey' && r.row === 'Referred' && r.column === 'Number')?.value).toBe('14');
  });

  it('prints JSON with the same tables, and audits the export as the system’s', async () => {
    const { code, out } = await cli.run(['stats', '--year', year.code, '--format', 'json']);
    expect(code).toBe(0);
    const p = JSON.parse(out) as { year: string; provisional: boolean; tables: Array<{ id: string; rows: Array<{ label: string; values: unknown[] }>; total: { values: unknown[] } | null }> };
    expect(p.year).toBe(year.code);
    const sector = p.tables.find((t) => t.id === 'sector')!;
    expect(sector.rows.find((r) => r.label === 'Education')?.values).toEqual(['[c]', '[c]']);
    expect(sector.rows.find((r) => r.label === 'Community, friends and family')?.values).toEqual([7, 50]);
    expect(sector.total?.values).toEqual([14, 100]);
    const database = await cli.open();
    try {
      const audits = await database.db.select().from(auditLog).where(sql`${auditLog.recordType} = 'statistics'`);
      expect(audits.map((a) => [a.actorType, a.event, a.action])).toContainEqual(['system', 'statistics.exported', 'consultation']);
    } finally {
      await database.close();
    }
  });

  it('refuses a missing or bad year and an unknown format', async () => {
    await expect(cli.run(['stats'])).rejects.toThrow('Say which year: --year 2024-25');
    await expect(cli.run(['stats', '--year', '2024'])).rejects.toThrow('--year: Enter a statistics year from 2015-16');
    await expect(cli.run(['stats', '--year', year.code, '--format', 'xml'])).rejects.toThrow('--format takes csv or json');
    await expect(cli.run(['stats', '--year', year.code, '--colour'])).rejects.toThrow(/Unknown option/);
  });
});
