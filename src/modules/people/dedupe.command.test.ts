import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runDedupe } from './dedupe.command.js';
import { generateSyntheticPeople } from './matching/synthetic.js';

function capture() {
  const out = new PassThrough();
  let text = '';
  out.on('data', (c: Buffer) => (text += c.toString()));
  return { out, text: () => text };
}

const CSV = `record_id,given_name,family_name,date_of_birth,sex,address,postcode
1,Mohammed,Khan,2001-03-04,M,12 High Street,B1 1AA
2,Muhammad,Khan,04/03/2001,M,12 High St,B1 1AA
3,Sarah,Jones,1990-07-21,F,4 Park Road,M1 1AE
4,Sara,Jones,19900721,F,4 Park Rd,M1 1AE
5,Peter,Okafor,1965-12-01,M,9 Mill Lane,LS1 4AP
6,Nadia,Khan,1975-01-30,F,12 High Street,B1 1AA
`;

describe('ct-casework dedupe', () => {
  it('writes clusters and pairs for a small CSV', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dedupe-'));
    const input = path.join(dir, 'people.csv');
    // Background people give the engine enough data to estimate its parameters.
    const background = generateSyntheticPeople(400, 3).records.map((r) => [`bg${r.id}`, r.givenName, r.familyName, r.dateOfBirth ?? '', r.sex ?? '', r.address, r.postcode ?? ''].join(','));
    writeFileSync(input, `${CSV}${background.join('\n')}\n`);
    const output = path.join(dir, 'clusters.csv');
    const pairs = path.join(dir, 'pairs.csv');
    const never = path.join(dir, 'never.csv');
    writeFileSync(never, 'record_id_l,record_id_r\n3,4\n');
    const c = capture();
    const code = await runDedupe(['--input', input, '--output', output, '--pairs', pairs, '--never-link', never], c.out);
    expect(code).toBe(0);
    const rows = readFileSync(output, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('record_id,cluster_id');
    const cluster = new Map(rows.slice(1).map((r) => r.split(',') as [string, string]));
    expect(cluster.get('1')).toBe(cluster.get('2'));
    expect(cluster.get('3')).not.toBe(cluster.get('4'));
    expect(cluster.get('6')).not.toBe(cluster.get('1'));
    expect(cluster.get('5')).not.toBe(cluster.get('1'));
    const pairRows = readFileSync(pairs, 'utf8').trim().split('\n');
    expect(pairRows[0]).toBe('record_id_l,record_id_r,match_weight,match_probability');
    expect(pairRows.some((r) => /^1,2,/.test(r) || /^2,1,/.test(r))).toBe(true);
    expect(c.text()).toMatch(/406 records/);
  });

  it('reports a missing file and a missing record_id column with exit code 2', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dedupe-'));
    const c1 = capture();
    expect(await runDedupe(['--input', path.join(dir, 'nope.csv'), '--output', path.join(dir, 'o.csv')], c1.out)).toBe(2);
    expect(c1.text()).toMatch(/not found/);
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'id,given_name\n1,Ann\n');
    const c2 = capture();
    expect(await runDedupe(['--input', bad, '--output', path.join(dir, 'o.csv')], c2.out)).toBe(2);
    expect(c2.text()).toMatch(/no record_id column/);
    const c3 = capture();
    expect(await runDedupe(['--input', bad], c3.out)).toBe(2);
    const c4 = capture();
    expect(await runDedupe(['--bogus'], c4.out)).toBe(2);
  });
});
