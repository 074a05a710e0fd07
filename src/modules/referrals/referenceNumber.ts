import { randomBytes } from 'node:crypto';

// Crockford base32: no I, L, O or U, so references read aloud over the phone are not misheard.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** An unguessable reference like `PR-7K3M-Q9XD-2TBW` (60 random bits). */
export function newReferenceNumber(): string {
  const bytes = randomBytes(12);
  const chars = Array.from(bytes, (b) => ALPHABET[b & 31]).join('');
  return `PR-${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}
