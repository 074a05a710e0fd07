// The `ct-casework` command: start the service and operate it (migrations, demo data, audit checks, accounts).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import closeWithGrace from 'close-with-grace';
import { loadConfig, type Config } from './config.js';
import { DataDirectoryInUseError, openDatabase, type Database } from './db/client.js';
import { runMigrations } from './db/migrate.js';
import { buildApp } from './server.js';
import { chainPending, verifyChain } from './platform/audit/chain.js';
import { seedDemo } from './modules/organisations/demoSeed.js';
import { createUser, currentCodeForUser, resetAuthenticator } from './modules/organisations/users.admin.js';
import { findOrganisationByCode } from './modules/organisations/organisations.repository.js';
import { saveSettings } from './modules/gateway/gateway.repository.js';
import { createApiToken, API_SCOPES } from './platform/auth/apiTokens.js';
import { createSecretBox } from './platform/crypto/secretBox.js';
import { startBackgroundJobs } from './platform/jobs.js';
import { currentTotpCode } from './platform/auth/totp.js';
import { demoTotpSecret } from './modules/organisations/demoSeed.js';
import { runDedupe } from './modules/people/dedupe.command.js';
import { runStats } from './modules/statistics/statistics.command.js';
import { runSynthetic } from './modules/synthetic/synthetic.command.js';

const USAGE = `Usage: ct-casework <command>

Commands:
  start                         run the service (applies migrations; seeds demo data outside production)
  migrate                       apply database migrations
  seed --demo                   create the demo organisations and users, and print their sign-in details
  seed --synthetic --referrals N --seed S [--years 5] [--until YYYY-MM-DD] [--load bulk|batches]
                                add reproducible synthetic national data (for load tests), reporting the rate;
                                in bulk (the default while no referrals are held) the service must not be in use
  totp <email>                  print a user's current sign-in code (demo and support use)
  audit verify                  check the audit log's hash chain and report the first broken link
  user add --email E --name N --org CODE --role R [--role R2]
                                create a user; they set up their authenticator at first sign-in
  user reset-authenticator --email E
                                clear a user's authenticator and end their sessions; they set up a new
                                one at their next sign-in (lost phone, or ENCRYPTION_KEY changed)
  token create --org CODE --name NAME [--scope S]
                                create an organisation API token (printed once)
  force-settings --org CODE [--nfa-approval yes|no] [--handover-approval yes|no]
                 [--review-days N] [--follow-up-days N]
                                show or change a police force's gateway settings
  dedupe --input people.csv --output clusters.csv [--link-only] [--pairs pairs.csv] [--never-link never.csv]
                                find records about the same person in a CSV (no database needed)
  stats --year 2024-25 [--format csv|json]
                                print the official statistics of an April–March year (small numbers suppressed)

With no DATABASE_URL the data lives in embedded PostgreSQL (PGlite) under DATA_DIR (./data), which one
process can open at a time: stop the server before running other commands against it.`;

async function open(config: Config): Promise<Database> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, poolSize: config.databasePoolSize, pgliteDir: path.join(config.dataDir, 'pglite') });
  await runMigrations(database);
  return database;
}

function yesNo(value: string | undefined, flag: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (value !== 'yes' && value !== 'no') throw new Error(`--${flag} takes yes or no`);
  return value === 'yes';
}

function days(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 365) throw new Error(`--${flag} takes a whole number of days from 1 to 365`);
  return n;
}

function forceSettingChanges(values: Record<string, string | boolean | string[] | undefined>) {
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const changes = {
    approvalForNoFurtherAction: yesNo(str('nfa-approval'), 'nfa-approval'),
    approvalForHandover: yesNo(str('handover-approval'), 'handover-approval'),
    policeLedReviewDays: days(str('review-days'), 'review-days'),
    signpostFollowUpDays: days(str('follow-up-days'), 'follow-up-days'),
  };
  return Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
}

async function start(config: Config) {
  const database = await open(config);
  if (config.seedDemo) {
    const { created, text } = await seedDemo(database, config);
    process.stdout.write(`\n${created ? 'Demo data created.' : 'Demo data already present.'} Demo sign-in details:\n\n${text}\n`);
  }
  const app = await buildApp({ config, database });
  const jobs = startBackgroundJobs(app, database);
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err: { message: err.message, stack: err.stack } }, 'shutting down after an error');
    else app.log.info({ signal }, 'shutting down');
    // Stop taking requests and finish those in flight: an acknowledged referral is already committed.
    await app.close();
    await jobs.stop();
    await database.close();
  });
  await app.listen({ host: config.host, port: config.port });
  process.stdout.write(`\nct-casework is running at http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port} on ${database.kind === 'pglite' ? `embedded PGlite (${path.join(config.dataDir, 'pglite')})` : 'PostgreSQL'}\n`);
}

