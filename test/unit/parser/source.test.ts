/** SourceText (src/parser/source.ts): one way of counting lines and positions. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RowCode } from '../../../src/domain/codes';
import { parseReport } from '../../../src/parser';
import { ParseError } from '../../../src/errors';
import { SourceText } from '../../../src/parser/source';
import { readGolden, seedText } from '../../support/golden';

const SEED_003 = seedText(readGolden('003_046dc01fb9bbe87a.json'));

describe('one way of counting positions', () => {
  test('a form feed and U+2028 end a line for the tokenizer and for ParseError alike', () => {
    const text = `第一行\f第二行\u2028第三行\r\n第四行\u0000\u0000`;
    const source = new SourceText(text, 'x.txt');
    assert.deepEqual(source.lines(), ['第一行', '第二行', '第三行', '第四行\u0000\u0000']);
    assert.deepEqual(source.position(text.indexOf('\u0000')), { line: 4, column: 4 });
    assert.throws(
      () => parseReport(text),
      (e: unknown) => e instanceof ParseError && e.line === 4 && e.column === 4,
    );
  });
  test('an issue after a page break points at the row the tokenizer read', () => {
    const text = SEED_003.replace('行政规范性文件 | 13 | 0 | 21 |', '\f行政规范性文件 | 13 | 0 | 21 | 9 |');
    const r = parseReport(text);
    const i = r.issues.find((x) => x.where === RowCode.NORMATIVE_DOCUMENTS);
    assert.ok(i?.position);
    const line = new SourceText(text).lines()[(i.position.line as number) - 1];
    assert.equal(line, '行政规范性文件 | 13 | 0 | 21 | 9 |');
  });
});
