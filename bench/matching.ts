// Accuracy and speed benchmark for the person-matching engine. Runs every labelled dataset under
// LINKAGE_DATA (default /work/shared/linkage-data) at the engine's one default threshold, with national
// identifiers and phone numbers removed, and reports pairwise precision/recall/F1, blocking recall and
// common-name precision; then dedupes synthetic people (50,000; 1,000,000 with --large) end to end for
// time and peak memory. Labels are used only for measurement. Results go to bench/matching-results.json.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { linkRecords, type PersonRecord } from '../src/modules/people/matching/engine.js';
import { generateSyntheticPeople } from '../src/modules/people/matching/synthetic.js';

const DATA = process.env.LINKAGE_DATA ?? '/work/shared/linkage-data';
const here = path.dirname(fileURLToPath(import.meta.url));

type Row = Record<string, string>;
function readCsv(file: string, delimiter = ','): Row[] {
  return parse(readFileSync(path.join(DATA, file), 'utf8'), { columns: (h: string[]) => h.map((x) => x.trim()), delimiter, trim: true, skip_empty_lines: true, relax_column_count: true }) as Row[];
}
const join = (...parts: Array<string | undefined>) => parts.filter((x) => x && x !== 'NA').join(' ');

export interface Dataset {
  name: string;
  records: PersonRecord[];
  entity: string[];
  linkOnly: boolean;
}

function febrlRecord(r: Row, source?: string): PersonRecord {
  // soc_sec_id and phone_number are deliberately not used.
  return {
    id: `${source ?? ''}${r.rec_id}`,
    source: source ?? null,
    givenName: r.given_name,
    familyName: r.surname,
    dateOfBirth: r.date_of_birth,
    address: join(r.address_1, r.address_2),
    streetNumber: r.street_number,
    locality: r.suburb,
    postcode: r.postcode,
  };
}

export function loadDatasets(): Dataset[] {
  const out: Dataset[] = [];
  const febrlEntity = (id: string) => /rec-(\d+)/.exec(id)?.[1] ?? id;
  for (const k of [1, 2, 3]) {
    const rows = readCsv(`febrl/dataset${k}.csv`);
    out.push({ name: `FEBRL${k}`, records: rows.map((r) => febrlRecord(r)), entity: rows.map((r) => febrlEntity(r.rec_id!)), linkOnly: false });
  }
  {
    const a = readCsv('febrl/dataset4a.csv');
    const b = readCsv('febrl/dataset4b.csv');
    out.push({
      name: 'FEBRL4 (link)',
      records: [...a.map((r) => febrlRecord(r, 'A:')), ...b.map((r) => febrlRecord(r, 'B:'))],
      entity: [...a, ...b].map((r) => febrlEntity(r.rec_id!)),
      linkOnly: true,
    });
  }
  const dsEntity = (id: string) => String(Math.floor(Number(id) / 10));
  for (const size of [1000, 2500, 5000, 10000]) {
    const rows = readCsv(`febrl_dsgen/dataset_C_${size}.csv`);
    out.push({ name: `dsgen C_${size}`, records: rows.map((r) => febrlRecord(r)), entity: rows.map((r) => dsEntity(r.rec_id!)), linkOnly: false });
  }
  {
    const a = readCsv('febrl_dsgen/dataset_F_org_10000.csv');
    const b = readCsv('febrl_dsgen/dataset_F_dup_10000.csv');
    out.push({
      name: 'dsgen F_10000 (link)',
      records: [...a.map((r) => febrlRecord(r, 'A:')), ...b.map((r) => febrlRecord(r, 'B:'))],
      entity: [...a, ...b].map((r) => dsEntity(r.rec_id!)),
      linkOnly: true,
    });
  }
  {
    const rows = readCsv('splink_datasets/fake_1000.csv');
    out.push({
      name: 'fake_1000',
      records: rows.map((r) => ({ id: r.unique_id!, givenName: r.first_name, familyName: r.surname, dateOfBirth: r.dob, locality: r.city, email: r.email })),
      entity: rows.map((r) => r.cluster!),
      linkOnly: false,
    });
  }
  for (const f of ['RLdata500', 'RLdata10000']) {
    const rows = readCsv(`rldata/${f}.csv`);
    out.push({
      name: f,
      records: rows.map((r) => ({ id: r.rec_id!, givenName: join(r.fname_c1, r.fname_c2), familyName: join(r.lname_c1, r.lname_c2), birthYear: r.by, birthMonth: r.bm, birthDay: r.bd })),
      entity: rows.map((r) => r.ent_id!),
      linkOnly: false,
    });
  }
  {
    const a = readCsv('recordlinkage_personaldata/personaldata1000A.csv', ';');
    const b = readCsv('recordlinkage_personaldata/personaldata1000B.csv', ';');
    const rec = (r: Row, s: string): PersonRecord => ({
      id: `${s}${r.record_id}`,
      source: s,
      givenName: r.first_name,
      familyName: r.last_name,
      dateOfBirth: r.birthdate,
      sex: r.sex,
      address: r.street_address,
      locality: r.city,
      postcode: r.postcode,
      email: r.email,
    });
    out.push({
      name: 'personaldata1000 (link)',
      records: [...a.map((r) => rec(r, 'A:')), ...b.map((r) => rec(r, 'B:'))],
      entity: [...a.map((r) => r.entity_id || `A-${r.record_id}`), ...b.map((r) => r.entity_id || `B-${r.record_id}`)],
      linkOnly: true,
    });
  }
  return out;
}

