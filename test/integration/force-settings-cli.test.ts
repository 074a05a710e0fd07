// Per-force gateway settings through the operator command line.
import { describe, expect, it } from 'vitest';
import { findOrganisationByCode } from '../../src/modules/organisations/organisations.repository.js';
import { settingsFor } from '../../src/modules/gateway/gateway.repository.js';
import { cliWithDemoData } from '../support/cliEnvironment.js';

const cli = cliWithDemoData();

describe('ct-casework force-settings', () => {
  it('changes only the settings given and prints the result', async () => {
    const { code, out } = await cli().run(['force-settings', '--org', 'west-midlands-police', '--nfa-approval', 'no', '--review-days', '14']);
    expect(code).toBe(0);
    expect(out).toContain('West Midlands Police: supervisor approval for no further action no, for handover yes; police-led review every 14 days');
    const settings = await cli().withDatabase(async (database) => {
      const org = await findOrganisationByCode(database.db, 'west-midlands-police');
      return settingsFor(database.db, org!.id);
    });
    expect(settings).toMatchObject({ approvalForNoFurtherAction: false, approvalForHandover: true, policeLedReviewDays: 14, signpostFollowUpDays: 20 });
  });

  it('refuses bad values and organisations that are not police', async () => {
    await expect(cli().run(['force-settings', '--org', 'west-midlands-police', '--review-days', '0'])).rejects.toThrow('--review-days takes a whole number of days from 1 to 365');
    await expect(cli().run(['force-settings', '--org', 'west-midlands-police', '--nfa-approval', 'maybe'])).rejects.toThrow('--nfa-approval takes yes or no');
    await expect(cli().run(['force-settings', '--org', 'birmingham'])).rejects.toThrow('No police organisation with code birmingham');
  });
});
