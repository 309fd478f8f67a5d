/** Glued digit runs (src/parser/split.ts): the ways a row's runs split into its cells. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lastIsSum, splitPieces } from '../../../src/parser/split';

describe('glued digit runs', () => {
  test('a run splits into the cells its row has: no leading zeros, each piece at least one cell', () => {
    const { candidates } = splitPieces([{ text: '898989', sign: 1 }], 3);
    assert.ok(candidates.some((c) => c.join() === '89,89,89'));
    assert.ok(candidates.some((c) => c.join() === '8,9,8989'));
    assert.equal(candidates.length, 10); // C(5, 2): 898989 has no zero to constrain it
    assert.deepEqual(splitPieces([{ text: '000', sign: 1 }], 3).candidates, [[0, 0, 0]]);
    assert.deepEqual(splitPieces([{ text: '100', sign: 1 }], 2).candidates, [[10, 0]]);
    assert.deepEqual(splitPieces([{ text: '46.6847', sign: 1 }], 1).candidates, [[46.6847]]);
    assert.deepEqual(
      splitPieces(
        [
          { text: '12', sign: 1 },
          { text: '3', sign: -1 },
        ],
        3,
      ).candidates,
      [[1, 2, -3]],
    );
  });
  test('the row identity narrows the split: 总计 is the sum of the six applicant columns', () => {
    const all = splitPieces([{ text: '352000037', sign: 1 }], 7).candidates;
    const kept = splitPieces([{ text: '352000037', sign: 1 }], 7, (v) => lastIsSum(v)).candidates;
    assert.ok(all.length > 1);
    assert.deepEqual(kept, [[35, 2, 0, 0, 0, 0, 37]]);
  });
  test('a review row of fifteen glued digits splits under identity 4 in each group', () => {
    const holds = (v: readonly number[]) => [0, 5, 10].every((g) => lastIsSum(v, g, g + 5));
    const { candidates } = splitPieces([{ text: '21317000001324019', sign: 1 }], 15, holds);
    assert.ok(candidates.some((c) => c.join() === '2,1,3,1,7,0,0,0,0,0,13,2,4,0,19'));
    for (const c of candidates) assert.ok(holds(c));
  });
  test('long runs are not split at all and work is bounded', () => {
    const work = { steps: 0 };
    const r = splitPieces([{ text: '1'.repeat(41), sign: 1 }], 7, undefined, work);
    assert.deepEqual(r, { candidates: [], truncated: true });
    assert.equal(work.steps, 0);
  });
});
