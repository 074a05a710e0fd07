import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import { apiTokens, organisations, users } from '../../db/schema.js';
import { createSecretBox } from '../../platform/crypto/secretBox.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/testDatabase.js';
import { seedDemo } from './demoSeed.js';
import {
  findForceOrganisationForPostcode,
  listPoliceForces,
  listPoliceOrganisations,
  loadBankHolidays,
  postcodeArea,
} from './organisations.repository.js';
import { createUser, currentCodeForUser } from './users.admin.js';

let testDb: TestDatabase;
let database: Database;
let config: Config;
let dataDir: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = testDb.database;
  dataDir = mkdtempSync(path.join(tmpdir(), 'ct-casework-orgs-'));
  config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    SESSION_SECRET: randomBytes(32).toString('base64url'),
  });
});

afterAll(async () => {
  await testDb?.dispose();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const rowCounts = () =>
  Promise.all([organisations, users, apiTokens].map(async (table) => (await database.db.select({ n: count() }).from(table))[0]?.n));

describe('reference data', () => {
  it('lists the 43 territorial forces plus BTP, by name', async () => {
    const forces = await listPoliceForces(database.db);
    expect(forces).toHaveLength(44);
    expect(forces.map((f) => f.name)).toEqual([...forces.map((f) => f.name)].sort((a, b) => (a < b ? -1 : 1)));
    expect(forces).toContainEqual({ code: 'west-midlands', name: 'West Midlands Police' });
  });

  it('loads bank holidays as ISO dates, including substitute days', async () => {
    const days = await loadBankHolidays(database.db);
    expect(days.has('2025-04-18')).toBe(true); // Good Friday
    expect(days.has('2026-12-28')).toBe(true); // Boxing Day substitute
    expect(days.has('2028-01-03')).toBe(true); // New Year's Day substitute
    expect(days.has('2025-12-27')).toBe(false);
  });
});

describe('postcodeArea', () => {
  it.each([
    ['B1 1AA', 'B'],
    ['b11aa', 'B'],
    [' sw1a 1aa ', 'SW'],
    ['EC1A 1BB', 'EC'],
    ['EH1', 'EH'],
    ['M60', 'M'],
  ])('%s -> %s', (postcode, area) => expect(postcodeArea(postcode)).toBe(area));

  it.each(['', 'not a postcode', '12345', 'ABC1 1AA', 'B1 1A'])('rejects %j', (postcode) => {
    expect(postcodeArea(postcode)).toBeNull();
  });
});

describe('seedDemo and postcode routing', () => {
  let firstText = '';

  beforeAll(async () => {
    const result = await seedDemo(database, config);
    expect(result.created).toBe(true);
    firstText = result.text;
  });

  it('routes a West Midlands postcode to the West Midlands Police organisation', async () => {
    const org = await findForceOrganisationForPostcode(database.db, 'B1 1AA');
    expect(org).toMatchObject({ name: 'West Midlands Police', forceCode: 'west-midlands' });
    expect(await findForceOrganisationForPostcode(database.db, 'b11aa')).toEqual(org);
  });

  it('returns null outside England and Wales', async () => {
    expect(await findForceOrganisationForPostcode(database.db, 'EH1')).toBeNull();
    expect(await findForceOrganisationForPostcode(database.db, 'BT1 1AA')).toBeNull();
  });

  it('returns null for text that is not a postcode', async () => {
    expect(await findForceOrganisationForPostcode(database.db, 'garbage!')).toBeNull();
    expect(await findForceOrganisationForPostcode(database.db, '')).toBeNull();
  });

  it('lists police organisations (forces and the national hub) as transfer targets', async () => {
    const names = (await listPoliceOrganisations(database.db)).map((o) => o.name);
    expect(names).toEqual(['Counter Terrorism Policing national referral hub', 'Metropolitan Police Service', 'West Midlands Police']);
  });

  it('returns null when the force has no organisation in this deployment', async () => {
    expect(await findForceOrganisationForPostcode(database.db, 'LS1 4AP')).toBeNull(); // West Yorkshire
  });

  it('is idempotent: a second run creates nothing and returns the saved text', async () => {
    const before = await rowCounts();
    const again = await seedDemo(database, config);
    expect(again).toEqual({ created: false, text: firstText });
    expect(await rowCounts()).toEqual(before);
  });

  it('writes the credentials file readable by the owner only', () => {
    const file = path.join(dataDir, 'demo-users.txt');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(firstText).toContain('supervisor@westmidlands.example');
    expect(firstText).toContain('npx ct-casework totp <email>');
    expect(firstText).toMatch(/ctc_[A-Za-z0-9_-]{43}/);
  });

  it('enrols demo users in MFA so a current code is available at once', async () => {
    const code = await currentCodeForUser(database.db, createSecretBox(config.encryptionKey), 'hub@ctp.example');
    expect(code).toMatch(/^\d{6}$/);
  });

  it('refuses to run in production', async () => {
    await expect(seedDemo(database, { ...config, env: 'production' })).rejects.toThrow(/production/);
  });
});

describe('createUser', () => {
  beforeAll(async () => {
    await seedDemo(database, config); // organisations to attach users to (no-op if already seeded)
  });

  it('refuses unknown roles', async () => {
    await expect(
      createUser(database.db, { email: 'x@birmingham.example', displayName: 'X', organisationCode: 'birmingham', roles: ['superuser'] }),
    ).rejects.toThrow(/Unknown role/);
  });

  it('refuses an unknown organisation', async () => {
    await expect(
      createUser(database.db, { email: 'y@nowhere.example', displayName: 'Y', organisationCode: 'nowhere', roles: ['referrer'] }),
    ).rejects.toThrow(/No organisation/);
  });

  it('creates a user without MFA and with a random password', async () => {
    const { id, password } = await createUser(database.db, {
      email: 'New.Referrer@Birmingham.example',
      displayName: 'New Referrer',
      organisationCode: 'birmingham',
      roles: ['referrer'],
    });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(password.length).toBeGreaterThanOrEqual(16);
    const box = createSecretBox(config.encryptionKey);
    await expect(currentCodeForUser(database.db, box, 'new.referrer@birmingham.example')).rejects.toThrow(/not enrolled/);
    await expect(currentCodeForUser(database.db, box, 'nobody@birmingham.example')).rejects.toThrow(/No user/);
  });
});
