/** Building blocks of the synthetic corpus: the PRNG, printed cells, the identity checks. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ColumnCode, IssueCode, RowCode } from '../../src/domain/codes';
import { readCell } from '../../src/parser/cell';
import { change, type CellStyle, count, money } from '../../src/synth/cells';
import { applicationIssues, carryOverIssues, reviewIssues } from '../../src/synth/identities';
import { Rng } from '../../src/synth/prng';
import { parseYears } from '../../src/cli/commands/synth';

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

test('every printed form of a number reads back to that number', () => {
  const styles: CellStyle[] = [];
  for (const zero of ['0', 'nbsp', 'dash', 'emdash', 'wu', 'slash'] as const) {
    for (const fullWidth of [false, true]) {
      for (const thousands of [false, true]) {
        styles.push({ zero, fullWidth, thousands, zhChange: thousands, wanMoney: fullWidth });
      }
    }
  }
  for (const style of styles) {
    for (const n of [0, 1, 7, 42, 999, 1000, 58787, 1234567]) {
      assert.equal(readCell(count(n, style))?.value, n, `count ${n} ${JSON.stringify(style)}`);
    }
    for (const n of [0, 5, -5, -105, 12000]) {
      assert.equal(readCell(change(n, style))?.value, n, `change ${n}`);
    }
    for (const n of [0, 46.6847, 1071, 7700, 0.5, 12.3]) {
      assert.equal(readCell(money(n, style))?.value, n, `money ${n}`);
    }
  }
});

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

test('--years accepts a year or a range from 2019', () => {
  assert.deepEqual(parseYears('2019-2025'), { firstYear: 2019, lastYear: 2025 });
  assert.deepEqual(parseYears('2023'), { firstYear: 2023, lastYear: 2023 });
  assert.throws(() => parseYears('2025-2019'));
  assert.throws(() => parseYears('2018-2020'));
  assert.throws(() => parseYears('soon'));
});
