/**
 * The API token check: only the exact token passes, whatever the guess's length or bytes. (That
 * it takes the same time for any guess, the reason for comparing HMAC digests, is not something a
 * test without a clock can see.)
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sameToken } from '../../../src/resolvers/token';

const TOKEN = 's3cret-令牌-0123456789';

test('the exact token passes; shorter, longer, one character off, absent or empty do not', () => {
  assert.equal(sameToken(TOKEN, TOKEN), true);
  assert.equal(sameToken(`${TOKEN}`.normalize(), TOKEN), true);
  for (let n = 0; n < TOKEN.length; n++)
    assert.equal(sameToken(TOKEN.slice(0, n), TOKEN), false, `prefix ${n}`);
  assert.equal(sameToken(`${TOKEN}x`, TOKEN), false);
  assert.equal(sameToken(TOKEN.repeat(100), TOKEN), false);
  assert.equal(sameToken(`${TOKEN.slice(0, -1)}8`, TOKEN), false);
  assert.equal(sameToken(undefined, TOKEN), false);
  assert.equal(sameToken('', TOKEN), false);
});

test('tokens of equal bytes but other characters, and multi-byte guesses, do not throw', () => {
  // Same UTF-16 length, other UTF-8 length: a byte comparison that needs equal lengths would throw.
  assert.equal(sameToken('令'.repeat(TOKEN.length), TOKEN), false);
  assert.equal(sameToken('\u0000'.repeat(64), TOKEN), false);
});

test('with no token configured nothing matches', () => {
  assert.equal(sameToken('', undefined), false);
  assert.equal(sameToken('anything', undefined), false);
  assert.equal(sameToken('', ''), false);
});
