// SQL for staff accounts and the organisation they belong to.
import { eq, sql } from 'drizzle-orm';
import { organisations, users } from '../../db/schema.js';
import type { Db } from '../../db/client.js';
import type { OrganisationKind, OrganisationRef, Role } from '../access/actor.js';

export interface UserRecord {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
  passwordHash: string;
  mfaSecret: string | null;
  mfaLastStep: number | null;
  failedSignIns: number;
  lockedUntil: Date | null;
  disabledAt: Date | null;
  organisation: OrganisationRef;
}

/** A user's columns with their organisation's, for a select joined to `organisations` (see `userFromRow`). */
export const userColumns = {
  id: users.id,
  email: users.email,
  displayName: users.displayName,
  roles: users.roles,
  passwordHash: users.passwordHash,
  mfaSecret: users.mfaSecret,
  mfaLastStep: users.mfaLastStep,
  failedSignIns: users.failedSignIns,
  lockedUntil: users.lockedUntil,
  disabledAt: users.disabledAt,
  orgId: organisations.id,
  orgKind: organisations.kind,
  orgName: organisations.name,
  orgForce: organisations.forceCode,
  orgDuty: organisations.preventDuty,
};

type Row = { [K in keyof typeof userColumns]: (typeof userColumns)[K]['_']['data'] | null };

export function userFromRow(r: Row): UserRecord {
  return {
    id: r.id!,
    email: r.email!,
    displayName: r.displayName!,
    roles: (r.roles ?? []) as Role[],
    passwordHash: r.passwordHash!,
    mfaSecret: r.mfaSecret,
    mfaLastStep: r.mfaLastStep,
    failedSignIns: r.failedSignIns ?? 0,
    lockedUntil: r.lockedUntil,
    disabledAt: r.disabledAt,
    organisation: {
      id: r.orgId!,
      kind: r.orgKind as OrganisationKind,
      name: r.orgName!,
      forceCode: r.orgForce,
      preventDuty: r.orgDuty ?? false,
    },
  };
}

function select(db: Db) {
  return db.select(userColumns).from(users).innerJoin(organisations, eq(organisations.id, users.organisationId));
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRecord | null> {
  const [row] = await select(db).where(sql`lower(${users.email}) = lower(${email})`);
  return row ? userFromRow(row) : null;
}

export async function findUserById(db: Db, id: string): Promise<UserRecord | null> {
  const [row] = await select(db).where(eq(users.id, id));
  return row ? userFromRow(row) : null;
}

export async function recordFailedSignIn(db: Db, id: string, maxAttempts: number, lockoutMinutes: number): Promise<Date | null> {
  const [row] = await db
    .update(users)
    .set({
      failedSignIns: sql`CASE WHEN ${users.failedSignIns} + 1 >= ${maxAttempts} THEN 0 ELSE ${users.failedSignIns} + 1 END`,
      lockedUntil: sql`CASE WHEN ${users.failedSignIns} + 1 >= ${maxAttempts}
        THEN now() + make_interval(mins => ${lockoutMinutes}) ELSE ${users.lockedUntil} END`,
    })
    .where(eq(users.id, id))
    .returning({ lockedUntil: users.lockedUntil });
  return row?.lockedUntil && row.lockedUntil.getTime() > Date.now() ? row.lockedUntil : null;
}

export async function recordSuccessfulSignIn(db: Db, id: string, mfaStep: number): Promise<void> {
  await db
    .update(users)
    .set({ failedSignIns: 0, lockedUntil: null, lastSignInAt: new Date(), mfaLastStep: mfaStep })
    .where(eq(users.id, id));
}

export async function saveMfaEnrolment(db: Db, id: string, sealedSecret: string, mfaStep: number): Promise<void> {
  await db
    .update(users)
    .set({ mfaSecret: sealedSecret, mfaEnrolledAt: new Date(), mfaLastStep: mfaStep, failedSignIns: 0, lockedUntil: null, lastSignInAt: new Date() })
    .where(eq(users.id, id));
}
