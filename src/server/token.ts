/** The API token check: constant time, and the length of the token is not given away either. */
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Whether `given` is the configured token (false when either is absent). */
export function sameToken(given: string | undefined, expected: string | undefined): boolean {
  if (!given || !expected) return false;
  // Digests are always 32 bytes: comparing them takes the same time whatever the lengths.
  return timingSafeEqual(digest(given), digest(expected));
}
