// Operator tasks on staff accounts (CLI and seeding), outside any request.
import { randomInt, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { sessions, users } from '../../db/schema.js';
import type { Db } from '../../db/client.js';
import { ROLES, systemContext, type Role } from '../../platform/access/actor.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { hashPassword } from '../../platform/auth/passwords.js';
import { currentTotpCode } from '../../platform/auth/totp.js';
import { findUserByEmail } from '../../platform/auth/users.repository.js';
import type { SecretBox } from '../../platform/crypto/secretBox.js';
import { findOrganisationByCode } from './organisations.repository.js';

// No 0/O, 1/l/i: the password is read off a screen or a file and typed by hand.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A random password of four 5-character groups, e.g. "k7mq2-xw9pd-3hj8t-ab4nz" (about 99 bits). */
export function randomPassword(): string {
  const group = () => Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return [group(), group(), group(), group()].join('-');
}

const MIN_PASSWORD_LENGTH = 12;

export interface NewUser {
  email: string;
  displayName: string;
  organisationCode: string;
  roles: readonly string[];
  password?: string;
}

/** Creates a user without MFA: they enrol a TOTP authenticator at first sign-in. */
export async function createUser(db: Db, input: NewUser): Promise<{ id: string; password: string }> {
  const unknown = input.roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length) throw new Error(`Unknown role(s): ${unknown.join(', ')}. Valid roles: ${ROLES.join(', ')}`);
  if (input.roles.length === 0) throw new Error('A user needs at least one role');
  if (input.password !== undefined && input.password.length < MIN_PASSWORD_LENGTH) {
    throw new Error(`Password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  const organisation = await findOrganisationByCode(db, input.organisationCode);
  if (!organisation) throw new Error(`No organisation with code "${input.organisationCode}"`);

  const password = input.password ?? randomPassword();
  const id = randomUUID();
  await db.insert(users).values({
    id,
    organisationId: organisation.id,
    email: input.email.trim().toLowerCase(),
    displayName: input.displayName.trim(),
    roles: [...new Set(input.roles as readonly Role[])],
    passwordHash: await hashPassword(password),
  });
  return { id, password };
}

/** The user's TOTP code for now, for the `totp` CLI command (signing in as a demo user without an authenticator app). */
export async function currentCodeForUser(db: Db, box: SecretBox, email: string): Promise<string> {
  const user = await findUserByEmail(db, email);
  if (!user) throw new Error(`No user with email ${email}`);
  if (!user.mfaSecret) throw new Error(`${email} has not enrolled an authenticator yet`);
  return currentTotpCode(box.open(user.mfaSecret));
}

/**
 * Clears a user's authenticator (lost phone, or ENCRYPTION_KEY changed so the stored one cannot be opened) and ends
 * their sessions: at their next sign-in, after their password, they set up an authenticator app again.
 */
export async function resetAuthenticator(db: Db, email: string): Promise<void> {
  const user = await findUserByEmail(db, email);
  if (!user) throw new Error(`No user with email ${email}`);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ mfaSecret: null, mfaEnrolledAt: null, mfaLastStep: null, failedSignIns: 0, lockedUntil: null }).where(eq(users.id, user.id));
    await tx.delete(sessions).where(eq(sessions.userId, user.id));
    await recordAudit(tx, systemContext, { action: 'alteration', event: 'user.authenticator_reset', recordType: 'user', recordIds: [user.id], regime: 'UK_GDPR' });
  });
}
