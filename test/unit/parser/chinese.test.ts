/** Chinese as printed (src/parser/chinese.ts): traditional characters, Chinese-numeral dates, （一） headings, through parseReport. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as OpenCC from 'opencc-js';
import { parseReport, toGoldenJson } from '../../../src/parser';
import { readGolden, seedText } from '../../support/golden';

const SEED_003 = seedText(readGolden('003_046dc01fb9bbe87a.json'));
const GOLDEN_003 = readGolden('003_046dc01fb9bbe87a.json');

describe('Chinese as printed', () => {
  test('a report in traditional characters reads as its simplified original; the text is kept as printed', () => {
    const traditional = OpenCC.Converter({ from: 'cn', to: 'tw' })(SEED_003);
    assert.notEqual(traditional, SEED_003);
    const r = parseReport(traditional);
    const json = toGoldenJson(r);
    assert.deepEqual(json.applications, GOLDEN_003.applications);
    assert.deepEqual(json.activeDisclosure, GOLDEN_003.activeDisclosure);
    assert.deepEqual(Object.keys(json.sectionTitles), ['1', '2', '3', '4', '5', '6']);
    assert.equal(r.sourceText, traditional);
  });
  test('a closing date in Chinese numerals is the publication date', () => {
    const text = `${SEED_003}\n漳州古雷港经济开发区管委会\n二〇二四年一月三十一日`;
    assert.equal(parseReport(text).publishedAt, '2024-01-31');
  });
  test('top-level headings numbered （一） … （六）', () => {
    const text = SEED_003.replace('一、总体情况', '（一）总体情况')
      .replace('二、主动公开政府信息情况', '（二）主动公开政府信息情况')
      .replace('五、存在的主要问题及改进情况', '（五）存在的主要问题及改进情况');
    const json = toGoldenJson(parseReport(text));
    assert.equal(json.printedTitles['2'], '（二）主动公开政府信息情况');
    assert.equal(json.printedTitles['5'], '（五）存在的主要问题及改进情况');
    assert.deepEqual(json.activeDisclosure, GOLDEN_003.activeDisclosure);
  });
});
