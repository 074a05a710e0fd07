// Exact-match key for repeat referrals: folded given name, family name and date of birth. Fuzzy person
// matching replaces this later; until then a referral with no date of birth has no key.
const fold = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

export function personKey(givenName: string, familyName: string, dateOfBirth: string | null | undefined): string | null {
  return dateOfBirth ? `${fold(givenName)}|${fold(familyName)}|${dateOfBirth}` : null;
}
