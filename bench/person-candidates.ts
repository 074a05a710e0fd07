// `npm run bench:people`: does finding candidate people at referral intake stay within the request budget at
// national scale? Seeds synthetic person records with set-based SQL (skewed name frequencies, so Muhammad,
// Smith, Khan and Patel are at least as common as in the country; a tenth are variant records of someone
// already there), then times what intake does for a new referral's subject (findCandidates in the referral's
// transaction), one referral at a time and from several clients at once; prints a table and writes
// bench/people-results.json. Options: --people N (100,000), --queries N (2,000), --concurrency N (8),
// --seed S, --explain (plan of the blocking query for a common name), --reuse (keep an already seeded
// database). DATABASE_URL names the database to use; otherwise `bench_people` on the local server is recreated.
import { cpus, loadavg } from 'node:os';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { sql, TransactionRollbackError, type SQL } from 'drizzle-orm';
import pg from 'pg';
import { markdownTable, onServer } from './support.js';
import { openDatabase, type Database, type Db } from '../src/db/client.js';
import { runMigrations } from '../src/db/migrate.js';
import { rowsOf } from '../src/db/rows.js';
import { blockCandidates, blockingQuery } from '../src/modules/people/candidates/candidates.repository.js';
import { findCandidates } from '../src/modules/people/candidates/findCandidates.js';
import { normaliseName } from '../src/modules/people/matching/normalise.js';
import { seededRandom } from '../src/modules/people/matching/random.js';
import { insertPersonRecord } from '../src/modules/people/people.repository.js';
import type { PersonRecordRow } from '../src/modules/people/personRecords.js';

/** The request budget for the whole intake; candidate finding must fit well inside it. */
export const TARGET_P99_MS = 50;

// Names with relative weights. The long tail (most people nationally have a rarer name) is made from syllables.
const MALE: Array<[string, number]> = [
  ['Muhammad', 14], ['Mohammed', 9], ['Mohammad', 4], ['Mohamed', 3], ['Ahmed', 4], ['Ali', 4], ['Omar', 3], ['Yusuf', 3], ['Ibrahim', 2.5], ['Hamza', 2.5],
  ['Bilal', 2], ['Abdul', 2], ['Hassan', 2], ['Imran', 1.5], ['Usman', 1.5], ['Zain', 1.5], ['Adam', 5], ['Jack', 8], ['James', 9], ['John', 8],
  ['David', 7], ['Daniel', 7], ['Thomas', 6], ['Oliver', 5], ['Harry', 5], ['George', 5], ['William', 5], ['Michael', 7], ['Joshua', 5], ['Ryan', 5],
  ['Liam', 4], ['Connor', 4], ['Callum', 3], ['Kyle', 3], ['Jamie', 3], ['Lewis', 3], ['Luke', 4], ['Matthew', 5], ['Christopher', 4], ['Andrew', 4],
  ['Paul', 4], ['Mark', 4], ['Robert', 4], ['Richard', 3], ['Stephen', 3], ['Peter', 3], ['Sean', 2], ['Dylan', 3], ['Ethan', 3], ['Noah', 3],
  ['Charlie', 3], ['Alfie', 2], ['Reece', 2], ['Jordan', 3], ['Aaron', 2], ['Jakub', 1.5], ['Piotr', 1], ['Arjun', 1], ['Harpreet', 1], ['Gurpreet', 1],
  ['Kwame', 0.5], ['Chidi', 0.5], ['Declan', 1], ['Ciarán', 1], ['Tomás', 0.5],
];
const FEMALE: Array<[string, number]> = [
  ['Aisha', 4], ['Ayesha', 2], ['Fatima', 4], ['Maryam', 3], ['Zainab', 2], ['Amina', 2], ['Khadija', 1.5], ['Hafsa', 1], ['Sana', 1], ['Noor', 1],
  ['Olivia', 5], ['Amelia', 4], ['Isla', 3], ['Emily', 5], ['Sophie', 5], ['Jessica', 5], ['Chloe', 4], ['Sarah', 5], ['Laura', 4], ['Emma', 4],
  ['Hannah', 4], ['Grace', 3], ['Lucy', 3], ['Charlotte', 3], ['Rebecca', 3], ['Amy', 3], ['Megan', 3], ['Ellie', 3], ['Zoë', 2], ['Niamh', 1.5],
  ['Siobhán', 1], ['Priya', 1.5], ['Simran', 1], ['Agnieszka', 0.5], ['Chloé', 0.5],
];
const FAMILY: Array<[string, number]> = [
  ['Smith', 12], ['Jones', 7], ['Williams', 6], ['Taylor', 5], ['Brown', 5], ['Davies', 4], ['Evans', 3.5], ['Wilson', 3.5], ['Thomas', 3.5], ['Johnson', 3],
  ['Roberts', 3], ['Robinson', 3], ['Thompson', 3], ['Wright', 3], ['Walker', 3], ['White', 2.5], ['Edwards', 2.5], ['Hughes', 2.5], ['Green', 2.5], ['Hall', 2.5],
  ['Lewis', 2.5], ['Harris', 2.5], ['Clarke', 2.5], ['Jackson', 2], ['Wood', 2], ['Turner', 2], ['Martin', 2], ['Cooper', 2], ['Hill', 2], ['Ward', 2],
  ['Morris', 2], ['Moore', 2], ['King', 2], ['Watson', 2], ['Baker', 2], ['Harrison', 2], ['Morgan', 2], ['Patel', 8], ['Khan', 10], ['Ahmed', 5],
  ['Ali', 5], ['Hussain', 5], ['Begum', 3], ['Rahman', 3], ['Islam', 2], ['Shah', 2.5], ['Iqbal', 2], ['Mahmood', 2], ['Akhtar', 2], ['Mohammed', 2],
  ['Mohamed', 2], ['Bibi', 1.5], ['Butt', 1.5], ['Malik', 1.5], ['Hussein', 1], ['Singh', 4], ['Kaur', 2], ['Sharma', 1], ['Murphy', 2], ["O'Brien", 1.5],
  ['Kelly', 1.5], ["O'Neill", 1], ['McDonald', 1.5], ['Campbell', 1.5], ['Stewart', 1.5], ['Scott', 1.5], ['Nowak', 1], ['Kowalski', 0.5], ['Wiśniewski', 0.5], ['Abdi', 1],
  ['Osman', 1], ['Okafor', 0.5], ['Mensah', 0.5], ['Smith-Jones', 0.3], ['Ahmed-Khan', 0.3],
];
/** Tail shares: given names made of two or three syllables; family names of two, three or four parts. */
const GIVEN_TAIL = 0.2;
const FAMILY_TAIL: Array<[number, number]> = [[0, 40], [-1, 180], [-2, 350]];
const GIVEN_START = ['Al', 'Ar', 'Bri', 'Ca', 'Da', 'El', 'Fa', 'Ja', 'Ka', 'La', 'Ma', 'Na', 'Ra', 'Sa', 'Ta', 'Za', 'Jo', 'Le', 'Mi', 'Ri'];
const GIVEN_MIDDLE = ['', '', 'n', 'r', 'l', 'v', 'sh', 'th'];
const GIVEN_END = ['an', 'ar', 'el', 'en', 'ia', 'ie', 'in', 'on', 'ra', 'ya', 'ys', 'ah'];
const FAMILY_START = ['Ash', 'Bar', 'Bell', 'Black', 'Brad', 'Brom', 'Cal', 'Car', 'Chad', 'Cran', 'Dal', 'Dun', 'Ed', 'Fair', 'Fen', 'Gar', 'Glad', 'Hal', 'Hart', 'Hol',
  'Ing', 'Kel', 'Lang', 'Lind', 'Mar', 'Mel', 'Mor', 'Nor', 'Pen', 'Ped', 'Ram', 'Red', 'Ros', 'Sal', 'Shel', 'Stan', 'Thorn', 'Wal', 'Wel', 'Wind'];
