// The `ct-casework dedupe` command: runs the person-matching engine over a CSV of people and writes one
// cluster id per record (and optionally every scored pair), so duplicate referrals about one person can
// be found offline from an export, with no database. Input problems are reported plainly with exit code 2.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { linkRecords, type PersonRecord, type Stage } from './matching/engine.js';

const USAGE = `Usage: ct-casework dedupe --input people.csv --output clusters.csv [--link-only --source-column source]
                          [--pairs pairs.csv] [--never-link never.csv]
Input columns: record_id (required), given_name, family_name, date_of_birth, sex, address, postcode;
optional birth_year, birth_month, birth_day, street_number, address_1, address_2, locality (or suburb, town,
city), nhs_number, school, email.`;

class UsageError extends Error {}

function csvField(value: string | number): string {
  const s = String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function readRows(file: string, what: string): Record<string, string>[] {
  if (!existsSync(file)) throw new UsageError(`${what} file not found: ${file}`);
  try {
    return parse(readFileSync(file, 'utf8'), { columns: (h: string[]) => h.map((x) => x.trim().toLowerCase()), trim: true, skip_empty_lines: true, bom: true, relax_column_count: true }) as Record<string, string>[];
  } catch (err) {
    throw new UsageError(`${what} file ${file} is not valid CSV: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** A small progress bar on stderr, shown only when stderr is a terminal. */
function progressBar(): (stage: Stage, done: number, total: number) => void {
  const stderr = process.stderr;
  if (!stderr.isTTY) return () => {};
  const stages: Stage[] = ['prepare', 'block', 'compare', 'estimate', 'score', 'cluster'];
  return (stage, done, total) => {
    const finished = stages.indexOf(stage) + (total > 0 && done >= total ? 1 : 0);
    const width = 30;
    const filled = Math.round((finished / stages.length) * width);
    stderr.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${stage.padEnd(8)}`);
    if (stage === 'cluster' && done >= total) stderr.write('\n');
  };
}

export async function runDedupe(args: string[], out: NodeJS.WritableStream): Promise<number> {
  try {
    const { values } = parseArgs({
      args,
      allowPositionals: false,
      options: {
        input: { type: 'string' },
        output: { type: 'string' },
        'link-only': { type: 'boolean' },
        'source-column': { type: 'string' },
        pairs: { type: 'string' },
        'never-link': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      out.write(`${USAGE}\n`);
      return 0;
    }
    if (!values.input || !values.output) throw new UsageError('Both --input and --output are required.');
    const rows = readRows(values.input, 'Input');
    const first = rows[0];
    if (!first || !('record_id' in first)) throw new UsageError(`Input file ${values.input} has no record_id column (or no rows).`);
    const sourceColumn = (values['source-column'] ?? 'source').toLowerCase();
    if (values['link-only'] && !(sourceColumn in first)) throw new UsageError(`--link-only needs a ${sourceColumn} column in the input.`);
    const seen = new Set<string>();
    const records: PersonRecord[] = rows.map((r, k) => {
      const id = r.record_id ?? '';
      if (!id) throw new UsageError(`Row ${k + 2} has an empty record_id.`);
      if (seen.has(id)) throw new UsageError(`record_id ${id} appears more than once.`);
      seen.add(id);
      return {
        id,
        source: values['link-only'] ? (r[sourceColumn] ?? '') : null,
        givenName: r.given_name,
        familyName: r.family_name,
        dateOfBirth: r.date_of_birth,
        birthYear: r.birth_year,
        birthMonth: r.birth_month,
        birthDay: r.birth_day,
        sex: r.sex,
        address: r.address || [r.address_1, r.address_2].filter(Boolean).join(' ') || undefined,
        streetNumber: r.street_number ?? r.house_number,
        locality: r.locality ?? r.suburb ?? r.town ?? r.city,
        postcode: r.postcode,
        nhsNumber: r.nhs_number,
        school: r.school,
        email: r.email,
      };
    });
    const neverLink: Array<[string, string]> = [];
    if (values['never-link']) {
      for (const r of readRows(values['never-link'], 'Never-link')) {
        const [a, b] = Object.values(r);
        if (a && b) neverLink.push([a, b]);
      }
    }
    const result = await linkRecords(records, { linkOnly: values['link-only'] ?? false, neverLink, onProgress: progressBar(), reportMinProbability: 0.5 });
    const lines = ['record_id,cluster_id'];
    for (const c of result.clusters) lines.push(`${csvField(c.recordId)},${c.clusterId}`);
    writeFileSync(values.output, `${lines.join('\n')}\n`);
    if (values.pairs) {
      const pairLines = ['record_id_l,record_id_r,match_weight,match_probability'];
      const { left, right, weights, count } = result.candidates;
      for (let k = 0; k < count; k++) {
        const w = weights[k]!;
        pairLines.push(`${csvField(records[left[k]!]!.id)},${csvField(records[right[k]!]!.id)},${w.toFixed(3)},${(1 / (1 + Math.pow(2, -w))).toFixed(6)}`);
      }
      writeFileSync(values.pairs, `${pairLines.join('\n')}\n`);
    }
    out.write(`${records.length} records, ${result.stats.blocking.candidatePairs} pairs compared, ${result.stats.clusters} people (threshold: match probability ${result.stats.threshold}). Wrote ${values.output}${values.pairs ? ` and ${values.pairs}` : ''}.\n`);
    return 0;
  } catch (err) {
    if (err instanceof UsageError || (err instanceof Error && 'code' in err && String((err as { code: unknown }).code).startsWith('ERR_PARSE_ARGS'))) {
      out.write(`${err.message}\n${USAGE}\n`);
      return 2;
    }
    throw err;
  }
}
