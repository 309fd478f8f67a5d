import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { booleanArray, numberArray, textArray } from '../../../src/db/array-literal';
import { useFixture } from '../../support/fixture';

const fx = useFixture();

// Postgres text cannot hold NUL; everything else must come back exactly as sent.
const pgText = fc.string({ unit: 'binary' }).map((s) => s.split(String.fromCharCode(0)).join(''));

test('text arrays round-trip through Postgres: quotes, backslashes, braces, commas, "NULL", empty, CJK', async () => {
  const fixed = ['', 'NULL', 'null', '"', '\\', '\\"', '{a,b}', ' lead', 'trail ', 'a,b', '（一）总计', null];
  const rows: { v: (string | null)[] }[] = await fx.db.ds.query('SELECT $1::text[] AS v', [textArray(fixed)]);
  assert.deepEqual(rows[0]!.v, fixed);
  await fc.assert(
    fc.asyncProperty(fc.array(fc.option(pgText, { nil: null }), { maxLength: 20 }), async (values) => {
      const back: { v: (string | null)[] }[] = await fx.db.ds.query('SELECT $1::text[] AS v', [
        textArray(values),
      ]);
      assert.deepEqual(back[0]!.v, values);
    }),
    { numRuns: 200 },
  );
});

test('number and boolean arrays round-trip; a non-finite number is refused', async () => {
  const numbers = [0, -1, 2.5, 46.6847, 1e21, 123456789012, null];
  const rows: { n: string[]; b: (boolean | null)[] }[] = await fx.db.ds.query(
    'SELECT $1::numeric[]::text[] AS n, $2::boolean[] AS b',
    [numberArray(numbers), booleanArray([true, false, null])],
  );
  assert.deepEqual(rows[0]!.n, ['0', '-1', '2.5', '46.6847', '1000000000000000000000', '123456789012', null]);
  assert.deepEqual(rows[0]!.b, [true, false, null]);
  assert.throws(() => numberArray([Number.NaN]), /not a finite number/);
  assert.throws(() => numberArray([Infinity]), /not a finite number/);
});
