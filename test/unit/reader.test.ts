/**
 * The row-level table reader on the layouts real reports come in (docs/parsing.md): one-line
 * text with glued digit runs, column-major text, extra and reordered rows, blank totals, cells
 * with notes, markdown and OCR output, traditional characters, Chinese-numeral dates, truncated
 * pages. Inputs are the hand-checked seeds rewritten into each layout, compared with their golden values.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as OpenCC from 'opencc-js';
import { IssueCode, RowCode, TableCode } from '../../src/domain/codes';
import { parseReport, toGoldenJson } from '../../src/parser';
import { ParseError } from '../../src/errors';
import { SourceText } from '../../src/parser/source';
import { lastIsSum, splitPieces } from '../../src/parser/split';
import { goldenFiles, readGolden, seedText } from '../support/golden';

const SEED_003 = seedText(readGolden('003_046dc01fb9bbe87a.json'));
const GOLDEN_003 = readGolden('003_046dc01fb9bbe87a.json');

/** Every table value of a reading against the golden values: right, wrong, and not read. */
function score(json: ReturnType<typeof toGoldenJson>, golden: ReturnType<typeof readGolden>) {
  let right = 0;
  let wrong = 0;
  let missing = 0;
  const tables = [
    [json.activeDisclosure, golden.activeDisclosure],
    [json.applications, golden.applications],
    [json.reviewLitigation, golden.reviewLitigation],
  ] as const;
  for (const [got, want] of tables) {
    if (!want) continue;
    for (const [row, values] of Object.entries(want)) {
      const w = Object.values(values as Record<string, number>);
      const g = (got as Record<string, unknown> | null)?.[row];
      if (!g) {
        missing += w.length;
        continue;
      }
      const gv = Object.values(g as Record<string, number>);
      w.forEach((v, i) => (gv[i] === v ? right++ : wrong++));
    }
  }
  return { right, wrong, missing };
}

const oneLine = (s: string) => s.replace(/[ \t]*\|[ \t]*/g, '').replace(/\s*\n\s*/g, '');

describe('glued digit runs', () => {
  test('a run splits into the cells its row has: no leading zeros, each piece at least one cell', () => {
    const { candidates } = splitPieces([{ text: '898989', sign: 1 }], 3);
    assert.ok(candidates.some((c) => c.join() === '89,89,89'));
    assert.ok(candidates.some((c) => c.join() === '8,9,8989'));
    assert.equal(candidates.length, 10); // C(5, 2): 898989 has no zero to constrain it
    assert.deepEqual(splitPieces([{ text: '000', sign: 1 }], 3).candidates, [[0, 0, 0]]);
    assert.deepEqual(splitPieces([{ text: '100', sign: 1 }], 2).candidates, [[10, 0]]);
    assert.deepEqual(splitPieces([{ text: '46.6847', sign: 1 }], 1).candidates, [[46.6847]]);
    assert.deepEqual(
      splitPieces(
        [
          { text: '12', sign: 1 },
          { text: '3', sign: -1 },
        ],
        3,
      ).candidates,
      [[1, 2, -3]],
    );
  });
  test('the row identity narrows the split: 总计 is the sum of the six applicant columns', () => {
    const all = splitPieces([{ text: '352000037', sign: 1 }], 7).candidates;
    const kept = splitPieces([{ text: '352000037', sign: 1 }], 7, (v) => lastIsSum(v)).candidates;
    assert.ok(all.length > 1);
    assert.deepEqual(kept, [[35, 2, 0, 0, 0, 0, 37]]);
  });
  test('a review row of fifteen glued digits splits under identity 4 in each group', () => {
    const holds = (v: readonly number[]) => [0, 5, 10].every((g) => lastIsSum(v, g, g + 5));
    const { candidates } = splitPieces([{ text: '21317000001324019', sign: 1 }], 15, holds);
    assert.ok(candidates.some((c) => c.join() === '2,1,3,1,7,0,0,0,0,0,13,2,4,0,19'));
    for (const c of candidates) assert.ok(holds(c));
  });
  test('long runs are not split at all and work is bounded', () => {
    const work = { steps: 0 };
    const r = splitPieces([{ text: '1'.repeat(41), sign: 1 }], 7, undefined, work);
    assert.deepEqual(r, { candidates: [], truncated: true });
    assert.equal(work.steps, 0);
  });
});

