// Name pools for synthetic people: common and rare names across the communities referred, and the errors
// referrers really make when the same person is referred again (typos, transliteration variants, swapped
// day and month, a dropped hyphen), so that person matching is tested against realistic near-misses.
import type { Random } from './random.js';

const MALE = ['Mohammed', 'Muhammad', 'Oliver', 'Jack', 'Harry', 'George', 'Noah', 'Leo', 'Charlie', 'Jacob', 'Thomas', 'Oscar', 'James', 'William', 'Daniel', 'Ryan', 'Callum', 'Kyle', 'Liam', 'Connor', 'Ahmed', 'Ali', 'Omar', 'Yusuf', 'Ibrahim', 'Hamza', 'Bilal', 'Tariq', 'Kwame', 'Tunde', 'Jakub', 'Piotr', 'Mateusz', 'Andrei', 'Luca', 'Arjun', 'Rohan', 'Dylan', 'Rhys', 'Owain', 'Cai', 'Kieran', 'Declan', 'Nathan', 'Ethan', 'Mason', 'Lewis', 'Jordan', 'Aiden', 'Tyler'];
const FEMALE = ['Olivia', 'Amelia', 'Isla', 'Ava', 'Mia', 'Sophie', 'Grace', 'Lily', 'Emily', 'Chloe', 'Aisha', 'Fatima', 'Maryam', 'Zainab', 'Hannah', 'Priya', 'Amira', 'Zofia', 'Seren', 'Niamh', 'Ellie', 'Jessica', 'Megan', 'Leah', 'Yasmin'];
const RARE_GIVEN = ['Zebedee', 'Thaddeus', 'Eluned', 'Ptolemy', 'Ikenna', 'Florian', 'Teodor', 'Kasimir', 'Alistair-James', 'Jean-Luc', 'Oisín', 'Siân', 'Zoë', 'Ieuan', 'Lochlan'];
const FAMILY = ['Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Johnson', 'Roberts', 'Robinson', 'Thompson', 'Wright', 'Walker', 'White', 'Edwards', 'Hughes', 'Green', 'Hall', 'Khan', 'Ahmed', 'Hussain', 'Ali', 'Begum', 'Patel', 'Singh', 'Shah', 'Rahman', 'Iqbal', 'Mahmood', 'Akhtar', 'Okafor', 'Mensah', 'Adeyemi', 'Nowak', 'Kowalski', 'Wiśniewski', 'Popescu', 'Murphy', 'Kelly', "O'Brien", 'MacDonald', 'Campbell', 'Lewis', 'Clarke', 'Jackson', 'Wood', 'Harris', 'Martin'];
const RARE_FAMILY = ['Featherstonehaugh', 'Cholmondeley', 'Ap Rhys', 'Nwachukwu', 'Szczepański', 'Vanderpump', 'Montgomery-Smythe', 'Quartermaine', 'Ó Súilleabháin', 'Bajwa-Reid'];

/** Spellings the same name takes when written down by different people (transliteration, anglicisation). */
const VARIANTS: ReadonlyArray<readonly string[]> = [
  ['Mohammed', 'Muhammad', 'Mohammad', 'Mohamed', 'Muhammed'],
  ['Yusuf', 'Yousef', 'Yusuff', 'Joseph'],
  ['Ibrahim', 'Ebrahim', 'Abraham'],
  ['Aisha', 'Ayesha', 'Aysha'],
  ['Fatima', 'Fatimah', 'Fatma'],
  ['Omar', 'Umar'],
  ['Hussain', 'Hussein', 'Husain'],
  ['Ahmed', 'Ahmad'],
  ['Rahman', 'Rehman'],
  ['Mahmood', 'Mahmud', 'Mehmood'],
  ['Zofia', 'Sofia', 'Sophia'],
  ['Jakub', 'Jacob', 'Kuba'],
  ['Piotr', 'Peter'],
  ['Wiśniewski', 'Wisniewski'],
  ['Siân', 'Sian'],
  ['Zoë', 'Zoe'],
  ['Oisín', 'Oisin'],
  ["O'Brien", 'OBrien', 'O Brien'],
  ['MacDonald', 'McDonald'],
];

export function givenName(rnd: Random, gender: string): string {
  if (rnd.chance(0.03)) return rnd.pick(RARE_GIVEN);
  return rnd.pick(gender === 'female' ? FEMALE : gender === 'male' ? MALE : rnd.chance(0.5) ? MALE : FEMALE);
}

export function familyName(rnd: Random): string {
  return rnd.chance(0.03) ? rnd.pick(RARE_FAMILY) : rnd.pick(FAMILY);
}

/** One keyboard slip: a dropped, doubled or swapped letter. */
export function typo(rnd: Random, name: string): string {
  if (name.length < 4) return name;
  const i = rnd.int(1, name.length - 2);
  switch (rnd.int(0, 2)) {
    case 0:
      return name.slice(0, i) + name.slice(i + 1);
    case 1:
      return name.slice(0, i) + name[i] + name.slice(i);
    default:
      return name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2);
  }
}

/** Another spelling of the name if one is known, else the name. */
export function transliterate(rnd: Random, name: string): string {
  const group = VARIANTS.find((g) => g.includes(name));
  return group ? rnd.pick(group.filter((v) => v !== name)) : name;
}

/** 03/07 read as 07/03: only where both readings are real dates. */
export function swapDayMonth(iso: string): string {
  const [y, m, d] = iso.split('-') as [string, string, string];
  return Number(d) <= 12 && d !== m ? `${y}-${d}-${m}` : iso;
}

export interface PersonNames {
  givenName: string;
  familyName: string;
  dateOfBirth: string | undefined;
}

/** How a later referrer records the same person: mostly right, often with one realistic error. */
export function asRecordedAgain(rnd: Random, p: PersonNames): PersonNames {
  const out = { ...p };
  const error = rnd.weighted({ none: 0.45, typo: 0.2, transliteration: 0.15, dayMonth: 0.1, dropHyphen: 0.05, noDob: 0.05 });
  if (error === 'typo') {
    const field = rnd.chance(0.5) ? 'givenName' : 'familyName';
    out[field] = typo(rnd, p[field]);
  }
  if (error === 'transliteration') {
    out.givenName = transliterate(rnd, p.givenName);
    out.familyName = transliterate(rnd, p.familyName);
  }
  if (error === 'dayMonth' && p.dateOfBirth) out.dateOfBirth = swapDayMonth(p.dateOfBirth);
  if (error === 'dropHyphen') out.familyName = p.familyName.replace(/-/g, ' ');
  if (error === 'noDob') out.dateOfBirth = undefined;
  return out;
}
