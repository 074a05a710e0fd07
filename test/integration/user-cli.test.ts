// Staff accounts through the operator command line: resetting an authenticator.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { users } from '../../src/db/schema.js';
import { cliWithDemoData } from '../support/cliEnvironment.js';

const cli = cliWithDemoData();

describe('ct-casework user reset-authenticator', () => {
  it('clears the user’s authenticator and says what happens next', async () => {
    const { code, out } = await cli().run(['user', 'reset-authenticator', '--email', 'officer@westmidlands.example']);
    expect(code).toBe(0);
    expect(out).toContain('Authenticator cleared and sessions ended for officer@westmidlands.example');
    const [user] = await cli().withDatabase((database) => database.db.select({ mfaSecret: users.mfaSecret }).from(users).where(eq(users.email, 'officer@westmidlands.example')));
    expect(user).toEqual({ mfaSecret: null });
  });

  it('refuses a missing email and an unknown user', async () => {
    await expect(cli().run(['user', 'reset-authenticator'])).rejects.toThrow('Usage: ct-casework user reset-authenticator --email E');
    await expect(cli().run(['user', 'reset-authenticator', '--email', 'nobody@nowhere.example'])).rejects.toThrow('No user with email nobody@nowhere.example');
  });
});
