// Measures the statistics queries on a large synthetic database (not part of the service or the tests):
// `npx tsx bench/statistics-volume.ts [referrals]` fills an in-memory PGlite with that many
// referrals (1,000,000 by default) spread over ten statistics years, a fifth of them judged, one in twenty in
// Channel with panel decisions and consent, then times one year's publication and prints the query plans.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/db/client.js';
import { runMigrations } from '../src/db/migrate.js';
import { quarterStarts, statisticsYear } from '../src/modules/statistics/definitions.js';
import * as repo from '../src/modules/statistics/statistics.repository.js';
import { createStatisticsService } from '../src/modules/statistics/statistics.service.js';

const total = Number(process.argv[2] ?? 1_000_000);
const database = await openDatabase({});
await runMigrations(database);
const db = database.db;
const la = randomUUID();
const school = randomUUID();
const user = randomUUID();
await db.execute(sql`INSERT INTO organisations (id, code, name, kind, force_code, prevent_duty) VALUES
  (${la}, 'la', 'A council', 'local_authority', NULL, true), (${school}, 'school', 'A school', 'school', NULL, true)`);
await db.execute(sql`INSERT INTO organisations (id, code, name, kind, force_code, prevent_duty)
  SELECT gen_random_uuid(), 'force-' || code, name, 'police_force', code, true FROM police_forces`);
await db.execute(sql`INSERT INTO users (id, organisation_id, email, display_name, roles, password_hash) VALUES (${user}, ${la}, 'x@example.org', 'X', ARRAY['channel_chair'], 'x')`);

let t0 = Date.now();
const batch = 100_000;
for (let from = 0; from < total; from += batch) {
  await db.execute(sql`
    WITH forces AS (SELECT id, row_number() OVER (ORDER BY id) AS n, count(*) OVER () AS c FROM organisations WHERE kind = 'police_force')
    INSERT INTO referrals (id, reference, owning_org_id, state, channel, submitted_at, triage_due_on, subject_given_name, subject_family_name,
      subject_date_of_birth, subject_approx_age, referrer_org_id, submission, controller_org_id, legal_regime)
    SELECT gen_random_uuid(), 'R' || i, f.id, 'closed', 'api',
      timestamptz '2016-04-01' + (i::float / ${total}::int) * interval '3652 days', date '2016-04-10', 'G' || i, 'F' || i,
      CASE WHEN i % 10 < 8 THEN date '2000-01-01' + (i % 9000) END, CASE WHEN i % 10 = 8 THEN 10 + i % 50 END,
      CASE WHEN i % 7 = 0 THEN NULL ELSE ${school}::uuid END,
      jsonb_build_object('subject', jsonb_build_object('gender', (ARRAY['male','female','other','not_known'])[1 + i % 4], 'ethnicity', (ARRAY['white','asian','black','mixed','other'])[1 + i % 5]),
        'concern', jsonb_build_object('supportNeeds', CASE WHEN i % 3 = 0 THEN '["mental_health"]'::jsonb ELSE '[]'::jsonb END)),
      f.id, 'DPA_PART3'
    FROM generate_series(${from + 1}::int, ${Math.min(from + batch, total)}::int) AS i JOIN forces f ON f.n = 1 + i % f.c`);
}
await db.execute(sql`
  INSERT INTO threshold_judgements (id, referral_id, concern_present, concern_types, immediate_risk, rationale, recorded_by, recorded_at)
  SELECT gen_random_uuid(), id, 'yes', ARRAY[(ARRAY['islamist','extreme_right_wing','no_ideology_identified'])[1 + abs(hashtext(id::text)) % 3]], 'no', 'r', ${user}, submitted_at
  FROM referrals WHERE abs(hashtext(id::text)) % 5 = 0`);
await db.execute(sql`
  INSERT INTO channel_cases (id, referral_id, local_authority_id, police_org_id, state, referred_at, referred_via, adopted_at)
  SELECT gen_random_uuid(), id, ${la}, owning_org_id, 'adopted', submitted_at, 'gateway', CASE WHEN abs(hashtext(id::text)) % 100 < 85 THEN submitted_at END
  FROM referrals WHERE abs(hashtext(id::text)) % 20 = 0`);
await db.execute(sql`
  INSERT INTO panel_decisions (id, channel_case_id, decision, method, rationale, decided_by, recorded_at)
  SELECT gen_random_uuid(), id, CASE WHEN adopted_at IS NULL THEN 'not_adopt' ELSE 'adopt' END, 'unanimous', 'r', ${user}, referred_at FROM channel_cases`);
await db.execute(sql`
  INSERT INTO consents (id, channel_case_id, status, given_by, giver_name, sought_how, sought_by, sought_on, decided_on, purposes, recorded_by, recorded_at)
  SELECT gen_random_uuid(), id, 'given', 'person', 'p', 'h', 'b', date '2020-01-01', date '2020-01-01', 'p', ${user}, referred_at FROM channel_cases WHERE adopted_at IS NOT NULL`);
await db.execute(sql`ANALYZE`);
const count = (await db.execute(sql`SELECT (SELECT count(*) FROM referrals) r, (SELECT count(*) FROM channel_cases) c`)) as unknown as { rows: unknown[] };
console.log(`loaded in ${((Date.now() - t0) / 1000).toFixed(1)}s`, count.rows[0]);

const service = createStatisticsService(db);
for (const run of [1, 2, 3]) {
  t0 = Date.now();
  const p = await service.forExport('2024-25');
  console.log(`run ${run}: 2024-25 publication in ${Date.now() - t0} ms; referred ${JSON.stringify(p.tables[0]!.rows.map((r) => r.values[0]))}`);
}
const year = statisticsYear(2024);
for (const [name, run] of [
  ['countsByDimension (one year)', () => repo.countsByDimension(db, year.from, '2025-04-01')],
  ['countsByPeriod (five years)', () => repo.countsByPeriod(db, [2020, 2021, 2022, 2023, 2024].flatMap((y) => quarterStarts(statisticsYear(y))), '2025-04-01')],
] as const) {
  t0 = Date.now();
  await run();
  console.log(`${name}: ${Date.now() - t0} ms`);
}
const plan = (await db.execute(sql.raw(`EXPLAIN ANALYZE SELECT count(*) FROM referrals r WHERE r.submitted_at >= ('${year.from}'::timestamp AT TIME ZONE 'Europe/London') AND r.submitted_at < ('2025-04-01'::timestamp AT TIME ZONE 'Europe/London')`))) as unknown as { rows: Array<Record<string, string>> };
console.log(plan.rows.map((r) => Object.values(r)[0]).join('\n'));
await database.close();
