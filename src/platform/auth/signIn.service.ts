// Sign-in rules: password (Argon2id), then a TOTP code; lockout after repeated failures of either.
import type { Db } from '../../db/client.js';
import type { SecretBox } from '../crypto/secretBox.js';
import { dummyHash, verifyPassword } from './passwords.js';
import { checkTotp } from './totp.js';
import * as repo from './users.repository.js';

export interface SignInSettings {
  maxAttempts: number;
  lockoutMinutes: number;
}

export type PasswordOutcome =
  | { kind: 'invalid' }
  | { kind: 'locked'; until: Date }
  | { kind: 'mfa'; userId: string }
  | { kind: 'enrol'; userId: string };

/** `unreadable`: the stored authenticator secret does not open with this service's key (ENCRYPTION_KEY changed). */
export type CodeOutcome = { kind: 'ok'; userId: string } | { kind: 'invalid' } | { kind: 'locked'; until: Date } | { kind: 'unreadable' };

export function createSignInService(db: Db, box: SecretBox, settings: SignInSettings) {
  const isLocked = (u: repo.UserRecord) => u.lockedUntil !== null && u.lockedUntil.getTime() > Date.now();

  async function fail(userId: string): Promise<CodeOutcome & PasswordOutcome> {
    const until = await repo.recordFailedSignIn(db, userId, settings.maxAttempts, settings.lockoutMinutes);
    return until ? { kind: 'locked', until } : { kind: 'invalid' };
  }

  const openOrNull = (sealed: string): string | null => {
    try {
      return box.open(sealed);
    } catch {
      return null;
    }
  };

  return {
    async checkPassword(email: string, password: string): Promise<PasswordOutcome> {
      const user = await repo.findUserByEmail(db, email);
      if (!user || user.disabledAt) {
        await verifyPassword(await dummyHash, password);
        return { kind: 'invalid' };
      }
      if (isLocked(user)) return { kind: 'locked', until: user.lockedUntil! };
      if (!(await verifyPassword(user.passwordHash, password))) return fail(user.id);
      return user.mfaSecret ? { kind: 'mfa', userId: user.id } : { kind: 'enrol', userId: user.id };
    },

    async checkCode(userId: string, code: string): Promise<CodeOutcome> {
      const user = await repo.findUserById(db, userId);
      if (!user || user.disabledAt || !user.mfaSecret) return { kind: 'invalid' };
      if (isLocked(user)) return { kind: 'locked', until: user.lockedUntil! };
      const secret = openOrNull(user.mfaSecret);
      // A fault in the service's set-up, not a wrong code: the user is not counted towards a lockout.
      if (secret === null) return { kind: 'unreadable' };
      const step = await checkTotp(secret, code, user.mfaLastStep);
      if (step === null) return fail(user.id);
      await repo.recordSuccessfulSignIn(db, user.id, step);
      return { kind: 'ok', userId: user.id };
    },

    /** Confirms a new authenticator: the user proves it works by entering a code from it. */
    async completeEnrolment(userId: string, secret: string, code: string): Promise<CodeOutcome> {
      const user = await repo.findUserById(db, userId);
      if (!user || user.disabledAt || user.mfaSecret) return { kind: 'invalid' };
      if (isLocked(user)) return { kind: 'locked', until: user.lockedUntil! };
      const step = await checkTotp(secret, code, null);
      if (step === null) return fail(user.id);
      await repo.saveMfaEnrolment(db, user.id, box.seal(secret), step);
      return { kind: 'ok', userId: user.id };
    },
  };
}

export type SignInService = ReturnType<typeof createSignInService>;