export const key = (i: number, j: number, n: number) => (i < j ? i * n + j : j * n + i);

export function truePairs(d: Dataset): Set<number> {
  const n = d.records.length;
  const groups = new Map<string, number[]>();
  d.entity.forEach((e, i) => {
    const g = groups.get(e);
    if (g) g.push(i);
    else groups.set(e, [i]);
  });
  const out = new Set<number>();
  for (const g of groups.values())
    for (let x = 0; x < g.length; x++)
      for (let y = x + 1; y < g.length; y++) {
        const i = g[x]!;
        const j = g[y]!;
        if (d.linkOnly && d.records[i]!.source === d.records[j]!.source) continue;
        out.add(key(i, j, n));
      }
  return out;
}

function commonNameRecords(d: Dataset): Uint8Array {
  const flag = new Uint8Array(d.records.length);
  for (const field of ['givenName', 'familyName'] as const) {
    const counts = new Map<string, number>();
    for (const r of d.records) {
      const v = (r[field] ?? '').trim().toLowerCase();
      if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1]);
    const top = new Set(sorted.slice(0, Math.max(1, Math.ceil(sorted.length * 0.01))).map(([v]) => v));
    d.records.forEach((r, i) => {
      if (top.has((r[field] ?? '').trim().toLowerCase())) flag[i] = 1;
    });
  }
  return flag;
}

const r4 = (x: number) => Math.round(x * 10000) / 10000;

async function evaluate(d: Dataset) {
  const n = d.records.length;
  const truth = truePairs(d);
  const t0 = performance.now();
  const result = await linkRecords(d.records, { linkOnly: d.linkOnly });
  const seconds = (performance.now() - t0) / 1000;
  const { left, right, weights, count } = result.candidates;
  const tw = result.stats.thresholdWeight;
  const common = commonNameRecords(d);
  let tp = 0;
  let fp = 0;
  let blocked = 0;
  let cTp = 0;
  let cFp = 0;
  for (let k = 0; k < count; k++) {
    const i = left[k]!;
    const j = right[k]!;
    const isTrue = truth.has(key(i, j, n));
    if (isTrue) blocked++;
    if (weights[k]! < tw) continue;
    if (isTrue) tp++;
    else fp++;
    if (common[i] || common[j]) {
      if (isTrue) cTp++;
      else cFp++;
    }
  }
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = truth.size ? tp / truth.size : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  // Pairs implied by the clusters (transitive closure), for comparison.
  const members = new Map<number, number[]>();
  result.clusterOf.forEach((c, i) => {
    const m = members.get(c);
    if (m) m.push(i);
    else members.set(c, [i]);
  });
  let ctp = 0;
  let cpred = 0;
  for (const g of members.values())
    for (let x = 0; x < g.length; x++)
      for (let y = x + 1; y < g.length; y++) {
        if (d.linkOnly && d.records[g[x]!]!.source === d.records[g[y]!]!.source) continue;
        cpred++;
        if (truth.has(key(g[x]!, g[y]!, n))) ctp++;
      }
  const cp = cpred ? ctp / cpred : 1;
  const cr = truth.size ? ctp / truth.size : 1;
  return {
    dataset: d.name,
    records: n,
    truePairs: truth.size,
    candidatePairs: count,
    blockingRecall: r4(truth.size ? blocked / truth.size : 1),
    precision: r4(precision),
    recall: r4(recall),
    f1: r4(f1),
    commonNamePrecision: r4(cTp + cFp ? cTp / (cTp + cFp) : 1),
    commonNamePairs: cTp + cFp,
    clusterF1: r4(cp + cr ? (2 * cp * cr) / (cp + cr) : 0),
    seconds: Math.round(seconds * 100) / 100,
  };
}