async function withDatabase(config: Config, fn: (database: Database) => Promise<number>): Promise<number> {
  const database = await open(config);
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  // dedupe has its own options and needs no configuration or database.
  if (argv[0] === 'dedupe') return runDedupe(argv.slice(1), process.stdout);
  // stats has its own options (--year, --format) and opens the database itself.
  if (argv[0] === 'stats') return runStats(argv.slice(1), process.stdout, () => open(loadConfig()));
  // seed --synthetic has its own options (--referrals, --seed, --years); seed --demo goes through the switch below.
  if (argv[0] === 'seed' && argv.includes('--synthetic')) {
    const config = loadConfig();
    return runSynthetic(argv.slice(1), process.stdout, config, () => open(config));
  }
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      demo: { type: 'boolean' },
      email: { type: 'string' },
      name: { type: 'string' },
      org: { type: 'string' },
      role: { type: 'string', multiple: true },
      scope: { type: 'string', multiple: true },
      'nfa-approval': { type: 'string' },
      'handover-approval': { type: 'string' },
      'review-days': { type: 'string' },
      'follow-up-days': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, sub] = positionals;
  if (!command || values.help) {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 1;
  }
  const config = loadConfig();
  switch (command) {
    case 'start':
      await start(config);
      return -1; // keep running
    case 'migrate':
      return withDatabase(config, async () => {
        process.stdout.write('Migrations applied.\n');
        return 0;
      });
    case 'seed':
      if (!values.demo) throw new Error('Say what to seed: --demo');
      return withDatabase(config, async (database) => {
        const { created, text } = await seedDemo(database, config);
        process.stdout.write(`${created ? 'Demo data created.' : 'Demo data already present.'}\n\n${text}\n`);
        return 0;
      });
    case 'totp': {
      if (!sub) throw new Error('Usage: ct-casework totp <email>');
      try {
        return await withDatabase(config, async (database) => {
          process.stdout.write(`${await currentCodeForUser(database.db, createSecretBox(config.encryptionKey), sub)}\n`);
          return 0;
        });
      } catch (err) {
        // While the server holds the embedded database, demo users' codes come from the seeding record.
        if (!(err instanceof DataDirectoryInUseError)) throw err;
        const secret = demoTotpSecret(config.dataDir, sub);
        if (!secret) throw new Error(`${err.message}\n${sub} is not a demo user, so its code cannot be read while the server runs.`);
        process.stdout.write(`${await currentTotpCode(secret)}\n`);
        return 0;
      }
    }
    case 'audit':
      if (sub !== 'verify') throw new Error('Usage: ct-casework audit verify');
      return withDatabase(config, async (database) => {
        const chained = await chainPending(database);
        const result = await verifyChain(database.db);
        if (result.intact) {
          process.stdout.write(`Audit log intact: ${result.chained} entries verified${chained ? ` (${chained} newly chained)` : ''}.\n`);
          return 0;
        }
        const b = result.brokenAt;
        process.stdout.write(`Audit log BROKEN at chain position ${b.chainSeq} (entry id ${b.id}): ${b.reason}. ${result.chained} entries before it verified.\n`);
        return 2;
      });
    case 'user':
      if (sub === 'reset-authenticator') {
        if (!values.email) throw new Error('Usage: ct-casework user reset-authenticator --email E');
        return withDatabase(config, async (database) => {
          await resetAuthenticator(database.db, values.email!);
          process.stdout.write(`Authenticator cleared and sessions ended for ${values.email}. They will set up an authenticator app at their next sign-in.\n`);
          return 0;
        });
      }
      if (sub !== 'add' || !values.email || !values.name || !values.org || !values.role?.length) throw new Error('Usage: ct-casework user add --email E --name N --org CODE --role R');
      return withDatabase(config, async (database) => {
        const user = await createUser(database.db, { email: values.email!, displayName: values.name!, organisationCode: values.org!, roles: values.role! });
        process.stdout.write(`User created. Temporary password: ${user.password}\nThey will set up an authenticator app at first sign-in.\n`);
        return 0;
      });
    case 'token':
      if (sub !== 'create' || !values.org || !values.name) throw new Error('Usage: ct-casework token create --org CODE --name NAME [--scope S]');
      return withDatabase(config, async (database) => {
        const org = await findOrganisationByCode(database.db, values.org!);
        if (!org) throw new Error(`No organisation with code ${values.org}`);
        const scopes = values.scope?.length ? values.scope : [...API_SCOPES];
        const unknown = scopes.filter((s) => !(API_SCOPES as readonly string[]).includes(s));
        if (unknown.length) throw new Error(`Unknown scope ${unknown.join(', ')}; choose from ${API_SCOPES.join(', ')}`);
        const { token } = await createApiToken(database.db, org.id, values.name!, scopes);
        process.stdout.write(`API token (shown once, store it securely):\n${token}\n`);
        return 0;
      });
    case 'force-settings':
      if (!values.org) throw new Error('Usage: ct-casework force-settings --org CODE [...]');
      return withDatabase(config, async (database) => {
        const org = await findOrganisationByCode(database.db, values.org!);
        if (!org || (org.kind !== 'police_force' && org.kind !== 'national_police_hub')) throw new Error(`No police organisation with code ${values.org}`);
        const settings = await saveSettings(database.db, org.id, forceSettingChanges(values));
        process.stdout.write(
          `${org.name}: supervisor approval for no further action ${settings.approvalForNoFurtherAction ? 'yes' : 'no'}, for handover ${settings.approvalForHandover ? 'yes' : 'no'}; police-led review every ${settings.policeLedReviewDays} days; signposting follow-up due after ${settings.signpostFollowUpDays} days.\n`,
        );
        return 0;
      });
    default:
      process.stdout.write(`Unknown command: ${command}\n\n${USAGE}\n`);
      return 1;
  }
}

/** Runs the command line when this file is the entry point (the bin script, or `tsx src/main.ts`). */
export function run(argv = process.argv.slice(2)): void {
  main(argv).then(
    (code) => {
      if (code >= 0) process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) run();
