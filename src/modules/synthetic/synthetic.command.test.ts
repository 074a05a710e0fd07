import { describe, expect, it } from 'vitest';
import { defaultThreads, parseSyntheticArgs } from './synthetic.command.js';

describe('seed --synthetic options', () => {
  it('leaves the load to be chosen by the database unless --load names one', () => {
    expect(parseSyntheticArgs(['--synthetic', '--referrals', '10']).load).toBeUndefined();
    expect(parseSyntheticArgs(['--synthetic', '--referrals', '10', '--load', 'batches']).load).toBe('batches');
    expect(parseSyntheticArgs(['--synthetic', '--referrals', '10', '--load', 'bulk']).load).toBe('bulk');
  });

  it('refuses a load it does not know, and a count that is not a whole number, saying how to call it', () => {
    expect(() => parseSyntheticArgs(['--synthetic', '--referrals', '10', '--load', 'sideways'])).toThrow(/--load takes bulk or batches\nUsage: ct-casework seed --synthetic/);
    expect(() => parseSyntheticArgs(['--synthetic', '--referrals', 'many'])).toThrow(/--referrals takes a whole number/);
  });

  it('makes small loads in this thread and large ones in worker threads, unless --threads says (0: this thread)', () => {
    expect(parseSyntheticArgs(['--synthetic', '--referrals', '10']).threads).toBeUndefined();
    expect(parseSyntheticArgs(['--synthetic', '--referrals', '10', '--threads', '0']).threads).toBe(0);
    expect(parseSyntheticArgs(['--synthetic', '--referrals', '10', '--threads', '3']).threads).toBe(3);
    expect(() => parseSyntheticArgs(['--synthetic', '--referrals', '10', '--threads', 'two'])).toThrow(/--threads takes a whole number of 0 or more/);
    expect(defaultThreads(1_000)).toBe(0);
    expect(defaultThreads(1_000_000)).toBeGreaterThan(0);
  });
});