async function speed(count: number) {
  const people = generateSyntheticPeople(count, 42);
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 200);
  const t0 = performance.now();
  const result = await linkRecords(people.records, {
    onProgress: () => {
      peak = Math.max(peak, process.memoryUsage().rss);
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  // Synthetic truth is known too; report pairwise quality for information.
  const n = people.records.length;
  let tp = 0;
  let fp = 0;
  const { left, right, weights } = result.candidates;
  for (let k = 0; k < result.candidates.count; k++) {
    if (weights[k]! < result.stats.thresholdWeight) continue;
    if (people.person[left[k]!] === people.person[right[k]!]) tp++;
    else fp++;
  }
  const sizes = new Map<number, number>();
  for (let i = 0; i < n; i++) sizes.set(people.person[i]!, (sizes.get(people.person[i]!) ?? 0) + 1);
  let truePairsCount = 0;
  for (const s of sizes.values()) truePairsCount += (s * (s - 1)) / 2;
  return {
    records: count,
    seconds: Math.round(seconds * 100) / 100,
    peakRssMb: Math.round(peak / 1048576),
    candidatePairs: result.candidates.count,
    precision: r4(tp + fp ? tp / (tp + fp) : 1),
    recall: r4(truePairsCount ? tp / truePairsCount : 1),
    timingsMs: result.stats.timingsMs,
    workers: result.stats.usedWorkers,
  };
}

async function main() {
  const large = process.argv.includes('--large');
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
  const skipSpeed = process.argv.includes('--no-speed');
  const accuracy = [];
  for (const d of loadDatasets()) {
    if (only && !d.name.toLowerCase().includes(only.toLowerCase())) continue;
    const r = await evaluate(d);
    accuracy.push(r);
    process.stdout.write(
      `${r.dataset.padEnd(26)} n=${String(r.records).padStart(6)} true=${String(r.truePairs).padStart(6)} cand=${String(r.candidatePairs).padStart(8)} blockRecall=${r.blockingRecall.toFixed(4)} P=${r.precision.toFixed(4)} R=${r.recall.toFixed(4)} F1=${r.f1.toFixed(4)} commonP=${r.commonNamePrecision.toFixed(4)} (${r.commonNamePairs}) clusterF1=${r.clusterF1.toFixed(4)} ${r.seconds}s\n`,
    );
  }
  const speedResults = [];
  if (!skipSpeed) {
    for (const size of large ? [50_000, 1_000_000] : [50_000]) {
      const s = await speed(size);
      speedResults.push(s);
      process.stdout.write(`synthetic ${size}: ${s.seconds}s peakRSS=${s.peakRssMb}MB cand=${s.candidatePairs} P=${s.precision} R=${s.recall} ${JSON.stringify(s.timingsMs)} workers=${s.workers}\n`);
    }
  }
  if (!only) writeFileSync(path.join(here, 'matching-results.json'), `${JSON.stringify({ generatedAt: new Date().toISOString(), node: process.version, accuracy, speed: speedResults }, null, 2)}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
