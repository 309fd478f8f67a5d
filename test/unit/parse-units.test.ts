/** Unit tests of the parser's pieces: cells, tokens, headings, form, metadata, identities, errors. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FormVersion, IssueCode, RowCode, TableCode } from '../../src/domain/codes';
import { InputTooLargeError, ParseError } from '../../src/errors';
import { MAX_INPUT_BYTES, parseReport, readCell, toGoldenJson } from '../../src/parser';
import { decideForm } from '../../src/parser/form';
import { headingNumber } from '../../src/parser/headings';
import { readMetadata } from '../../src/parser/metadata';
import { tokenize, tokenizeLine } from '../../src/parser/tokens';
import { applicationRowsFor, activeRowsFor } from '../../src/parser/row-matchers';

const SEEDS = join(__dirname, '..', 'fixtures', 'corpus', 'seeds');
const seed = (name: string) => readFileSync(join(SEEDS, name), 'utf8');
const SEED_003 = seed('003_046dc01fb9bbe87a.txt');

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

describe('tokens', () => {
  const kinds = (line: string) =>
    tokenizeLine(line, 0).tokens.map((t) =>
      t.reading ? (t.reading.blank ? 'B' : String(t.reading.value)) : `L:${t.raw}`,
    );

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

describe('labels', () => {
  test('damaged and split labels still name their rows', () => {
    assert.deepEqual(applicationRowsFor('予处理2.重复申请'), [RowCode.NOT_PROCESSED_REPEATED]);
    assert.deepEqual(applicationRowsFor('3.补正后申请内容仍不明确'), [
      RowCode.UNABLE_UNCLEAR_AFTER_CORRECTION,
    ]);
    assert.deepEqual(applicationRowsFor('(三)不予公开'), []);
    assert.deepEqual(applicationRowsFor('三、本年度办理结果'), []);
    assert.deepEqual(activeRowsFor('本年收费金额(单位:万元)'), []);
    assert.deepEqual(activeRowsFor('行政事业性收费'), [RowCode.FEES]);
    assert.deepEqual(activeRowsFor('规章'), [RowCode.REGULATIONS]);
    assert.deepEqual(activeRowsFor('行政规范性文件'), [RowCode.NORMATIVE_DOCUMENTS]);
  });
});

describe('form detection', () => {
  test('from the layout, not the year', () => {
    assert.equal(decideForm({ v2019: 3, v2021: 0 }, 2024), FormVersion.V2019);
    assert.equal(decideForm({ v2019: 0, v2021: 4 }, 2020), FormVersion.V2021);
  });
  test('from the year when the layout is silent', () => {
    assert.equal(decideForm({ v2019: 0, v2021: 0 }, 2020), FormVersion.V2019);
    assert.equal(decideForm({ v2019: 1, v2021: 1 }, 2021), FormVersion.V2021);
  });
  test('a 2021-form table in a report on 2020 is read as the 2021 form', () => {
    const text = SEED_003.replaceAll('2023', '2020');
    assert.equal(parseReport(text).formVersion, FormVersion.V2021);
  });
});

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

describe('identities and structural issues', () => {
  const issues = (text: string) =>
    parseReport(text)
      .issues.map((i) => `${i.code}@${i.where}`)
      .sort();

  test('a clean report has no issues', () => {
    assert.deepEqual(issues(SEED_003), []);
  });
  test('identity 3 (balance) is reported per column', () => {
    const text = SEED_003.replace(
      '二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0',
      '二、上年结转政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2',
    );
    assert.deepEqual(issues(text), [
      `${IssueCode.BALANCE_MISMATCH}@naturalPerson`,
      `${IssueCode.BALANCE_MISMATCH}@total`,
    ]);
  });
  test('identity 4 (review totals) is reported per group', () => {
    const text = SEED_003.replace(
      '0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |',
      '0 | 0 | 0 | 0 | 0 | 0 | 0 | 2 | 0 | 1 | 0 | 0 | 0 | 0 | 0 |',
    );
    assert.deepEqual(issues(text), [`${IssueCode.REVIEW_TOTAL_MISMATCH}@litigationDirect`]);
  });
  test('a row with a cell too many is flagged on its own; the rest of the table is kept, marked partial', () => {
    const text = SEED_003.replace('2.重复申请 | 0 | 0 |', '2.重复申请 | 0 | 0 | 0 |');
    const r = parseReport(text);
    assert.deepEqual(
      r.issues.map((i) => `${i.code}@${i.where}`),
      [`${IssueCode.CELL_COUNT_MISMATCH}@${RowCode.NOT_PROCESSED_REPEATED}`],
    );
    const apps = toGoldenJson(r).applications;
    assert.ok(apps);
    assert.equal(apps[RowCode.NOT_PROCESSED_REPEATED], undefined);
    assert.equal(Object.keys(apps).length, 24); // the other 24 of the 2021 form's 25 rows
    assert.equal(r.tables.find((t) => t.table === TableCode.APPLICATIONS)?.partial, true);
    assert.ok(r.issues[0]?.position);
    assert.match(r.issues[0]?.message ?? '', /2\.重复申请 \| 0 \| 0 \| 0/);
  });
  test('a missing table and a missing section are reported', () => {
    const lines = SEED_003.split('\n');
    const text = [...lines.slice(0, 53), ...lines.slice(57)]
      .join('\n')
      .replace('四、政府信息公开行政复议、行政诉讼情况', '');
    assert.deepEqual(issues(text), [
      `${IssueCode.MISSING_SECTION}@4`,
      `${IssueCode.MISSING_TABLE}@${TableCode.REVIEW_LITIGATION}`,
    ]);
  });
  test('a repeated row is left out with an issue; the row it replaced is missing', () => {
    const text = SEED_003.replace('2.重复申请 | 0', '1.信访举报投诉类申请 | 0');
    assert.deepEqual(issues(text), [
      `${IssueCode.MISSING_ROW}@${RowCode.NOT_PROCESSED_REPEATED}`,
      `${IssueCode.TABLE_LAYOUT_UNKNOWN}@${TableCode.APPLICATIONS}`,
    ]);
  });
});

describe('layouts the seeds do not show', () => {
  const values = (text: string) => {
    const j = toGoldenJson(parseReport(text));
    return { a: j.activeDisclosure, b: j.applications, c: j.reviewLitigation, issues: j.issues.length };
  };
  const base = values(SEED_003);

  test('space-separated rows (pdftotext) read the same', () => {
    assert.deepEqual(values(SEED_003.replaceAll(' | ', '  ').replaceAll('|', '')), base);
  });
  test('tab-separated rows read the same', () => {
    assert.deepEqual(values(SEED_003.replaceAll(' | ', '\t').replaceAll('|', '')), base);
  });
  test('one cell per line reads the same', () => {
    assert.deepEqual(values(SEED_003.replaceAll(' | ', '\n').replaceAll('|', '')), base);
  });
  test('full-width digits, full-width punctuation and CRLF read the same', () => {
    const fw = SEED_003.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))
      .replaceAll('(', '（')
      .replaceAll(')', '）')
      .replaceAll('\n', '\r\n');
    assert.deepEqual(values(fw), base);
  });
  test('headings lost entirely: sections found by content', () => {
    const text = SEED_003.split('\n')
      .filter((l) => !/^[一二三四五六]、(总体|主动|收到|政府|存在|其他)/.test(l))
      .join('\n');
    const r = parseReport(text);
    assert.deepEqual(
      r.sections.map((s) => [s.number, s.printedTitle]),
      [
        [1, null],
        [2, null],
        [3, null],
        [4, null],
        [5, null],
        [6, null],
      ],
    );
    assert.ok(r.sections[4]?.text.includes('政务公开人员力量'));
    assert.ok(r.sections[5]?.text.includes('无收取信息处理费'));
  });
});

describe('errors', () => {
  test('random bytes are a ParseError with a position', () => {
    const bytes = new Uint8Array(4096);
    let x = 12345;
    for (let i = 0; i < bytes.length; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      bytes[i] = x & 0xff;
    }
    assert.throws(
      () => parseReport(bytes),
      (e: unknown) => e instanceof ParseError && e.line >= 1 && e.column >= 1,
    );
  });
  test('a PDF is a ParseError', () => {
    assert.throws(() => parseReport(Buffer.from('%PDF-1.7\n...')), ParseError);
  });
  test('text with no template in it is a ParseError at 1:1', () => {
    assert.throws(
      () => parseReport('今天天气很好。\n明天也很好。'),
      (e: unknown) => e instanceof ParseError && e.line === 1 && e.column === 1,
    );
  });
  test('the file name appears in the error message', () => {
    assert.throws(
      () => parseReport('无关内容', { fileName: 'x.txt' }),
      (e: unknown) => e instanceof ParseError && e.message.startsWith('x.txt:1:1: '),
    );
  });
  test('input over the cap is InputTooLargeError; at the cap it is read', () => {
    assert.throws(() => parseReport(new Uint8Array(MAX_INPUT_BYTES + 1)), InputTooLargeError);
    const padded = SEED_003 + '\n' + ' '.repeat(MAX_INPUT_BYTES - Buffer.byteLength(SEED_003) - 1);
    assert.equal(Buffer.byteLength(padded), MAX_INPUT_BYTES);
    assert.equal(parseReport(padded).year, 2023);
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

test('an agency name starting with 特 keeps it (特 alone is not a sentence prefix)', () => {
  const seed = readFileSync(
    join(__dirname, '..', 'fixtures', 'corpus', 'seeds', '003_046dc01fb9bbe87a.txt'),
    'utf8',
  );
  const text = seed.replace(/漳州古雷港经济开发区/g, '特克斯县');
  assert.equal(parseReport(text).agency.name, '特克斯县');
});
