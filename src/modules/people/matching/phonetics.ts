// Phonetic encoding for names. Double Metaphone gives each spelling a primary and an alternate sound
// code, so "Smyth"/"Smith" or "Katherine"/"Catherine" share a code even when edit distance is large.
// The implementation comes from the maintained `double-metaphone` package; this wrapper fixes the
// contract the engine relies on (folded input, empty codes for empty names).
import { doubleMetaphone } from 'double-metaphone';

/** [primary, alternate] codes; the alternate equals the primary when the name has only one reading. */
export function metaphoneCodes(name: string): [string, string] {
  if (!name) return ['', ''];
  const [a, b] = doubleMetaphone(name.replace(/ /g, ''));
  return [a, b];
}

/** True when any code of one name equals any code of the other. */
export function phoneticMatch(a: string, b: string): boolean {
  if (!a || !b) return false;
  const [a1, a2] = metaphoneCodes(a);
  const [b1, b2] = metaphoneCodes(b);
  if (!a1 && !a2) return false;
  return (a1 !== '' && (a1 === b1 || a1 === b2)) || (a2 !== '' && (a2 === b1 || a2 === b2));
}