const FAMILY_MIDDLE = ['a', 'e', 'i', 'o', 'in', 'er', 'an', 'en'];
const FAMILY_END = ['by', 'bury', 'den', 'don', 'ford', 'field', 'gate', 'ham', 'hurst', 'ley', 'low', 'man', 'more', 'ridge', 'son', 'stead', 'ton', 'well', 'wick', 'worth', 'ston', 'ell', 'er', 'ing'];
/** Spelling variants and short forms a second agency might write (keys folded). */
const VARIANTS: Record<string, string> = {
  muhammad: 'Mohammed', mohammed: 'Muhammad', mohammad: 'Muhammad', mohamed: 'Mohammed', ahmed: 'Ahmad', yusuf: 'Yousef', ibrahim: 'Ebrahim', hamza: 'Hamzah',
  omar: 'Umar', usman: 'Uthman', hassan: 'Hasan', aisha: 'Ayesha', ayesha: 'Aisha', fatima: 'Fatimah', maryam: 'Mariam', zainab: 'Zaynab', khadija: 'Khadijah',
  amina: 'Aminah', stephen: 'Steven', matthew: 'Mathew', jakub: 'Jacob', james: 'Jim', william: 'Bill', robert: 'Bob', michael: 'Mike', christopher: 'Chris',
  daniel: 'Dan', thomas: 'Tom', jessica: 'Jess', rebecca: 'Becky', hussain: 'Hussein', hussein: 'Hussain', rahman: 'Rehman', mahmood: 'Mahmud',
  akhtar: 'Akhter', obrien: 'O Brien', oneill: "O'Neil", mcdonald: 'Macdonald', thompson: 'Thomson', clarke: 'Clark', davies: 'Davis',
};
const AREAS = ['B', 'B', 'B', 'M', 'M', 'LS', 'LS', 'BD', 'BB', 'L', 'E', 'E', 'N', 'SE', 'SW', 'NW', 'W', 'LE', 'LE', 'CV', 'WS', 'WV', 'DY', 'OL', 'BL', 'HD', 'WF', 'S',
  'NG', 'DE', 'ST', 'BS', 'CF', 'NP', 'G', 'EH', 'LU', 'SL', 'HA', 'UB', 'IG', 'RM', 'CR', 'TW', 'KT', 'PR', 'BN', 'SO', 'PO', 'NE'];
const UNIT_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ'.split('');
const STREETS = ['High Street', 'Church Road', 'Station Road', 'Victoria Road', 'Green Lane', 'Park Road', 'Manor Road', 'Stratford Road', 'Coventry Road', 'Mill Lane',
  'Queens Road', 'Alexandra Road', 'Grange Road', 'Kings Road', 'Albert Road', 'New Road', 'London Road', 'Bradford Road', 'Leeds Road', 'Oxford Street'];
