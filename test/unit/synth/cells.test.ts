/** Printed cells (src/synth/cells.ts) read back by the parser. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readCell } from '../../../src/parser/cell';
import { change, type CellStyle, count, money } from '../../../src/synth/cells';

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
