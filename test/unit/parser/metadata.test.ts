/** Report metadata from the text (src/parser/metadata.ts): agency, year, title, publication date. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseReport } from '../../../src/parser';
import { readMetadata } from '../../../src/parser/metadata';
import { tokenize } from '../../../src/parser/tokens';

describe('metadata', () => {
  const meta = (text: string) => readMetadata(tokenize(text));
  test('title line gives agency and year', () => {
    const m = meta('某某市某某区2023年政府信息公开工作年度报告\n正文');
    assert.equal(m.agency, '某某市某某区');
    assert.equal(m.year, 2023);
    assert.equal(m.title, '某某市某某区2023年政府信息公开工作年度报告');
  });
  test('a title quoted in 《》 is another document', () => {
    const m = meta(
      '根据《某市政府办公室关于做好2022年度政府信息公开工作年度报告编制工作的通知》要求,现将某某县2022年政府信息公开工作年度报告公布如下。',
    );
    assert.equal(m.agency, '某某县');
    assert.equal(m.year, 2022);
  });
  test('a title broken over two lines', () => {
    const m = meta('绥中县 2024 年政府信息公开\n\n工作年度报告\n');
    assert.equal(m.agency, '绥中县');
    assert.equal(m.year, 2024);
  });
  test('publication date from a label or a closing date line', () => {
    assert.equal(
      meta('某县2023年政府信息公开工作年度报告\n发布日期：2024-01-31\n').publishedAt,
      '2024-01-31',
    );
    assert.equal(
      meta('某县2023年政府信息公开工作年度报告\n正文\n某县人民政府\n2024年1月9日').publishedAt,
      '2024-01-09',
    );
    assert.equal(meta('某县2023年政府信息公开工作年度报告\n2024年2月30日').publishedAt, null);
  });
});

test('an agency name starting with 特 keeps it (特 alone is not a sentence prefix)', () => {
  const seed = readFileSync(
    join(__dirname, '..', '..', 'fixtures', 'corpus', 'seeds', '003_046dc01fb9bbe87a.txt'),
    'utf8',
  );
  const text = seed.replace(/漳州古雷港经济开发区/g, '特克斯县');
  assert.equal(parseReport(text).agency.name, '特克斯县');
});