const SCHOOLS = ['Northfield Academy', 'Park View School', 'St Mary’s RC High School', 'Oak Tree Academy', 'Hillside College', 'Riverside Free School', 'King Edward VI School', 'Moor End Academy'];
/** Common names: queries with these test the worst case of the blocking keys and the name counts. */
const COMMON: Array<[string, string]> = [['Muhammad', 'Khan'], ['Mohammed', 'Ali'], ['Mohammed', 'Hussain'], ['Muhammad', 'Ahmed'], ['Mohammed', 'Patel'], ['John', 'Smith'], ['James', 'Smith'], ['Jack', 'Smith']];

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
const textArray = (list: readonly string[]) => sql.raw(`ARRAY[${list.map(quote).join(',')}]::text[]`);
const intArray = (list: readonly number[]) => sql.raw(`ARRAY[${list.join(',')}]::int[]`);
/** A weighted choice as an array of indexes each repeated in proportion to its weight: `arr[1 + floor(r * len)]` picks. */
function expand(entries: Array<[number, number]>): number[] {
  return entries.flatMap(([index, weight]) => Array<number>(Math.max(1, Math.round(weight * 4))).fill(index));
}
const GIVEN = [...MALE, ...FEMALE];
const GIVEN_TAIL_WEIGHT = (list: Array<[string, number]>) => (list.reduce((s, [, w]) => s + w, 0) * GIVEN_TAIL) / (1 - GIVEN_TAIL);
const malePick = expand([...MALE.map(([, w], i): [number, number] => [i + 1, w]), [0, GIVEN_TAIL_WEIGHT(MALE)]]);
const femalePick = expand([...FEMALE.map(([, w], i): [number, number] => [MALE.length + i + 1, w]), [0, GIVEN_TAIL_WEIGHT(FEMALE)]]);
const familyPick = expand([...FAMILY.map(([, w], i): [number, number] => [i + 1, w]), ...FAMILY_TAIL]);
const variantFrom = Object.keys(VARIANTS);
const variantDisplay = variantFrom.map((k) => VARIANTS[k]!);

/** `arr[1 + floor(r * len)]` as SQL. */
const pickSql = (arr: SQL, len: number, r: string) => sql`(${arr})[1 + floor(${sql.raw(r)} * ${sql.raw(String(len))})::int]`;
const postcodeSql = (r: [string, string, string, string, string]) =>
  sql`${pickSql(textArray(AREAS), AREAS.length, r[0])} || (1 + floor(${sql.raw(r[1])} * 20))::int || floor(${sql.raw(r[2])} * 10)::int || ${pickSql(textArray(UNIT_LETTERS), UNIT_LETTERS.length, r[3])} || ${pickSql(textArray(UNIT_LETTERS), UNIT_LETTERS.length, r[4])}`;
/** A keying slip in a folded name: two letters swapped or one dropped after the first (short names get a doubled letter). */
const typoSql = (f: string, r1: string, r2: string) =>
  sql.raw(`trim(regexp_replace(CASE WHEN length(${f}) < 4 THEN ${f} || right(${f}, 1)
    WHEN ${r2} < 0.5 THEN left(${f}, 1 + floor(${r1} * (length(${f}) - 2))::int) || substr(${f}, 3 + floor(${r1} * (length(${f}) - 2))::int, 1) || substr(${f}, 2 + floor(${r1} * (length(${f}) - 2))::int, 1) || substr(${f}, 4 + floor(${r1} * (length(${f}) - 2))::int)
    ELSE left(${f}, 1 + floor(${r1} * (length(${f}) - 2))::int) || substr(${f}, 3 + floor(${r1} * (length(${f}) - 2))::int) END, ' +', ' ', 'g'))`);

