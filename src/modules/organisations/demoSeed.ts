// Demo organisations and one signed-in-ready user per role, so a fresh development install can be explored
// at once. Never in production: the credentials are written to a file in plain text.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import { users } from '../../db/schema.js';
import type { OrganisationKind, Role } from '../../platform/access/actor.js';
import { createApiToken } from '../../platform/auth/apiTokens.js';
import { hashPassword } from '../../platform/auth/passwords.js';
import { newTotpSecret } from '../../platform/auth/totp.js';
import { createSecretBox } from '../../platform/crypto/secretBox.js';
import { findOrganisationByCode, insertOrganisation } from './organisations.repository.js';
import { NATIONAL_HUB_ORG_ID } from './referenceData.js';
import { randomPassword } from './users.admin.js';
import { seedDemoChannel } from '../channel/demoChannel.js';

interface DemoOrg {
  code: string;
  name: string;
  kind: OrganisationKind;
  forceCode?: string;
  preventDuty: boolean;
}

const ORGS: DemoOrg[] = [
  { code: 'met-police', name: 'Metropolitan Police Service', kind: 'police_force', forceCode: 'met', preventDuty: true },
  { code: 'west-midlands-police', name: 'West Midlands Police', kind: 'police_force', forceCode: 'west-midlands', preventDuty: true },
  { code: 'camden', name: 'London Borough of Camden', kind: 'local_authority', preventDuty: true },
  { code: 'birmingham', name: 'Birmingham City Council', kind: 'local_authority', preventDuty: true },
  { code: 'sandwell', name: 'Sandwell Metropolitan Borough Council', kind: 'local_authority', preventDuty: true },
  { code: 'northfield-academy', name: 'Northfield Academy', kind: 'school', preventDuty: true },
  { code: 'bsmhft', name: 'Birmingham and Solihull Mental Health NHS Foundation Trust', kind: 'nhs_trust', preventDuty: true },
  { code: 'hmp-birmingham', name: 'HMP Birmingham', kind: 'prison', preventDuty: true },
  { code: 'probation-west-midlands', name: 'Probation Service – West Midlands', kind: 'probation', preventDuty: true },
  { code: 'pathways-mentoring', name: 'Pathways Mentoring CIC', kind: 'intervention_provider', preventDuty: false },
  { code: 'bridges-family-support', name: 'Bridges Family Support', kind: 'intervention_provider', preventDuty: false },
  { code: 'oipc', name: 'Office of the Independent Prevent Commissioner', kind: 'oversight', preventDuty: false },
];

/** Present once demo data has been seeded: its existence makes seeding a no-op. */
const MARKER_ORG_CODE = 'west-midlands-police';
const NHS_ORG_CODE = 'bsmhft';

const USERS: { email: string; displayName: string; orgCode: string; roles: Role[] }[] = [
  { email: 'officer@met.example', displayName: 'Priya Shah', orgCode: 'met-police', roles: ['prevent_officer'] },
  { email: 'officer@westmidlands.example', displayName: 'Daniel Hughes', orgCode: 'west-midlands-police', roles: ['prevent_officer'] },
  { email: 'supervisor@westmidlands.example', displayName: 'Sarah Okafor', orgCode: 'west-midlands-police', roles: ['prevent_officer', 'prevent_supervisor'] },
  { email: 'hub@ctp.example', displayName: 'James Whitfield', orgCode: 'ctp-national-hub', roles: ['prevent_officer'] },
  { email: 'chair@birmingham.example', displayName: 'Helen Clarke', orgCode: 'birmingham', roles: ['channel_chair'] },
  { email: 'panel@sandwell.example', displayName: 'Imran Hussain', orgCode: 'sandwell', roles: ['panel_member'] },
  { email: 'dsl@northfield.example', displayName: 'Rachel Evans', orgCode: 'northfield-academy', roles: ['referrer'] },
  { email: 'referrer@nhs.example', displayName: 'Tom Fletcher', orgCode: NHS_ORG_CODE, roles: ['referrer'] },
  { email: 'referrer@hmp-birmingham.example', displayName: 'Grace Adeyemi', orgCode: 'hmp-birmingham', roles: ['referrer'] },
  { email: 'referrer@probation.example', displayName: 'Mark Davies', orgCode: 'probation-west-midlands', roles: ['referrer'] },
  { email: 'provider@provider.example', displayName: 'Yusuf Rahman', orgCode: 'pathways-mentoring', roles: ['provider'] },
  { email: 'provider@bridges.example', displayName: 'Nadia Kowalski', orgCode: 'bridges-family-support', roles: ['provider'] },
  { email: 'oversight@oipc.example', displayName: 'Catherine Moore', orgCode: 'oipc', roles: ['oversight'] },
  { email: 'admin@birmingham.example', displayName: 'Alex Turner', orgCode: 'birmingham', roles: ['admin'] },
];

