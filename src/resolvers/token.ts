/** Checking a bearer token without telling an attacker how close a guess came, or how long the token is. */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A key of this process only: the digests compared are never stored or sent. */
const KEY = randomBytes(32);

const digest = (token: string): Buffer => createHmac('sha256', KEY).update(token, 'utf8').digest();

/**
 * Whether `given` is `expected`. Both are compared as HMAC-SHA256 digests (32 bytes whatever the
 * tokens' lengths) with timingSafeEqual, so the time taken depends on neither the given token's
 * bytes nor the expected one's length (a length check first would tell the length).
 */
export function sameToken(given: string | undefined, expected: string | undefined): boolean {
  // no token configured: the API is read-only, nothing matches
  if (expected === undefined || expected === '') return false;
  const equal = timingSafeEqual(digest(given ?? ''), digest(expected));
  return equal && given !== undefined;
}