/** Inserts records 1..base as people, then `duplicates` variant records of random ones of them; deterministic ids. */
export async function seedPeople(database: Database, total: number, seed: number, log: (line: string) => void): Promise<number> {
  const t0 = performance.now();
  const duplicates = Math.round(total * 0.1);
  const base = total - duplicates;
  const batch = 100_000;
  await database.withLock(0x70e0b1e, async (db) => {
    // One connection for the whole seeding, so the seed governs every random() below.
    await db.execute(sql`SELECT setseed(${(seed % 1000) / 1000})`);
    const given = (col: string) => sql`CASE WHEN gk > 0 THEN (${textArray(GIVEN.map(([n]) => n))})[gk] ELSE ${sql.raw(col)} END`;
    const givenFolded = sql`CASE WHEN gk > 0 THEN (${textArray(GIVEN.map(([n]) => normaliseName(n)))})[gk] ELSE lower(gtail) END`;
    const ftail = sql`CASE fk WHEN 0 THEN fstart || fend WHEN -1 THEN fstart || fmiddle || fend ELSE fstart || fmiddle || fstart2 || fend END`;
    const family = sql`CASE WHEN fk > 0 THEN (${textArray(FAMILY.map(([n]) => n))})[fk] ELSE ${ftail} END`;
    const familyFolded = sql`CASE WHEN fk > 0 THEN (${textArray(FAMILY.map(([n]) => normaliseName(n)))})[fk] ELSE lower(${ftail}) END`;
    for (let from = 1; from <= base; from += batch) {
      const to = Math.min(from + batch - 1, base);
      await db.execute(sql`
        INSERT INTO person_records (id, given_name, family_name, given_folded, family_folded, date_of_birth, birth_year, gender, postcode, address, school, created_at)
        SELECT id, ${given('gtail')}, ${family}, ${givenFolded}, ${familyFolded}, dob, coalesce(extract(year FROM dob)::int, approx_year), gender, postcode,
          CASE WHEN r9 < 0.7 THEN (1 + floor(r10 * 180))::int || ' ' || ${pickSql(textArray(STREETS), STREETS.length, 'r11')} END,
          CASE WHEN coalesce(extract(year FROM dob)::int, approx_year) >= 2004 AND r12 < 0.6 THEN ${pickSql(textArray(SCHOOLS), SCHOOLS.length, 'r13')} END,
          now() - r14 * interval '3650 days'
        FROM (
          SELECT md5('p' || i)::uuid AS id, gender, r9, r10, r11, r12, r13, r14,
            CASE WHEN gender = 'female' THEN ${pickSql(intArray(femalePick), femalePick.length, 'r1')} ELSE ${pickSql(intArray(malePick), malePick.length, 'r1')} END AS gk,
            ${pickSql(intArray(familyPick), familyPick.length, 'r2')} AS fk,
            ${pickSql(textArray(GIVEN_START), GIVEN_START.length, 'r3')} || CASE WHEN r5 < 0.5 THEN '' ELSE ${pickSql(textArray(GIVEN_MIDDLE), GIVEN_MIDDLE.length, 'r4')} END || ${pickSql(textArray(GIVEN_END), GIVEN_END.length, 'r6')} AS gtail,
            ${pickSql(textArray(FAMILY_START), FAMILY_START.length, 'r21')} AS fstart, ${pickSql(textArray(FAMILY_MIDDLE), FAMILY_MIDDLE.length, 'r22')} AS fmiddle,
            lower(${pickSql(textArray(FAMILY_START), FAMILY_START.length, 'r23')}) AS fstart2, ${pickSql(textArray(FAMILY_END), FAMILY_END.length, 'r24')} AS fend,
            -- Referrals are mostly about young people: births skew towards 2015.
            CASE WHEN r8 >= 0.08 THEN date '1955-01-01' + floor(power(rd, 0.6) * 22279)::int END AS dob,
            1955 + floor(power(rd, 0.6) * 61)::int AS approx_year,
            CASE WHEN r15 < 0.85 THEN ${postcodeSql(['r16', 'r17', 'r18', 'r19', 'r20'])} END AS postcode
          FROM (
            SELECT i, CASE WHEN rg < 0.72 THEN 'male' WHEN rg < 0.97 THEN 'female' END AS gender,
              random() r1, random() r2, random() r3, random() r4, random() r5, random() r6, random() r7, random() r8, random() rd, random() r9, random() r10,
              random() r11, random() r12, random() r13, random() r14, random() r15, random() r16, random() r17, random() r18, random() r19, random() r20,
              random() r21, random() r22, random() r23, random() r24
            FROM (SELECT i, random() AS rg FROM generate_series(${from}::int, ${to}::int) AS i) g
          ) r
        ) x`);
      log(`  people ${to}/${base} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    }
    // Variant records: a later referral about someone already known, written down differently. A third were
    // already joined to that person by an officer.
    const vf = textArray(variantFrom);
    const vd = textArray(variantDisplay);
    const vfFolded = textArray(variantDisplay.map((n) => normaliseName(n)));
    for (let from = 1; from <= duplicates; from += batch) {
      const to = Math.min(from + batch - 1, duplicates);
      await db.execute(sql`
        INSERT INTO person_records (id, given_name, family_name, given_folded, family_folded, date_of_birth, birth_year, gender, postcode, address, school, created_at, merged_into_id)
        SELECT id, given_name, family_name, given_folded, family_folded, dob, coalesce(extract(year FROM dob)::int, birth_year), gender, postcode, address, school, created_at, merged_into_id
        FROM (
          SELECT id, gender, school, created_at, merged_into_id,
            CASE WHEN gv IS NOT NULL THEN (${vd})[gv] WHEN gt THEN initcap(${typoSql('given_folded', 'r1', 'r2')}) ELSE given_name END AS given_name,
            CASE WHEN gv IS NOT NULL THEN (${vfFolded})[gv] WHEN gt THEN ${typoSql('given_folded', 'r1', 'r2')} ELSE given_folded END AS given_folded,
            CASE WHEN fv IS NOT NULL THEN (${vd})[fv] WHEN ft THEN initcap(${typoSql('family_folded', 'r1', 'r2')}) ELSE family_name END AS family_name,
            CASE WHEN fv IS NOT NULL THEN (${vfFolded})[fv] WHEN ft THEN ${typoSql('family_folded', 'r1', 'r2')} ELSE family_folded END AS family_folded,
            CASE
              WHEN kind >= 0.90 THEN NULL
              WHEN kind >= 0.55 AND kind < 0.67 THEN CASE WHEN extract(day FROM date_of_birth) <= 12 AND extract(day FROM date_of_birth) <> extract(month FROM date_of_birth)
                THEN make_date(extract(year FROM date_of_birth)::int, extract(day FROM date_of_birth)::int, extract(month FROM date_of_birth)::int) ELSE date_of_birth + 1 END
              WHEN kind >= 0.67 AND kind < 0.77 THEN CASE WHEN r1 < 0.5 THEN date_of_birth + CASE WHEN r2 < 0.5 THEN 1 ELSE -1 END
                ELSE (date_of_birth + CASE WHEN r2 < 0.5 THEN interval '1 year' ELSE interval '-1 year' END)::date END
              ELSE date_of_birth END AS dob,
            CASE WHEN kind >= 0.90 THEN birth_year + floor(r1 * 3)::int - 1 ELSE birth_year END AS birth_year,
            CASE WHEN moved THEN ${postcodeSql(['r3', 'r4', 'r5', 'r6', 'r7'])} ELSE postcode END AS postcode,
            CASE WHEN moved THEN (1 + floor(r8 * 180))::int || ' ' || ${pickSql(textArray(STREETS), STREETS.length, 'r1')} ELSE address END AS address
          FROM (
            SELECT md5('d' || s.j)::uuid AS id, p.given_name, p.family_name, p.given_folded, p.family_folded, p.date_of_birth, p.birth_year, p.gender, p.postcode,
              p.address, p.school, p.created_at + (now() - p.created_at) * s.r8 AS created_at, s.kind, s.r1, s.r2, s.r3, s.r4, s.r5, s.r6, s.r7, s.r8,
              CASE WHEN s.rlink < 0.33 THEN p.id END AS merged_into_id,
              CASE WHEN s.kind < 0.25 THEN array_position(${vf}, p.given_folded) END AS gv,
              CASE WHEN s.kind >= 0.25 AND s.kind < 0.40 THEN array_position(${vf}, p.family_folded) END AS fv,
              (s.kind < 0.25 AND array_position(${vf}, p.given_folded) IS NULL) OR (s.kind >= 0.40 AND s.kind < 0.55 AND s.r9 < 0.5) AS gt,
              (s.kind >= 0.25 AND s.kind < 0.40 AND array_position(${vf}, p.family_folded) IS NULL) OR (s.kind >= 0.40 AND s.kind < 0.55 AND s.r9 >= 0.5) AS ft,
              (s.kind >= 0.77 AND s.kind < 0.90) OR s.rmove < 0.3 AS moved
            FROM (
              SELECT j, 1 + floor(random() * ${base})::int AS src, random() kind, random() rlink, random() rmove,
                random() r1, random() r2, random() r3, random() r4, random() r5, random() r6, random() r7, random() r8, random() r9
              FROM generate_series(${from}::int, ${to}::int) AS j
            ) s JOIN person_records p ON p.id = md5('p' || s.src)::uuid
          ) d
        ) v`);
      log(`  variant records ${to}/${duplicates} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    }
  });
  await database.db.execute(sql`VACUUM ANALYZE person_records`);
  return (performance.now() - t0) / 1000;
}

// ---- query records: new referrals' subjects ----

type Kind = 'repeat' | 'new' | 'common';
type QueryRecord = Pick<PersonRecordRow, 'id' | 'givenName' | 'familyName' | 'givenFolded' | 'familyFolded' | 'dateOfBirth' | 'birthYear' | 'gender' | 'postcode' | 'address' | 'school'>;
interface Query {
  kind: Kind;
  record: QueryRecord;
  /** The person the subject really is, when already known. */
  sourceRootId: string | null;
}
type Stored = QueryRecord & { rootId: string };

const titleCase = (folded: string) => folded.replace(/\b[a-z]/g, (c) => c.toUpperCase());

function makeQueries(count: number, seed: number, sample: Stored[], commonSample: Stored[]): Query[] {
  const rnd = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const weighted = (list: Array<[string, number]>) => {
    let r = rnd() * list.reduce((s, [, w]) => s + w, 0);
    for (const [name, w] of list) if ((r -= w) < 0) return name;
    return list[0]![0];
  };
  const postcode = () => `${pick(AREAS)}${1 + Math.floor(rnd() * 20)}${Math.floor(rnd() * 10)}${pick(UNIT_LETTERS)}${pick(UNIT_LETTERS)}`;
  const dob = () => new Date(Date.UTC(1955, 0, 1) + Math.floor(Math.pow(rnd(), 0.6) * 22279) * 86_400_000).toISOString().slice(0, 10);
  const typo = (f: string) => {
    if (f.length < 4) return f + f.slice(-1);
    const p = 1 + Math.floor(rnd() * (f.length - 2));
    const out = rnd() < 0.5 ? f.slice(0, p) + f[p + 1]! + f[p]! + f.slice(p + 2) : f.slice(0, p) + f.slice(p + 1);
    return out.replace(/ +/g, ' ').trim();
  };
  const withName = (r: QueryRecord, part: 'given' | 'family', display: string): QueryRecord =>
    part === 'given' ? { ...r, givenName: display, givenFolded: normaliseName(display) } : { ...r, familyName: display, familyFolded: normaliseName(display) };
  const shift = (d: string, days: number) => new Date(Date.parse(`${d}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  const yearOf = (d: string | null, fallback: number | null) => (d ? Number(d.slice(0, 4)) : fallback);

  /** The same person as the referrer of this new referral wrote them down. */
  function perturb(s: Stored): QueryRecord {
    const { rootId: _root, ...fields } = s;
    let r: QueryRecord = { ...fields, id: randomUUID() };
    const kind = rnd();
    if (kind < 0.15) return r;
    if (kind < 0.4) {
      const part = rnd() < 0.6 ? 'given' : 'family';
      const folded = part === 'given' ? r.givenFolded : r.familyFolded;
      r = withName(r, part, VARIANTS[folded] ?? titleCase(typo(folded)));
    } else if (kind < 0.55) {
      const part = rnd() < 0.5 ? 'given' : 'family';
      r = withName(r, part, titleCase(typo(part === 'given' ? r.givenFolded : r.familyFolded)));
    } else if (kind < 0.67 && r.dateOfBirth) {
      const [y, m, d] = r.dateOfBirth.split('-');
      r.dateOfBirth = Number(d) <= 12 && d !== m ? `${y}-${d}-${m}` : shift(r.dateOfBirth, 1);
    } else if (kind < 0.77 && r.dateOfBirth) {
      r.dateOfBirth = shift(r.dateOfBirth, rnd() < 0.5 ? 1 : -365);
    } else if (kind < 0.9) {
      r.postcode = postcode();
      r.address = null;
    } else {
      r.birthYear = yearOf(r.dateOfBirth, r.birthYear);
      r.birthYear = r.birthYear === null ? null : r.birthYear + Math.floor(rnd() * 3) - 1;
      r.dateOfBirth = null;
    }
    r.birthYear = yearOf(r.dateOfBirth, r.birthYear);
    return r;
  }
  function fresh(given: string, family: string, gender: string): QueryRecord {
    const d = rnd() < 0.92 ? dob() : null;
    return {
      id: randomUUID(), givenName: given, familyName: family, givenFolded: normaliseName(given), familyFolded: normaliseName(family),
      dateOfBirth: d, birthYear: d ? Number(d.slice(0, 4)) : 1955 + Math.floor(Math.pow(rnd(), 0.6) * 61), gender,
      postcode: rnd() < 0.85 ? postcode() : null, address: null, school: null,
    };
  }
  const queries: Query[] = [];
  for (let k = 0; k < count; k++) {
    const r = rnd();
    if (r < 0.65 && sample.length > 0) {
      const s = sample[k % sample.length]!;
      queries.push({ kind: 'repeat', record: perturb(s), sourceRootId: s.rootId });
    } else if (r < 0.85 || commonSample.length === 0) {
      const female = rnd() < 0.28;
      const given = rnd() < 0.8 ? weighted(female ? FEMALE : MALE) : `${pick(GIVEN_START)}${pick(GIVEN_END)}`;
      const family = rnd() < 0.55 ? weighted(FAMILY) : `${pick(FAMILY_START)}${pick(FAMILY_MIDDLE)}${pick(FAMILY_START).toLowerCase()}${pick(FAMILY_END)}`;
      queries.push({ kind: 'new', record: fresh(given, family, female ? 'female' : 'male'), sourceRootId: null });
    } else if (rnd() < 0.5) {
      const s = commonSample[k % commonSample.length]!;
      queries.push({ kind: 'common', record: perturb(s), sourceRootId: s.rootId });
    } else {
      const [given, family] = pick(COMMON);
      queries.push({ kind: 'common', record: fresh(given, family, 'male'), sourceRootId: null });
    }
  }
  return queries;
}

// ---- measurement ----

export interface Stats {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

function stats(ms: number[]): Stats {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? 0;
  const round = (x: number) => Math.round(x * 100) / 100;
  return { count: s.length, p50: round(at(0.5)), p95: round(at(0.95)), p99: round(at(0.99)), max: round(at(1)), mean: round(s.reduce((a, b) => a + b, 0) / Math.max(s.length, 1)) };
}

/** Runs fn in a transaction that is then rolled back: the bench leaves the table as seeded. */
async function rolledBack<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  let out: { value: T } | undefined;
  try {
    await db.transaction(async (tx) => {
      out = { value: await fn(tx as unknown as Db) };
      tx.rollback();
    });
  } catch (err) {
    if (!(err instanceof TransactionRollbackError)) throw err;
  }
  if (!out) throw new Error('transaction ended without a result');
  return out.value;
}

interface Timed {
  ms: number;
  candidates: number;
  offered: boolean;
  blocked?: number;
  sourceBlocked?: boolean;
}

/**
 * What intake does in the referral's transaction: insert the subject's person record, then find and score the
 * candidates (timed). Storing them needs a referral row (person_match_candidates references referrals), so the
 * bench stops before insertCandidates; those are at most MAX_CANDIDATES small rows.
 */
async function timeOne(db: Db, q: Query, countBlocked: boolean): Promise<Timed> {
  return rolledBack(db, async (tx) => {
    await insertPersonRecord(tx, { ...q.record, createdAt: new Date() });
    const t0 = performance.now();
    const found = await findCandidates(tx, q.record, q.record.id);
    const ms = performance.now() - t0;
    const out: Timed = { ms, candidates: found.length, offered: q.sourceRootId !== null && found.some((c) => c.record.rootId === q.sourceRootId) };
    if (countBlocked) {
      const rows = await blockCandidates(tx, blockingOf(q.record));
      out.blocked = rows.length;
      out.sourceBlocked = q.sourceRootId !== null && rows.some((r) => r.rootId === q.sourceRootId);
    }
    return out;
  });
}

const blockingOf = (r: QueryRecord) => ({ givenFolded: r.givenFolded, familyFolded: r.familyFolded, dateOfBirth: r.dateOfBirth, birthYear: r.birthYear, postcode: r.postcode, selfRootId: r.id });

export interface PeopleBenchOptions {
  people: number;
  queries: number;
  concurrency: number;
  seed: number;
  explain: boolean;
  /** Keep the person records already there (a database seeded by an earlier run). */
  reuse?: boolean;
  log?: (line: string) => void;
}

export interface PeopleBenchResults {
  generatedAt: string;
  database: 'postgres' | 'pglite';
  server: string;
  machine: { cpus: number; cpuModel: string; loadAverageBefore: number[]; loadAverageAfter: number[] };
  people: number;
  seedSeconds: number | null;
  measured: string;
  queries: number;
  concurrency: number;
  sequential: Stats;
  concurrent: Stats;
  /** Referrals' candidates found per second by the concurrent clients together. */
  concurrentPerSecond: number;
  /** CPU this process spent per referral during the concurrent run. */
  nodeCpuMsPerReferral: number;
  byKind: Record<Kind, Stats>;
  meanBlockedRows: number;
  maxBlockedRows: number;
  meanCandidates: number;
  /** Of the queries about someone already known: the share whose person the blocking reached, and the share offered. */
  sourceBlocked: number;
  sourceOffered: number;
  targetP99Ms: number;
  met: boolean;
  explain: string | null;
}

export async function runPeopleBench(database: Database, o: PeopleBenchOptions): Promise<PeopleBenchResults> {
  const log = o.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const db = database.db;
  const loadAverageBefore = loadavg().map((x) => Math.round(x * 100) / 100);
  const existing = Number(rowsOf<{ n: number }>(await db.execute(sql`SELECT count(*)::int AS n FROM person_records`))[0]?.n ?? 0);
  let seedSeconds: number | null = null;
  if (!(o.reuse && existing > 0)) {
    if (existing > 0) throw new Error(`person_records already holds ${existing} rows: seed an empty database (or pass --reuse)`);
    log(`seeding ${o.people} person records`);
    seedSeconds = await seedPeople(database, o.people, o.seed, log);
    log(`seeded ${o.people} person records in ${seedSeconds.toFixed(1)} s`);
  }
  const people = Number(rowsOf<{ n: number }>(await db.execute(sql`SELECT count(*)::int AS n FROM person_records`))[0]?.n ?? 0);

  const columns = sql`id, given_name AS "givenName", family_name AS "familyName", given_folded AS "givenFolded", family_folded AS "familyFolded",
    date_of_birth::text AS "dateOfBirth", birth_year AS "birthYear", gender, postcode, address, school, coalesce(merged_into_id, id) AS "rootId"`;
  const sample = rowsOf<Stored>(await db.execute(sql`SELECT ${columns} FROM person_records ORDER BY md5(id::text || ${String(o.seed)}) LIMIT ${o.queries}`));
  const commonFolded = COMMON.map(([g, f]) => `${normaliseName(g)} ${normaliseName(f)}`);
  const commonSample = rowsOf<Stored>(
    await db.execute(sql`SELECT ${columns} FROM person_records WHERE given_folded || ' ' || family_folded IN (${sql.join(commonFolded.map((c) => sql`${c}`), sql`, `)})
      ORDER BY md5(id::text || ${String(o.seed)}) LIMIT ${o.queries}`),
  );
  const queries = makeQueries(o.queries, o.seed + 1, sample, commonSample);

  // Warm the cache and the code paths first: a running service has both.
  for (const q of queries.slice(0, Math.min(100, queries.length))) await timeOne(db, q, false);

  log(`timing ${queries.length} queries one at a time`);
  const sequential: Array<Timed & { kind: Kind; known: boolean }> = [];
  for (const q of queries) sequential.push({ ...(await timeOne(db, q, true)), kind: q.kind, known: q.sourceRootId !== null });

  log(`timing ${queries.length} queries from ${o.concurrency} clients`);
  const concurrentMs: number[] = [];
  let next = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: o.concurrency }, async () => {
      while (next < queries.length) {
        const q = queries[next++]!;
        concurrentMs.push((await timeOne(db, q, false)).ms);
      }
    }),
  );
  const perSecond = Math.round(queries.length / ((performance.now() - started) / 1000));
  const used = process.cpuUsage(cpu);
  // This process's CPU per referral (scoring, drivers; also the bench's own insert and rollback): the rest is the database's.
  const nodeCpuMs = Math.round(((used.user + used.system) / 1000 / queries.length) * 100) / 100;

  let explain: string | null = null;
  if (o.explain) {
    const q = queries.find((x) => x.kind === 'common' && x.record.dateOfBirth) ?? queries[0];
    const query = q ? blockingQuery(blockingOf(q.record)) : null;
    if (q && query) {
      explain = await rolledBack(db, async (tx) => {
        await insertPersonRecord(tx, { ...q.record, createdAt: new Date() });
        const plan = rowsOf<Record<string, string>>(await tx.execute(sql`EXPLAIN (ANALYZE, BUFFERS) ${query}`));
        return `${q.record.givenName} ${q.record.familyName}, ${q.record.dateOfBirth ?? `born ${q.record.birthYear}`}, ${q.record.postcode ?? 'no postcode'}\n${plan.map((r) => Object.values(r)[0]).join('\n')}`;
      });
    }
  }

  const known = sequential.filter((t) => t.known);
  const share = (n: number) => Math.round((n / Math.max(known.length, 1)) * 1000) / 1000;
  const seq = stats(sequential.map((t) => t.ms));
  const conc = stats(concurrentMs);
  const server = database.kind === 'postgres' ? String(rowsOf<{ v: string }>(await db.execute(sql`SELECT current_setting('server_version') AS v`))[0]?.v ?? '') : 'PGlite';
  return {
    generatedAt: new Date().toISOString(),
    database: database.kind,
    server,
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '', loadAverageBefore, loadAverageAfter: loadavg().map((x) => Math.round(x * 100) / 100) },
    people,
    seedSeconds: seedSeconds === null ? null : Math.round(seedSeconds * 10) / 10,
    measured: 'findCandidates (blocking query, name counts, scoring) in the intake transaction after the new person record is inserted; insertCandidates is not included (it needs a referral row)',
    queries: queries.length,
    concurrency: o.concurrency,
    sequential: seq,
    concurrent: conc,
    concurrentPerSecond: perSecond,
    nodeCpuMsPerReferral: nodeCpuMs,
    byKind: {
      repeat: stats(sequential.filter((t) => t.kind === 'repeat').map((t) => t.ms)),
      new: stats(sequential.filter((t) => t.kind === 'new').map((t) => t.ms)),
      common: stats(sequential.filter((t) => t.kind === 'common').map((t) => t.ms)),
    },
    meanBlockedRows: Math.round((sequential.reduce((s, t) => s + (t.blocked ?? 0), 0) / Math.max(sequential.length, 1)) * 10) / 10,
    maxBlockedRows: Math.max(0, ...sequential.map((t) => t.blocked ?? 0)),
    meanCandidates: Math.round((sequential.reduce((s, t) => s + t.candidates, 0) / Math.max(sequential.length, 1)) * 100) / 100,
    sourceBlocked: share(known.filter((t) => t.sourceBlocked).length),
    sourceOffered: share(known.filter((t) => t.offered).length),
    targetP99Ms: TARGET_P99_MS,
    met: seq.p99 < TARGET_P99_MS && conc.p99 < TARGET_P99_MS,
    explain,
  };
}

export function formatPeopleTable(r: PeopleBenchResults): string {
  const ms = (s: Stats) => `${s.p50} / ${s.p95} / ${s.p99} / ${s.max}`;
  const target = `p99 < ${r.targetP99Ms}`;
  const verdict = (s: Stats) => (s.p99 < r.targetP99Ms ? 'met' : 'NOT MET');
  const rows: string[][] = [
    ['findCandidates, one at a time (ms p50/p95/p99/max)', ms(r.sequential), target, verdict(r.sequential)],
    [`findCandidates, ${r.concurrency} clients (ms p50/p95/p99/max)`, ms(r.concurrent), target, verdict(r.concurrent)],
    [`Throughput, ${r.concurrency} clients`, `${r.concurrentPerSecond} referrals/s`, '', ''],
    ['Node CPU per referral (scoring, driver)', `${r.nodeCpuMsPerReferral} ms`, '', ''],
    [`  repeat referrals (${r.byKind.repeat.count})`, ms(r.byKind.repeat), '', ''],
    [`  new people (${r.byKind.new.count})`, ms(r.byKind.new), '', ''],
    [`  most common names (${r.byKind.common.count})`, ms(r.byKind.common), '', ''],
    ['Blocked rows per referral (mean / max)', `${r.meanBlockedRows} / ${r.maxBlockedRows}`, '', ''],
    ['Candidates offered per referral (mean)', String(r.meanCandidates), '', ''],
    ['Known person reached by blocking / offered', `${(r.sourceBlocked * 100).toFixed(1)}% / ${(r.sourceOffered * 100).toFixed(1)}%`, '', ''],
  ];
  const seeded = r.seedSeconds === null ? 'reused' : `seeded in ${r.seedSeconds} s`;
  const title = `${r.people} person records (${seeded}) on ${r.database} ${r.server}; ${r.queries} referrals; ${r.machine.cpus} CPUs, load ${r.machine.loadAverageBefore.join(' ')} before, ${r.machine.loadAverageAfter.join(' ')} after`;
  return markdownTable(title, ['Measurement', 'Value', 'Target', ''], rows);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { people: { type: 'string' }, queries: { type: 'string' }, concurrency: { type: 'string' }, seed: { type: 'string' }, explain: { type: 'boolean' }, reuse: { type: 'boolean' } },
  });
  let url = process.env.DATABASE_URL;
  if (url && new URL(url).pathname === '/test') throw new Error('DATABASE_URL names the test database: point it at a database of its own for the bench');
  if (!url) {
    const server = 'postgres://postgres@127.0.0.1:5432';
    const existing = await (async () => {
      const client = new pg.Client({ connectionString: `${server}/postgres` });
      await client.connect();
      try {
        return (await client.query(`SELECT 1 FROM pg_database WHERE datname = 'bench_people'`)).rowCount ?? 0;
      } finally {
        await client.end();
      }
    })();
    if (!(values.reuse && existing > 0)) {
      await onServer(`${server}/postgres`, 'DROP DATABASE IF EXISTS bench_people WITH (FORCE)');
      await onServer(`${server}/postgres`, 'CREATE DATABASE bench_people');
    }
    url = `${server}/bench_people`;
  }
  const concurrency = Number(values.concurrency ?? 8);
  const database = await openDatabase({ databaseUrl: url, poolSize: concurrency + 2 });
  try {
    await runMigrations(database);
    const results = await runPeopleBench(database, {
      people: Number(values.people ?? 100_000),
      queries: Number(values.queries ?? 2_000),
      concurrency,
      seed: Number(values.seed ?? 1),
      explain: values.explain ?? false,
      reuse: values.reuse ?? false,
    });
    if (results.explain) process.stdout.write(`EXPLAIN (ANALYZE, BUFFERS) of the blocking query for ${results.explain}\n\n`);
    process.stdout.write(`${formatPeopleTable(results)}\n`);
    writeFileSync(new URL('./people-results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
  } finally {
    await database.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    // A failed query's own message is in its cause (drizzle's message is the whole statement).
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : '';
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message).slice(0, 2000) : String(err)}\n${cause}\n`);
    process.exitCode = 1;
  });
}