describe('one-line text', () => {
  for (const file of goldenFiles()) {
    test(`seed ${file} on one line: no value read wrong`, () => {
      const golden = readGolden(file);
      const r = parseReport(oneLine(seedText(golden)));
      const json = toGoldenJson(r);
      const s = score(json, golden);
      assert.equal(s.wrong, 0, JSON.stringify(s));
      // every value not read is under an issue that names its row or table
      for (const i of r.issues.filter((x) => x.code === IssueCode.AMBIGUOUS_CELLS)) {
        assert.ok((i.candidates?.length ?? 0) !== 1, i.message);
      }
    });
  }
  test('seeds whose cells are all printed read whole; an ambiguous row keeps the truth among its candidates', () => {
    const golden = readGolden('000_645fa7a6713f6501.json');
    const s = score(toGoldenJson(parseReport(oneLine(seedText(golden)))), golden);
    assert.deepEqual(s, { right: 200, wrong: 0, missing: 0 });
    const r = parseReport(oneLine(SEED_003));
    const a = r.issues.find((i) => i.code === IssueCode.AMBIGUOUS_CELLS);
    assert.equal(a?.where, RowCode.NORMATIVE_DOCUMENTS); // 13 0 21 printed 13021
    assert.ok(a?.candidates?.some((c) => c.join() === '13,0,21'));
    assert.deepEqual(toGoldenJson(r).partialTables, [TableCode.ACTIVE_DISCLOSURE]);
    assert.deepEqual(score(toGoldenJson(r), GOLDEN_003), { right: 197, wrong: 0, missing: 3 });
  });
  test('page chrome around the one line is not read as a table', () => {
    const text = `当前位置：首页 > 政务公开 > 年度报告 文字版 文件下载 ${oneLine(SEED_003)}`;
    assert.deepEqual(score(toGoldenJson(parseReport(text)), GOLDEN_003), {
      right: 197,
      wrong: 0,
      missing: 3,
    });
  });
});

/** Seed 003's applications table rewritten one cell per line: the labels, then each column's numbers. */
function columnMajor(text: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith('一、本年新收'));
  const end = lines.findIndex((l) => l.startsWith('四、结转下年度'));
  const rows = lines.slice(start, end + 1).map((l) =>
    l
      .split('|')
      .map((c) => c.trim())
      .filter(Boolean),
  );
  const labels = rows.map((r) => r.slice(0, r.length - 7).join('\n'));
  const numbers: string[] = [];
  for (let c = 0; c < 7; c++) for (const r of rows) numbers.push(r[r.length - 7 + c] as string);
  return [...lines.slice(0, start), ...labels, ...numbers, ...lines.slice(end + 1)].join('\n');
}

describe('column-major text', () => {
  test('the applications table read column by column equals the golden values', () => {
    const json = toGoldenJson(parseReport(columnMajor(SEED_003)));
    assert.deepEqual(json.applications, GOLDEN_003.applications);
    assert.deepEqual(json.issues, []);
  });
  test('section two with no identity follows the order the applications table showed', () => {
    let text = columnMajor(SEED_003);
    text = text.replace(
      '规章 | 0 | 0 | 0 |\n行政规范性文件 | 13 | 0 | 21 |',
      '规章\n行政规范性文件\n0\n13\n0\n0\n0\n21',
    );
    const json = toGoldenJson(parseReport(text));
    assert.deepEqual(json.activeDisclosure?.normativeDocuments, { issued: 13, repealed: 0, inForce: 21 });
  });
  test('with nothing to tell the order, rows that read differently are ambiguous, not guessed', () => {
    const text = SEED_003.replace(
      '规章 | 0 | 0 | 0 |\n行政规范性文件 | 13 | 0 | 21 |',
      '规章\n行政规范性文件\n0\n13\n0\n0\n0\n21',
    );
    const r = parseReport(text);
    const ambiguous = r.issues
      .filter((i) => i.code === IssueCode.AMBIGUOUS_CELLS)
      .map((i) => [i.where, i.candidates]);
    // each row's reading row by row, then column by column
    assert.deepEqual(ambiguous, [
      [
        RowCode.REGULATIONS,
        [
          [0, 13, 0],
          [0, 0, 0],
        ],
      ],
      [
        RowCode.NORMATIVE_DOCUMENTS,
        [
          [0, 0, 21],
          [13, 0, 21],
        ],
      ],
    ]);
    assert.equal(toGoldenJson(r).activeDisclosure?.licensing?.decisions, 1493);
  });
});

