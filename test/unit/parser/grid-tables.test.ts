/** Grid tables (src/parser/grid-tables.ts): pandoc's `+---+` tables as one pipe row per row, every line kept. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseReport, toGoldenJson } from '../../../src/parser';
import { gridTablesAsPipes } from '../../../src/parser/grid-tables';
import { CHALLENGE_DIR } from '../../support/challenge';
import { readGolden } from '../../support/golden';

const GRID = [
  '+------------+-------+',
  '| 一、本年新 | 12    |',
  '| 收政府信息 |       |',
  '+============+=======+',
  '| 行政许可   | 1 234 |',
  '| ABC        | 5     |',
  '| DEF        |       |',
  '+------------+-------+',
].join('\n');

test('a row is the lines between two rules, each cell its wrapped pieces joined; line numbers are kept', () => {
  const out = gridTablesAsPipes(`前文\n${GRID}\n后文`).split('\n');
  assert.equal(out.length, GRID.split('\n').length + 2);
  assert.equal(out[2], '| 一、本年新收政府信息 | 12 |');
  assert.equal(out[5], '| 行政许可ABC DEF | 1 234 5 |');
  assert.deepEqual(
    [out[0], out[1], out[3], out[4], out[6], out[7], out[8], out[9]],
    ['前文', '', '', '', '', '', '', '后文'],
  );
});

test('a grid row with a spanning cell (fewer bars) is left as printed; text without grids is unchanged', () => {
  const spanning = ['+-----+-----+', '| 总计 span  |', '+-----+-----+'].join('\n');
  assert.equal(gridTablesAsPipes(spanning), spanning);
  assert.equal(gridTablesAsPipes('a + b\n| x | y |'), 'a + b\n| x | y |');
});

test('a report printed with grid tables (labels wrapped in their cells) reads to the seed golden values', () => {
  const golden = readGolden('004_be0fd55c03cb7cd4.json');
  const json = toGoldenJson(parseReport(fs.readFileSync(path.join(CHALLENGE_DIR, 'md-grid-004-0.md'))));
  assert.deepEqual(json.applications, golden.applications);
  assert.deepEqual(json.activeDisclosure, golden.activeDisclosure);
  assert.deepEqual(json.reviewLitigation, golden.reviewLitigation);
});
