// The only module that reads the environment. Everything else receives a typed Config.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (def: number) => z.coerce.number().int().positive().default(def);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_SIZE: int(10),
  DATA_DIR: z.string().default('./data'),
  SESSION_SECRET: z.string().min(32).optional(),
  ENCRYPTION_KEY: z
    .string()
    .regex(/^[0-9a-f]{64}$/i, 'ENCRYPTION_KEY must be 64 hexadecimal characters (32 bytes)')
    .optional(),
  TRUST_PROXY: bool.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_IDLE_MINUTES: int(30),
  SESSION_ABSOLUTE_HOURS: int(12),
  SIGN_IN_MAX_ATTEMPTS: int(5),
  SIGN_IN_LOCKOUT_MINUTES: int(15),
  RATE_LIMIT_SIGN_IN_PER_MINUTE: int(10),
  RATE_LIMIT_PUBLIC_FORM_POSTS_PER_HOUR: int(200),
  RATE_LIMIT_API_REFERRALS_PER_MINUTE: int(120),
  BODY_LIMIT_BYTES: int(256 * 1024),
  TRIAGE_TARGET_WORKING_DAYS: int(5),
  AUDIT_JUSTIFICATION_REQUIRED: bool.default(true),
  RETENTION_NFA_REVIEW_YEARS: int(3),
  RETENTION_CASE_REVIEW_YEARS: int(6),
  SEED_DEMO: bool.optional(),
  METRICS_TOKEN: z.string().min(16).optional(),
  MATCH_PRESELECT_PROBABILITY: z.coerce.number().min(0).max(1).default(0.9),
});

export interface Config {
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  databaseUrl: string | undefined;
  /** Connections the server holds to PostgreSQL. */
  databasePoolSize: number;
  dataDir: string;
  sessionSecret: string;
  /** 32-byte key for secrets at rest (TOTP seeds). */
  encryptionKey: Buffer;
  trustProxy: boolean;
  logLevel: string;
  session: { idleMinutes: number; absoluteHours: number; secureCookie: boolean };
  signIn: { maxAttempts: number; lockoutMinutes: number; ratePerMinute: number };
  publicReferralsPerHour: number;
  /** Referrals an API client (by address) may send in a minute. */
  apiReferralsPerMinute: number;
  bodyLimitBytes: number;
  triageTargetWorkingDays: number;
  auditJustificationRequired: boolean;
  retention: { noFurtherActionReviewYears: number; caseReviewYears: number };
  seedDemo: boolean;
  /** When set, /metrics needs `Authorization: Bearer <token>`. */
  metricsToken: string | undefined;
  /** At or above this probability the strongest undecided candidate has "Same person" ticked; the officer still confirms. */
  matching: { preselectProbability: number };
}

export class ConfigError extends Error {}

/**
 * Outside production, missing secrets are generated once and kept in the data directory so that a
 * restart keeps sessions and encrypted MFA seeds readable. Production must be given them.
 */
function localSecret(dataDir: string, name: string, bytes: number, encoding: 'hex' | 'base64url'): string {
  const file = path.join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const value = randomBytes(bytes).toString(encoding);
  writeFileSync(file, value, { mode: 0o600 });
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production) {
    const missing = (['SESSION_SECRET', 'ENCRYPTION_KEY', 'DATABASE_URL'] as const).filter((k) => !e[k]);
    if (missing.length) throw new ConfigError(`Production needs ${missing.join(', ')}`);
  }
  const dataDir = path.resolve(e.DATA_DIR);
  const sessionSecret = e.SESSION_SECRET ?? localSecret(dataDir, '.session-secret', 32, 'base64url');
  const encryptionKey = e.ENCRYPTION_KEY ?? localSecret(dataDir, '.encryption-key', 32, 'hex');
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    dataDir,
    sessionSecret,
    encryptionKey: Buffer.from(encryptionKey, 'hex'),
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    session: {
      idleMinutes: e.SESSION_IDLE_MINUTES,
      absoluteHours: e.SESSION_ABSOLUTE_HOURS,
      secureCookie: production,
    },
    signIn: {
      maxAttempts: e.SIGN_IN_MAX_ATTEMPTS,
      lockoutMinutes: e.SIGN_IN_LOCKOUT_MINUTES,
      ratePerMinute: e.RATE_LIMIT_SIGN_IN_PER_MINUTE,
    },
    publicReferralsPerHour: e.RATE_LIMIT_PUBLIC_FORM_POSTS_PER_HOUR,
    apiReferralsPerMinute: e.RATE_LIMIT_API_REFERRALS_PER_MINUTE,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    triageTargetWorkingDays: e.TRIAGE_TARGET_WORKING_DAYS,
    auditJustificationRequired: e.AUDIT_JUSTIFICATION_REQUIRED,
    retention: { noFurtherActionReviewYears: e.RETENTION_NFA_REVIEW_YEARS, caseReviewYears: e.RETENTION_CASE_REVIEW_YEARS },
    seedDemo: e.SEED_DEMO ?? !production,
    metricsToken: e.METRICS_TOKEN,
    matching: { preselectProbability: e.MATCH_PRESELECT_PROBABILITY },
  };
}
