/** readCell (src/parser/cell.ts): one printed cell as a number. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readCell } from '../../../src/parser';

describe('readCell', () => {
  const cases: Array<[string, number | null, boolean, boolean]> = [
    // raw, value, blank, notApplicable
    ['0', 0, false, false],
    ['8678', 8678, false, false],
    ['46.6847', 46.6847, false, false],
    ['7700万', 7700, false, false],
    ['7700万元', 7700, false, false],
    ['减105', -105, false, false],
    ['增5', 5, false, false],
    ['增加3', 3, false, false],
    ['-5', -5, false, false],
    ['1,234', 1234, false, false],
    ['12,345,678', 12345678, false, false],
    ['１２３', 123, false, false],
    ['１，２３４．５', 1234.5, false, false],
    [' 12 ', 12, false, false],
    ['\u00a0', 0, true, false],
    ['\u3000', 0, true, false],
    ['', 0, true, false],
    ['-', 0, true, false],
    ['—', 0, true, false],
    ['——', 0, true, false],
    ['无', 0, true, false],
    ['/', 0, false, true],
    // OCR look-alikes inside a number (at least one real digit); letters alone stay labels
    ['l586', 1586, false, false],
    ['1O', 10, false, false],
    ['１,O00', 1000, false, false],
    ['O', null, false, false],
    ['ll', null, false, false],
    ['−105', -105, false, false],
    ['0件', 0, false, false],
    ['／', 0, false, true],
    ['1.', null, false, false],
    ['3、', null, false, false],
    ['1,23', null, false, false],
    ['12,3456', null, false, false],
    ['规章', null, false, false],
    ['2024年', null, false, false],
    ['1.属于国家秘密', null, false, false],
    ['1' + '0'.repeat(40), null, false, false],
  ];
  for (const [raw, value, blank, na] of cases) {
    test(JSON.stringify(raw), () => {
      const r = readCell(raw);
      if (value === null) assert.equal(r, null);
      else {
        assert.ok(r);
        assert.equal(r.value, value);
        assert.equal(r.blank, blank);
        assert.equal(r.notApplicable, na);
      }
    });
  }
});
