// Synthetic person records with realistic errors, from a fixed seed. Used by the speed benchmark and by
// tests that need known duplicates without real data: people are drawn from name/postcode pools with
// skewed frequencies, and duplicates get typos, nicknames, transliteration variants, swapped date parts,
// missing fields and moved addresses.
import { seededRandom } from './random.js';
import type { PersonRecord } from './types.js';

const GIVEN_M = ['james', 'john', 'robert', 'michael', 'william', 'david', 'richard', 'thomas', 'daniel', 'matthew', 'mohammed', 'muhammad', 'ali', 'yusuf', 'omar', 'ahmed', 'adam', 'oliver', 'harry', 'jack', 'george', 'noah', 'charlie', 'jacob', 'alfie', 'freddie', 'oscar', 'leo', 'archie', 'joshua', 'samuel', 'joseph', 'benjamin', 'alexander', 'aleksandr', 'ibrahim', 'hamza', 'bilal', 'tariq', 'kevin', 'stephen', 'andrew', 'peter', 'paul', 'mark', 'christopher', 'anthony', 'liam', 'ethan', 'ryan', 'connor', 'kyle', 'dylan', 'jordan', 'nathan', 'aaron', 'lewis', 'callum', 'reece', 'kieran'];
const GIVEN_F = ['mary', 'patricia', 'jennifer', 'elizabeth', 'sarah', 'emma', 'olivia', 'amelia', 'isla', 'ava', 'mia', 'sophia', 'grace', 'lily', 'fatima', 'aisha', 'maryam', 'zainab', 'amina', 'khadija', 'hannah', 'jessica', 'chloe', 'ella', 'emily', 'poppy', 'charlotte', 'evie', 'ruby', 'freya', 'katherine', 'catherine', 'rebecca', 'laura', 'rachel', 'nicola', 'natalie', 'tatiana', 'anastasia', 'leah', 'megan', 'holly', 'abigail', 'victoria', 'samantha', 'lucy', 'jade', 'niamh', 'siobhan', 'bethany'];
const NICK: Record<string, string> = { james: 'jim', john: 'jack', robert: 'bob', michael: 'mike', william: 'bill', david: 'dave', richard: 'dick', thomas: 'tom', daniel: 'dan', matthew: 'matt', elizabeth: 'liz', katherine: 'kate', rebecca: 'becky', samantha: 'sam', abigail: 'abby', victoria: 'vicky', christopher: 'chris', anthony: 'tony', benjamin: 'ben', joshua: 'josh', samuel: 'sam', joseph: 'joe', alexander: 'alex', jennifer: 'jenny', patricia: 'pat' };
const VARIANT: Record<string, string> = { mohammed: 'muhammad', muhammad: 'mohamed', yusuf: 'yousef', ali: 'aly', aleksandr: 'alexander', fatima: 'fatimah', aisha: 'ayesha', maryam: 'mariam', ibrahim: 'ebrahim', omar: 'umar', ahmed: 'ahmad' };
const SYLL = ['al', 'ba', 'ber', 'can', 'dal', 'den', 'ell', 'far', 'gar', 'hal', 'har', 'ing', 'kin', 'lan', 'ley', 'mor', 'nor', 'ton', 'son', 'well', 'wood', 'ridge', 'field', 'ford', 'ham', 'by', 'croft', 'shaw', 'ker', 'man', 'sted', 'win', 'ash', 'bur', 'cott', 'pen', 'row', 'lock', 'mill', 'stone'];
const FAMILY_COMMON = ['smith', 'jones', 'williams', 'taylor', 'brown', 'davies', 'evans', 'wilson', 'thomas', 'johnson', 'roberts', 'khan', 'ahmed', 'ali', 'hussain', 'patel', 'begum', 'singh', 'walker', 'wright', 'robinson', 'thompson', 'white', 'hughes', 'edwards', 'green', 'hall', 'wood', 'harris', 'lewis'];
const STREETS = ['high', 'church', 'station', 'victoria', 'green', 'manor', 'park', 'queens', 'kings', 'mill', 'grange', 'york', 'albert', 'springfield', 'windsor', 'richmond', 'chester', 'oak', 'elm', 'cedar', 'beech', 'willow', 'meadow', 'orchard', 'london', 'north', 'new', 'school', 'castle', 'bridge'];
const STREET_TYPES = ['street', 'road', 'avenue', 'lane', 'close', 'drive', 'way', 'crescent'];
const AREAS = ['B', 'BS', 'CF', 'E', 'EC', 'G', 'L', 'LS', 'M', 'N', 'NE', 'NW', 'S', 'SE', 'SW', 'W', 'WC', 'BD', 'LE', 'NG', 'OX', 'CB', 'PR', 'BB', 'OL'];
const LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

