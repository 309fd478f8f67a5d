/** Section headings (src/parser/headings.ts), alone and run together with their text. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseReport } from '../../../src/parser';
import { headingNumber } from '../../../src/parser/headings';

const SEEDS = join(__dirname, '..', '..', 'fixtures', 'corpus', 'seeds');
const seed = (name: string) => readFileSync(join(SEEDS, name), 'utf8');
const SEED_003 = seed('003_046dc01fb9bbe87a.txt');

describe('headings', () => {
  test('the six standard headings', () => {
    assert.equal(headingNumber('一、总体情况', 0), 1);
    assert.equal(headingNumber('二、主动公开政府信息情况', 1), 2);
    assert.equal(headingNumber('三、收到和处理政府信息公开申请情况', 2), 3);
    assert.equal(headingNumber('四、政府信息公开行政复议、行政诉讼情况', 3), 4);
    assert.equal(headingNumber('五、存在的主要问题及改进情况', 4), 5);
    assert.equal(headingNumber('六、其他需要报告的事项', 5), 6);
  });
  test('lost numeral, lost characters, reworded, full-width and spaced', () => {
    assert.equal(headingNumber('、存在的主要问题及改进情况', 4), 5);
    assert.equal(headingNumber('存在的主要问题及改进情况', 4), 5);
    assert.equal(headingNumber('五、存在的主要问及改进情', 4), 5);
    assert.equal(headingNumber('四、因政府信息公开工作被申请行政复议、提起行政诉讼情况', 3), 4);
    assert.equal(headingNumber('五、存在的主要问题及改进措施', 4), 5);
    assert.equal(headingNumber('一 、 总 体 情 况', 0), 1);
    assert.equal(headingNumber('第二部分 主动公开政府信息情况', 1), 2);
    assert.equal(headingNumber('六．其他需要报告的事项：', 5), 6);
  });
  test('application table rows are not headings', () => {
    assert.equal(headingNumber('一、本年新收政府信息公开申请数量', 0), null);
    assert.equal(headingNumber('二、上年结转政府信息公开申请数量', 1), null);
    assert.equal(headingNumber('三、本年度办理结果', 2), null);
    assert.equal(headingNumber('四、结转下年度继续办理', 3), null);
  });
  test('subsections, prose and out-of-order headings are not headings', () => {
    assert.equal(headingNumber('(一)主动公开方面', 1), null);
    assert.equal(headingNumber('（二）依申请公开情况', 1), null);
    assert.equal(headingNumber('一是进一步加强指导监督。', 4), null);
    assert.equal(headingNumber('二、主动公开政府信息情况', 3), null);
    assert.equal(headingNumber('1.主动公开情况', 0), null);
  });
});

describe('headings run together with their text', () => {
  test('a heading followed by its first paragraph on the same line', () => {
    const text = SEED_003.replace('一、总体情况\n', '一、总体情况　').replace(
      '五、存在的主要问题及改进情况\n',
      '五、存在的主要问题及改进情况：',
    );
    const r = parseReport(text);
    assert.deepEqual(
      r.sections.map((s) => s.printedTitle),
      [
        '一、总体情况',
        '二、主动公开政府信息情况',
        '三、收到和处理政府信息公开申请情况',
        '四、政府信息公开行政复议、行政诉讼情况',
        '五、存在的主要问题及改进情况：',
        '六、其他需要报告的事项',
      ],
    );
    assert.ok(r.sections[0]?.text.startsWith('2023年,我区认真贯彻落实'));
    assert.ok(r.sections[4]?.text.startsWith('(一)存在问题。'));
    assert.deepEqual(r.issues, []);
  });
});

describe('a numbering and its title in two cells', () => {
  test('第四部分 and its title apart by a tab (a PDF borderless table zone) is the heading', () => {
    const text = SEED_003.replace(
      '四、政府信息公开行政复议、行政诉讼情况\n',
      '第四部分\t政府信息公开行政复议、行政诉讼情况\n',
    );
    assert.notEqual(text, SEED_003);
    const r = parseReport(text);
    assert.equal(
      r.sections.find((s) => s.number === 4)?.printedTitle,
      '第四部分 政府信息公开行政复议、行政诉讼情况',
    );
  });
  test('a table row of two label cells is not', () => {
    const text = SEED_003.replace(
      '四、政府信息公开行政复议、行政诉讼情况\n',
      '第四部分\t结转下年度继续办理\n',
    );
    const r = parseReport(text);
    assert.notEqual(r.sections.find((s) => s.number === 4)?.printedTitle, '第四部分 结转下年度继续办理');
  });
});
