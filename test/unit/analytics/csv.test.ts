import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CsvTable, isShareColumn, percentOf, pivot, shapeTable } from '../../../src/analytics/csv';
import { WIDE_LAYOUTS } from '../../../src/analytics/csv-layouts';
import { ANALYSES } from '../../../src/analytics/registry';

const LONG: CsvTable = {
  columns: ['year', 'group', 'reason', 'label', 'count', 'share_of_refusals'],
  rows: [
    [2020, 'A', 'x', 'X', 3, 0.75],
    [2020, 'A', 'y', 'Y', 1, 0.25],
    [2021, 'A', 'y', 'Y', 2, 1],
    [2020, 'B', 'x', 'X', 0, null],
  ],
};
const P = { keys: ['year', 'group'], by: 'reason', values: ['count', 'share_of_refusals'] };

test('pivot: one line per key, one column per value of `by` in order of appearance, empty where none', () => {
  assert.deepEqual(pivot(LONG, P), {
    columns: ['year', 'group', 'x', 'y'],
    rows: [
      [2020, 'A', 3, 1],
      [2021, 'A', null, 2],
      [2020, 'B', 0, null],
    ],
  });
  assert.deepEqual(
    pivot(LONG, P, 'share_of_refusals').rows.map((r) => r.slice(2)),
    [
      [0.75, 0.25],
      [null, 1],
      [null, null],
    ],
  );
  assert.throws(() => pivot(LONG, P, 'label'), /label is not one of count, share_of_refusals/);
  assert.throws(() => pivot(LONG, { ...P, by: 'planet' }), /no column planet/);
});

test('percentages: shares and rates only, two decimals, missing stays missing; they travel into wide cells', () => {
  assert.equal(percentOf(0.125), '12.50%');
  assert.equal(percentOf(1), '100.00%');
  assert.equal(percentOf(null), null);
  assert.deepEqual(
    ['share_of_processed', 'refusal_rate', 'change_rate', 'count', 'total_processed', 'similarity'].map(
      isShareColumn,
    ),
    [true, true, true, false, false, false],
  );
  const long = shapeTable(LONG, { percent: true });
  assert.deepEqual(long.rows[0], [2020, 'A', 'x', 'X', 3, '75.00%']);
  const wide = shapeTable(LONG, { percent: true, wide: P, value: 'share_of_refusals' });
  assert.deepEqual(wide.rows[0], [2020, 'A', '75.00%', '25.00%']);
});

test('every wide layout names columns its analysis writes', () => {
  for (const [name, layout] of Object.entries(WIDE_LAYOUTS)) {
    const analysis = ANALYSES.find((a) => a.name === name);
    assert.ok(analysis, name);
    for (const c of [...layout.keys, layout.by, ...layout.values]) {
      assert.ok(analysis.csv.columns.includes(c), `${name}: ${c}`);
    }
  }
});
