/** The synth's identity checks (src/synth/identities.ts) against the validator, and blank totals. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ColumnCode, IssueCode, RowCode } from '../../../src/domain/codes';
import { applicationIssues, carryOverIssues, reviewIssues } from '../../../src/synth/identities';
import { issueKeys } from '../../support/synth';

test('identity checks report what the validator would', () => {
  const rows = new Map<RowCode, number[]>([
    [RowCode.NEW_RECEIVED, [3, 1, 0, 0, 0, 0, 4]],
    [RowCode.CARRIED_OVER, [0, 0, 0, 0, 0, 0, 0]],
    [RowCode.GRANTED, [2, 1, 0, 0, 0, 0, 3]],
    [RowCode.OTHER_DISPOSAL, [1, 0, 0, 0, 0, 0, 1]],
    [RowCode.TOTAL_PROCESSED, [3, 1, 0, 0, 0, 0, 4]],
    [RowCode.CARRIED_FORWARD, [0, 0, 0, 0, 0, 0, 0]],
  ]);
  assert.deepEqual(applicationIssues(rows), []);
  (rows.get(RowCode.GRANTED) as number[])[6] = 5;
  assert.deepEqual(
    applicationIssues(rows).map((i) => `${i.code}@${i.where}`),
    ['ROW_TOTAL_MISMATCH@granted', 'OUTCOME_TOTAL_MISMATCH@total'],
  );
  const review = new Map([[RowCode.RECONSIDERATION, [1, 0, 0, 1, 3]]]);
  assert.deepEqual(reviewIssues(review), [
    { code: IssueCode.REVIEW_TOTAL_MISMATCH, where: RowCode.RECONSIDERATION },
  ]);
  assert.deepEqual(carryOverIssues([1, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 1]), [
    { code: IssueCode.CARRY_OVER_MISMATCH, where: ColumnCode.NATURAL_PERSON },
  ]);
});

test('a blank total over non-zero parts makes its identities not assessable; over zeros it counts', () => {
  const rows = new Map<RowCode, number[]>([
    [RowCode.NEW_RECEIVED, [3, 1, 0, 0, 0, 0, 4]],
    [RowCode.CARRIED_OVER, [0, 0, 0, 0, 0, 0, 0]],
    [RowCode.GRANTED, [3, 1, 0, 0, 0, 0, 0]],
    [RowCode.OTHER_DISPOSAL, [0, 0, 0, 0, 0, 0, 0]],
    [RowCode.TOTAL_PROCESSED, [3, 1, 0, 0, 0, 0, 4]],
    [RowCode.CARRIED_FORWARD, [0, 0, 0, 0, 0, 0, 1]],
  ]);
  const blank = (row: RowCode, c: number) => {
    const b = [false, false, false, false, false, false, false];
    b[c] = true;
    return [row, b] as const;
  };
  // granted's 总计 is blank: its row and the 总计 column's identity 2 are not assessable
  const blanks = new Map([blank(RowCode.GRANTED, 6), blank(RowCode.CARRIED_OVER, 6)]);
  // carriedOver's 总计 is blank over zeros: a 0, so identity 3 in the 总计 column is broken (4 + 0 ≠ 4 + 1)
  assert.deepEqual(issueKeys(applicationIssues(rows, blanks)), [
    'BALANCE_MISMATCH@total',
    `ROW_TOTAL_MISMATCH@${RowCode.CARRIED_FORWARD}`,
  ]);
  // printed, the same numbers break identities 1 and 2 as well
  assert.deepEqual(issueKeys(applicationIssues(rows)), [
    'BALANCE_MISMATCH@total',
    'OUTCOME_TOTAL_MISMATCH@total',
    `ROW_TOTAL_MISMATCH@${RowCode.CARRIED_FORWARD}`,
    `ROW_TOTAL_MISMATCH@${RowCode.GRANTED}`,
  ]);
  // an identity with a row not read is not assessable: identity 2 without 其他处理
  const partial = new Map(rows);
  partial.delete(RowCode.OTHER_DISPOSAL);
  assert.deepEqual(issueKeys(applicationIssues(partial, new Map(), [...rows.keys()])), [
    'BALANCE_MISMATCH@total',
    `ROW_TOTAL_MISMATCH@${RowCode.CARRIED_FORWARD}`,
    `ROW_TOTAL_MISMATCH@${RowCode.GRANTED}`,
  ]);
});
