/** The glued-run enumerator (src/synth/splits.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  lastIsSum,
  piecesOf,
  splitApplicationRow,
  splitPieces,
  splitReviewRow,
} from '../../../src/synth/splits';

test('the enumerator splits a glued run into exactly as many numbers as the row has columns', () => {
  // six digits into three numbers: C(5, 2) places for the two cuts, none with a leading zero
  assert.equal(splitPieces(piecesOf(['898989']), 3).candidates.length, 10);
  // zeros are single digits: 0000 into four is one reading, 105 into two is only 10 | 5
  assert.deepEqual(splitPieces(piecesOf(['0000']), 4).candidates, [[0, 0, 0, 0]]);
  assert.deepEqual(splitPieces(piecesOf(['105']), 2).candidates, [[10, 5]]);
  // a decimal point stays inside its number
  assert.deepEqual(splitPieces(piecesOf(['3', '46.68']), 2).candidates.sort(), [
    [3, 46.68],
    [34, 6.68],
    [346.6, 8],
  ]);
  // a sign (减, -) separates a change from the digits before it and makes it negative
  assert.deepEqual(splitPieces(piecesOf(['12', '减3', '40']), 3).candidates, [
    [1, 2, -340],
    [12, -3, 40],
    [12, -34, 0],
  ]);
  // an applications row: identity 1 keeps the readings whose six columns sum to the seventh
  assert.deepEqual(splitApplicationRow(piecesOf(['3000003'])).candidates, [[3, 0, 0, 0, 0, 0, 3]]);
  const row = splitApplicationRow(piecesOf(['12390456147'])).candidates;
  assert.ok(row.length >= 2 && row.every((c) => lastIsSum(c, 0, 7)));
  for (const printed of [
    [123, 9, 0, 4, 5, 6, 147],
    [1, 2, 3, 90, 45, 6, 147],
  ]) {
    assert.ok(row.some((c) => c.join() === printed.join()));
  }
  // with none satisfying it (a wrong total), every reading stays
  assert.equal(splitApplicationRow(piecesOf(['120000013'])).candidates.length, 4);
});

test('the review row of fifteen glued splits by its groups: one reading, or several', () => {
  // 2 1 3 1 7 | 0 0 0 0 0 | 13 2 4 0 19: seventeen digits, one reading with every group summing
  assert.deepEqual(splitReviewRow(piecesOf(['21317000001324019'])).candidates, [
    [2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19],
  ]);
  // 3 0 1 10 14 also reads 3 0 11 0 14, and 5 1 3 12 21 also 5 13 1 2 21: four readings
  const printed = [3, 0, 1, 10, 14, 5, 1, 3, 12, 21, 3, 0, 3, 5, 11];
  const splits = splitReviewRow(piecesOf([printed.join('')]));
  assert.equal(splits.candidates.length, 4);
  assert.ok(splits.candidates.some((c) => c.join() === printed.join()));
  for (const c of splits.candidates) {
    for (let g = 0; g < 3; g++) assert.ok(lastIsSum(c, g * 5, g * 5 + 5), c.join());
  }
});
