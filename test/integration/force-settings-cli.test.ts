// Per-force gateway settings through the operator command line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { seedDemo } from '../../src/modules/organisations/demoSeed.js';
import { findOrganisationByCode } from '../../src/modules/organisations/organisations.repository.js';
import { settingsFor } from '../../src/modules/gateway/gateway.repository.js';
import { createCliEnvironment, type CliEnvironment } from '../support/cliEnvironment.js';

let cli: CliEnvironment;
beforeAll(async () => {
  cli = await createCliEnvironment();
  const database = await cli.open();
  try {
    await seedDemo(database, loadConfig({ ...process.env, NODE_ENV: 'test' }));
  } finally {
    await database.close();
  }
}, 60_000);
afterAll(() => cli.dispose());

describe('ct-casework force-settings', () => {
  it('changes only the settings given and prints the result', async () => {
    const { code, out } = await cli.run(['force-settings', '--org', 'west-midlands-police', '--nfa-approval', 'no', '--review-days', '14']);
    expect(code).toBe(0);
    expect(out).toContain('West Midlands Police: supervisor approval for no further action no, for handover yes; police-led review every 14 days');
    const database = await cli.open();
    try {
      const org = await findOrganisationByCode(database.db, 'west-midlands-police');
      expect(await settingsFor(database.db, org!.id)).toMatchObject({ approvalForNoFurtherAction: false, approvalForHandover: true, policeLedReviewDays: 14, signpostFollowUpDays: 20 });
    } finally {
      await database.close();
    }
  });

  it('refuses bad values and organisations that are not police', async () => {
    await expect(cli.run(['force-settings', '--org', 'west-midlands-police', '--review-days', '0'])).rejects.toThrow('--review-days takes a whole number of days from 1 to 365');
    await expect(cli.run(['force-settings', '--org', 'west-midlands-police', '--nfa-approval', 'maybe'])).rejects.toThrow('--nfa-approval takes yes or no');
    await expect(cli.run(['force-settings', '--org', 'birmingham'])).rejects.toThrow('No police organisation with code birmingham');
  });
});