export async function seedDemo(database: Database, config: Config): Promise<{ created: boolean; text: string }> {
  if (config.env === 'production') throw new Error('Refusing to seed demo data in production');
  const file = path.join(config.dataDir, 'demo-users.txt');

  if (await findOrganisationByCode(database.db, MARKER_ORG_CODE)) {
    const text = existsSync(file)
      ? readFileSync(file, 'utf8')
      : `Demo data already exists, but ${file} is missing: its passwords cannot be recovered. Reset one with the CLI or start from an empty database.\n`;
    return { created: false, text };
  }

  // Argon2 hashing is slow by design: do it before the transaction so the transaction stays short.
  const box = createSecretBox(config.encryptionKey);
  const accounts = await Promise.all(
    USERS.map(async (u) => {
      const password = randomPassword();
      const totpSecret = newTotpSecret();
      return { ...u, password, totpSecret, passwordHash: await hashPassword(password), sealedSecret: box.seal(totpSecret) };
    }),
  );
  mkdirSync(config.dataDir, { recursive: true });

  const apiToken = await database.db.transaction(async (tx) => {
    const orgIds = new Map<string, string>([['ctp-national-hub', NATIONAL_HUB_ORG_ID]]);
    for (const org of ORGS) orgIds.set(org.code, (await insertOrganisation(tx, { id: randomUUID(), ...org })).id);
    const now = new Date();
    const userIds = accounts.map(() => randomUUID());
    await tx.insert(users).values(
      accounts.map((a, i) => ({
        id: userIds[i]!,
        organisationId: orgIds.get(a.orgCode)!,
        email: a.email,
        displayName: a.displayName,
        roles: a.roles,
        passwordHash: a.passwordHash,
        mfaSecret: a.sealedSecret,
        mfaEnrolledAt: now,
      })),
    );
    await seedDemoChannel(tx, orgIds, new Map(accounts.map((a, i) => [a.email, userIds[i]!])));
    return createApiToken(tx, orgIds.get(NHS_ORG_CODE)!, 'Demo referral integration', ['referrals:write', 'referrals:read']);
  });

  const names = new Map([['ctp-national-hub', 'Counter Terrorism Policing national referral hub'], ...ORGS.map((o) => [o.code, o.name] as const)]);
  const orgName = (code: string) => names.get(code) ?? code;
  const text = [
    'ct-casework demo accounts: for development and demonstration only. Never enter real personal data.',
    `Created ${new Date().toISOString()}.`,
    '',
    'Sign in with email and password, then a six-digit code. Either add the TOTP secret to an authenticator',
    'app, or run `npx ct-casework totp <email>` for a current code.',
    '',
    ...accounts.flatMap((a) => [
      `${a.roles.join(' + ')} - ${orgName(a.orgCode)}`,
      `  email:    ${a.email}`,
      `  password: ${a.password}`,
      `  TOTP:     ${a.totpSecret}`,
      '',
    ]),
    `API token for ${orgName(NHS_ORG_CODE)} (scopes referrals:write, referrals:read):`,
    `  ${apiToken.token}`,
    '  Send it as: Authorization: Bearer <token>',
    '',
  ].join('\n');

  // The mode only applies to a new file, so remove any copy left from an earlier database.
  rmSync(file, { force: true });
  writeFileSync(file, text, { mode: 0o600 });
  return { created: true, text };
}

/** A demo user's TOTP secret from the seeding record, for `ct-casework totp` while the server holds the database. */
export function demoTotpSecret(dataDir: string, email: string): string | null {
  const file = path.join(dataDir, 'demo-users.txt');
  if (!existsSync(file)) return null;
  const lines = readFileSync(file, 'utf8').split('\n');
  const at = lines.findIndex((l) => l.trim().toLowerCase() === `email:    ${email.toLowerCase()}`);
  const secretLine = at >= 0 ? lines.slice(at + 1, at + 4).find((l) => l.trim().startsWith('TOTP:')) : undefined;
  return secretLine ? secretLine.split(':')[1]!.trim() : null;
}