export interface SyntheticPeople {
  records: PersonRecord[];
  /** True person number per record (for measurement only). */
  person: Int32Array;
}

export function generateSyntheticPeople(count: number, seed: number): SyntheticPeople {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  // Skewed pick: common values come up far more often than rare ones.
  const skew = <T>(xs: readonly T[]): T => xs[Math.floor(Math.pow(rand(), 2.2) * xs.length)]!;
  const families: string[] = [...FAMILY_COMMON];
  for (let k = 0; k < 6000; k++) families.push(pick(SYLL) + pick(SYLL) + (rand() < 0.3 ? pick(SYLL) : ''));
  const givenExtra: string[] = [];
  for (let k = 0; k < 1500; k++) givenExtra.push(pick(SYLL) + pick(['a', 'ia', 'o', 'en', 'ie', 'y', 'us', 'el']));
  const typo = (s: string): string => {
    if (s.length < 2) return s;
    const at = Math.floor(rand() * s.length);
    const r = rand();
    const letter = String.fromCharCode(97 + Math.floor(rand() * 26));
    if (r < 0.3) return s.slice(0, at) + letter + s.slice(at + 1);
    if (r < 0.55) return s.slice(0, at) + s.slice(at + 1);
    if (r < 0.8) return s.slice(0, at) + letter + s.slice(at);
    if (at < s.length - 1) return s.slice(0, at) + s[at + 1] + s[at] + s.slice(at + 2);
    return s;
  };
  const cap = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);
  const postcodeOf = () => `${pick(AREAS)}${1 + Math.floor(rand() * 30)} ${Math.floor(rand() * 10)}${LETTERS[Math.floor(rand() * LETTERS.length)]}${LETTERS[Math.floor(rand() * LETTERS.length)]}`;
  const records: PersonRecord[] = [];
  const person = new Int32Array(count);
  let p = 0;
  while (records.length < count) {
    const male = rand() < 0.5;
    const given = rand() < 0.8 ? skew(male ? GIVEN_M : GIVEN_F) : pick(givenExtra);
    const family = rand() < 0.35 ? skew(FAMILY_COMMON) : skew(families);
    const y = 1930 + Math.floor(rand() * 90);
    const m = 1 + Math.floor(rand() * 12);
    const d = 1 + Math.floor(rand() * 28);
    const address = `${1 + Math.floor(rand() * 200)} ${pick(STREETS)} ${pick(STREET_TYPES)}`;
    const postcode = postcodeOf();
    const copies = rand() < 0.6 ? 1 : 1 + Math.floor(rand() * 4);
    for (let c = 0; c < copies && records.length < count; c++) {
      let g = given;
      let f = family;
      let yy = y;
      let mm = m;
      let dd = d;
      let addr = address;
      let pc: string | null = postcode;
      let dob: string | null = null;
      if (c > 0) {
        const r = () => rand();
        if (r() < 0.2) g = typo(g);
        if (r() < 0.08) g = NICK[g] ?? VARIANT[g] ?? g;
        if (r() < 0.08) g = VARIANT[g] ?? g;
        if (r() < 0.15) f = typo(f);
        if (r() < 0.03) [g, f] = [f, g];
        if (r() < 0.05) g = g[0]!;
        const e = r();
        if (e < 0.05 && dd <= 12) [dd, mm] = [mm, dd];
        else if (e < 0.1) dd = 1 + Math.floor(r() * 28);
        else if (e < 0.13) yy += r() < 0.5 ? 1 : -1;
        if (r() < 0.15) {
          addr = `${1 + Math.floor(r() * 200)} ${pick(STREETS)} ${pick(STREET_TYPES)}`;
          pc = postcodeOf();
        } else if (r() < 0.1) addr = typo(addr);
        if (r() < 0.1) pc = null;
        if (r() < 0.05) dob = '';
      }
      const fmt = rand();
      const dateText =
        dob === ''
          ? null
          : fmt < 0.6
            ? `${yy}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`
            : `${String(dd).padStart(2, '0')}/${String(mm).padStart(2, '0')}/${yy}`;
      person[records.length] = p;
      records.push({
        id: `s${records.length}`,
        givenName: rand() < 0.5 ? cap(g) : g.toUpperCase(),
        familyName: cap(f),
        dateOfBirth: dateText,
        sex: rand() < 0.95 ? (male ? 'M' : 'F') : null,
        address: addr,
        postcode: pc,
      });
    }
    p++;
  }
  return { records, person };
}
