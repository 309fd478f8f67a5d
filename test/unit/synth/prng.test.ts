/** The synth's PRNG (src/synth/prng.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../src/synth/prng';

test('the PRNG is deterministic per key and forks independently', () => {
  const a = new Rng('x');
  const b = new Rng('x');
  const seqA = Array.from({ length: 5 }, () => a.next());
  assert.deepEqual(
    seqA,
    Array.from({ length: 5 }, () => b.next()),
  );
  assert.notDeepEqual(
    seqA,
    Array.from({ length: 5 }, () => new Rng('y').next()),
  );
  // a fork does not depend on how much its parent drew
  const p1 = new Rng('p');
  const p2 = new Rng('p');
  p2.next();
  assert.equal(p1.fork('k').next(), p2.fork('k').next());
  const r = new Rng('m');
  for (let i = 0; i < 200; i++) {
    const n = r.int(0, 500);
    const parts = r.multinomial(n, [0.5, 0.3, 0.2]);
    assert.equal(
      parts.reduce((x, y) => x + y, 0),
      n,
    );
    assert.ok(parts.every((x) => x >= 0));
  }
});
