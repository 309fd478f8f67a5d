/** Lines and cell tokens (src/parser/tokens.ts). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize, tokenizeLine } from '../../../src/parser/tokens';

describe('tokens', () => {
  const kinds = (line: string) =>
    tokenizeLine(line, 0).tokens.map((t) =>
      t.reading ? (t.reading.blank ? 'B' : String(t.reading.value)) : `L:${t.raw}`,
    );

  test('a page number on a line of its own is layout (a footer left inside a table)', () => {
    for (const line of ['- 3 -', '— 4 —', '－12－', '第 3 页', '第3页 共8页'])
      assert.deepEqual(kinds(line), [], line);
    assert.deepEqual(kinds('-3'), ['-3']);
    assert.deepEqual(kinds('第3项'), ['L:第3项']);
  });

  test('trailing pipes are layout, not cells', () => {
    assert.deepEqual(kinds('4 | 0 | 0 | 0 | 0 | 0 | 4 | ||'), ['4', '0', '0', '0', '0', '0', '4']);
  });
  test('an empty cell between two numbers is a blank cell', () => {
    assert.deepEqual(kinds('1 | | 2'), ['1', 'B', '2']);
  });
  test('leading tabs before a label are layout', () => {
    assert.deepEqual(kinds('\t\t2. 没有现成信息需要另行制作\t0\t0'), [
      'L:2. 没有现成信息需要另行制作',
      '0',
      '0',
    ]);
  });
  test('a no-break space alone is a blank cell', () => {
    assert.deepEqual(kinds('\u00a0'), ['B']);
  });
  test('a label followed by space-separated numbers (PDF text) splits', () => {
    assert.deepEqual(kinds('一、本年新收政府信息公开申请数量 132 0 0 0 0 0 132'), [
      'L:一、本年新收政府信息公开申请数量',
      '132',
      '0',
      '0',
      '0',
      '0',
      '0',
      '132',
    ]);
  });
  test('numbers inside prose do not split', () => {
    assert.deepEqual(kinds('累计发布各类信息 3337 条'), ['L:累计发布各类信息 3337 条']);
  });
  test('positions are 1-based line and column', () => {
    const lines = tokenize('标题\n规章 | 0 | 12');
    const t = lines[1]?.tokens[2];
    assert.equal(t?.raw, '12');
    assert.equal(t?.line, 2);
    assert.equal(t?.column, 10);
  });
});