describe('rows as local variants print them', () => {
  test('an extra row is kept with its label and cells; the template rows are intact', () => {
    const text = SEED_003.replace(
      '行政规范性文件 | 13 | 0 | 21 |',
      '行政规范性文件 | 13 | 0 | 21 |\n其他主动公开文件 | 5 | 3 | 10 |',
    );
    const r = parseReport(text);
    const json = toGoldenJson(r);
    assert.deepEqual(json.extraRows, {
      [TableCode.ACTIVE_DISCLOSURE]: [{ label: '其他主动公开文件', values: [5, 3, 10] }],
    });
    assert.deepEqual(json.activeDisclosure, GOLDEN_003.activeDisclosure);
    assert.deepEqual(
      r.issues.map((i) => `${i.code}@${i.where}`),
      [`${IssueCode.EXTRA_ROW}@${TableCode.ACTIVE_DISCLOSURE}`],
    );
  });
  test('rows out of order take the row their label names', () => {
    const a = '2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | ||';
    const b = '3.要求提供公开出版物 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | ||';
    const text = SEED_003.replace('(一)予以公开 | 0 | 0 |', '(一)予以公开 | 1 | 0 |').replace(
      `${a}\n${b}`,
      `${b}\n${a}`,
    );
    assert.ok(text.includes(`${b}\n${a}`));
    const json = toGoldenJson(parseReport(text));
    assert.deepEqual(json.applications?.[RowCode.GRANTED], [1, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(json.applications?.[RowCode.NOT_PROCESSED_REPEATED], [0, 0, 0, 0, 0, 0, 0]);
  });
  test('a blank 总计 is not assessable; a printed dash is a zero that breaks the identity', () => {
    const blank = SEED_003.replace(
      '一、本年新收政府信息公开申请数量 | 11 | 0 | 0 | 0 | 0 | 0 | 11 |',
      '一、本年新收政府信息公开申请数量 | 11 | 0 | 0 | 0 | 0 | 0 | \u00a0 |',
    );
    const codes = (t: string) => parseReport(t).issues.map((i) => `${i.code}@${i.where}`);
    assert.ok(!codes(blank).includes(`${IssueCode.ROW_TOTAL_MISMATCH}@${RowCode.NEW_RECEIVED}`));
    const dash = blank.replace('| \u00a0 |', '| — |');
    assert.ok(codes(dash).includes(`${IssueCode.ROW_TOTAL_MISMATCH}@${RowCode.NEW_RECEIVED}`));
  });
  test('a cell with a note is its number; the note stays in the raw text', () => {
    const text = SEED_003.replace(
      '行政规范性文件 | 13 | 0 | 21 |',
      '行政规范性文件 | 13（其中修订 6 件） | 0 | 21 |',
    );
    const r = parseReport(text);
    const row = r.tables
      .find((t) => t.table === TableCode.ACTIVE_DISCLOSURE)
      ?.rows.find((x) => x.code === RowCode.NORMATIVE_DOCUMENTS);
    assert.equal(row?.cells[0]?.value, 13);
    assert.equal(row?.cells[0]?.raw, '13（其中修订 6 件）');
  });
  test('a truncated page keeps the rows before the cut', () => {
    const cut = SEED_003.indexOf('3.危及');
    const r = parseReport(SEED_003.slice(0, cut));
    const json = toGoldenJson(r);
    assert.deepEqual(json.activeDisclosure, GOLDEN_003.activeDisclosure);
    assert.deepEqual(
      json.applications?.[RowCode.REFUSED_LAW_PROHIBITED],
      GOLDEN_003.applications[RowCode.REFUSED_LAW_PROHIBITED],
    );
    const codes = new Set(r.issues.map((i) => `${i.code}@${i.where}`));
    assert.ok(codes.has(`${IssueCode.MISSING_ROW}@${RowCode.CARRIED_FORWARD}`));
    assert.ok(codes.has(`${IssueCode.MISSING_TABLE}@${TableCode.REVIEW_LITIGATION}`));
  });
});

describe('markdown and OCR output', () => {
  const markdown = SEED_003.split('\n')
    .map((l) => (l.includes(' | ') || l.endsWith('|') ? `| ${l.replace(/\|+\s*$/, '').trim()} |` : l))
    .join('\n')
    .replace('| 第二十条第(一)项 |', '| 第二十条第(一)项 | 数据1 | 数据2 | 数据3 |\n|---|---|---|---|')
    .replace('| 一、本年新收政府信息公开申请数量 |', '| - | - |\n| 一、本年新收政府信息公开申请数量 |')
    .replace(
      '| 2.重复申请 |',
      '| 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n|:---:|:---:|:---:|:---:|:---:|:---:|:---:|\n| 2.重复申请 |',
    );
  test('delimiter rows, placeholder headers and rows, and a header repeated mid-table are layout', () => {
    assert.ok(markdown.includes('|---|---|---|---|'));
    const json = toGoldenJson(parseReport(markdown));
    assert.deepEqual(json.activeDisclosure, GOLDEN_003.activeDisclosure);
    assert.deepEqual(json.applications, GOLDEN_003.applications);
    assert.deepEqual(json.reviewLitigation, GOLDEN_003.reviewLitigation);
    assert.deepEqual(json.issues, []);
  });
  test('OCR misreadings of label characters still find their row', () => {
    const text = SEED_003.replace('4.保护第三方合法权益 | 0', '4.保护第三万合法权益 | 7')
      .replace('1.本机关不掌握相关政府信息', '1.本机关不掌据相关政府信息')
      .replace('行政规范性文件 |', '行政规范牲文件 |');
    const json = toGoldenJson(parseReport(text));
    assert.equal(json.applications?.[RowCode.REFUSED_THIRD_PARTY_RIGHTS]?.[0], 7);
    assert.deepEqual(
      json.applications?.[RowCode.UNABLE_NOT_HELD],
      GOLDEN_003.applications[RowCode.UNABLE_NOT_HELD],
    );
    assert.deepEqual(
      json.activeDisclosure?.normativeDocuments,
      GOLDEN_003.activeDisclosure.normativeDocuments,
    );
  });
  test('group labels are never taken for the rows they resemble', () => {
    const text = SEED_003.replace(
      '(一)予以公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |',
      '(一)予以公开\n0 | 0 | 0 | 0 | 0 | 0 | 0 |',
    ).replace('(三)不予公开 | 1.属于国家秘密', '(三)不予公开\n1.属于国家秘密');
    assert.deepEqual(toGoldenJson(parseReport(text)).applications, GOLDEN_003.applications);
  });
});

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
