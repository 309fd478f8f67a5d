/** The table reader (src/parser/tables.ts) on the layouts real reports come in, through parseReport: column-major text, extra and reordered rows, blank totals, cells with notes, truncated pages, markdown and OCR output. Inputs are the hand-checked seeds rewritten into each layout, compared with their golden values. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { IssueCode, RowCode, TableCode } from '../../../src/domain/codes';
import { parseReport, toGoldenJson } from '../../../src/parser';
import fs from 'node:fs';
import path from 'node:path';
import { CHALLENGE_DIR } from '../../support/challenge';
import { readGolden, seedText } from '../../support/golden';

const SEED_003 = seedText(readGolden('003_046dc01fb9bbe87a.json'));
const GOLDEN_003 = readGolden('003_046dc01fb9bbe87a.json');

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

/** A challenge fixture (test/fixtures/challenge) with one row's line rewritten: the rules on real layouts. */
function challenge(
  file: string,
  line: RegExp,
  to: string | ((m: string) => string),
): ReturnType<typeof toGoldenJson> {
  const text = fs.readFileSync(path.join(CHALLENGE_DIR, file), 'utf8');
  assert.match(text, line, `${file} prints the row`);
  return toGoldenJson(parseReport(text.replace(line, to as string), { fileName: file }));
}
const codesAt = (json: ReturnType<typeof toGoldenJson>, where: string) =>
  json.issues.filter((i) => i.where === where).map((i) => `${i.code}/${i.severity}`);

describe('rows short of a cell (docs/parsing.md)', () => {
  const TABS = 'text-tabs-003-0.txt';
  const MD = 'md-pipe-003-0.md';
  const REGULATIONS_TAB = /^规章\t.*$/m;
  const REGULATIONS_MD = /^\| 规章 \|.*$/m;
  const LICENSING_MD = /^\| 行政许可 \|.*$/m;
  const REPEATED_MD = /^(\|.*重复申请 \|).*$/m;
  const REVIEW_MD = /^(?:\| 0 ){15}\|$/m;
  /** notProcessed.repeated printed with these cells after its labels. */
  const repeated = (cells: string) => (m: string) => `${m.slice(0, m.indexOf('重复申请 |') + 6)}${cells}`;

  test('browser-copied tab text: empty edge cells that make the row are its blank cells', () => {
    const json = challenge(TABS, REGULATIONS_TAB, '规章\t\t\t0');
    assert.deepEqual(json.activeDisclosure?.regulations, { issued: 0, repealed: 0, inForce: 0 });
    const alone = challenge(TABS, /^行政处罚\t.*$/m, '行政处罚\t');
    assert.deepEqual(alone.activeDisclosure?.punishment, { decisions: 0 });
    assert.deepEqual(codesAt(json, RowCode.REGULATIONS), []);
  });

  test('a tab table padded to one width (a spreadsheet) does not fill a short row', () => {
    // a spreadsheet's copy: every line of the table has the table's four cells
    const text = fs.readFileSync(path.join(CHALLENGE_DIR, TABS), 'utf8');
    const start = text.indexOf('第二十条第（一）项');
    const end = text.indexOf('\n', text.indexOf('行政事业性收费'));
    const table = text
      .slice(start, end)
      .split('\n')
      .map((l) => [...l.split('\t'), '', '', ''].slice(0, 4).join('\t'))
      .join('\n')
      .replace(REGULATIONS_TAB, '规章\t\t\t0');
    const json = toGoldenJson(parseReport(text.slice(0, start) + table + text.slice(end)));
    assert.equal(json.activeDisclosure?.regulations, undefined);
    assert.deepEqual(codesAt(json, RowCode.REGULATIONS), ['CELL_COUNT_MISMATCH/error']);
    assert.deepEqual(json.activeDisclosure?.licensing, { decisions: 1493 });
  });

  test('padded markdown: a blank edge cell is never filled (a missing cell prints the same)', () => {
    const json = challenge(MD, REGULATIONS_MD, '| 规章 |  |  | 0 |');
    assert.equal(json.activeDisclosure?.regulations, undefined);
    assert.deepEqual(codesAt(json, RowCode.REGULATIONS), ['CELL_COUNT_MISMATCH/error']);
    assert.deepEqual(json.partialTables, [TableCode.ACTIVE_DISCLOSURE]);
  });

  test('a row of zeros one cell short reads as zeros, with a warning; two short or not zeros, flagged', () => {
    const one = challenge(MD, REPEATED_MD, repeated(' 0 | 0 | 0 | 0 | 0 | 0 |  |'));
    assert.deepEqual(one.applications?.['notProcessed.repeated'], [0, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(codesAt(one, 'notProcessed.repeated'), ['CELL_COUNT_MISMATCH/warning']);
    assert.deepEqual(one.partialTables, []);
    const two = challenge(MD, REPEATED_MD, repeated(' 0 | 0 | 0 | 0 | 0 |  |  |'));
    assert.equal(two.applications?.['notProcessed.repeated'], undefined);
    const nonzero = challenge(MD, REPEATED_MD, repeated(' 0 | 0 | 0 | 0 | 1 | 1 |  |'));
    assert.equal(nonzero.applications?.['notProcessed.repeated'], undefined);
    assert.deepEqual(codesAt(nonzero, 'notProcessed.repeated'), ['CELL_COUNT_MISMATCH/error']);
  });

  test('a merged cell repeated in every column reads once; differing copies are flagged', () => {
    const json = challenge(MD, LICENSING_MD, '| 行政许可 | 1493 | 1493 | 1493 |');
    assert.deepEqual(json.activeDisclosure?.licensing, { decisions: 1493 });
    const differ = challenge(MD, LICENSING_MD, '| 行政许可 | 1493 | 1493 | 1 |');
    assert.equal(differ.activeDisclosure?.licensing, undefined);
  });

  test('the review row: sixteen cells, the last blank, is flagged unless every group holds', () => {
    const row = REVIEW_MD;
    const broken = challenge(MD, row, '| 1 | 4 |  |  |  |  |  |  |  |  |  | 1 |  |  | 5 |  |');
    assert.equal(broken.reviewLitigation, null);
    assert.deepEqual(codesAt(broken, TableCode.REVIEW_LITIGATION), ['CELL_COUNT_MISMATCH/error']);
    const holding = challenge(MD, row, '| 1 | 4 |  |  | 5 |  |  |  |  |  |  | 1 |  |  | 1 |  |');
    assert.deepEqual(holding.reviewLitigation?.reconsideration, {
      upheld: 1,
      corrected: 4,
      other: 0,
      pending: 0,
      total: 5,
    });
    const short = challenge(MD, row, '| 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |  |');
    assert.deepEqual(short.reviewLitigation?.litigationAfterReconsideration, {
      upheld: 0,
      corrected: 0,
      other: 0,
      pending: 0,
      total: 0,
    });
    assert.deepEqual(codesAt(short, TableCode.REVIEW_LITIGATION), ['CELL_COUNT_MISMATCH/warning']);
  });

  test('OCR: look-alike letters inside numbers and a spaced thousands group in a cell', () => {
    const json = challenge(MD, LICENSING_MD, '| 行政许可 | 14 93 |  |  |');
    assert.equal(json.activeDisclosure?.licensing, undefined, '14 93 is two cells');
    const spaced = challenge(MD, LICENSING_MD, '| 行政许可 | 1 493 |  |  |');
    assert.deepEqual(spaced.activeDisclosure?.licensing, { decisions: 1493 });
    const ocr = challenge(MD, LICENSING_MD, '| 行政许可 | l493 |  |  |');
    assert.deepEqual(ocr.activeDisclosure?.licensing, { decisions: 1493 });
  });

  test('space-aligned text: a row whose numbers sit on two lines, in no known order, is ambiguous', () => {
    // pdftotext -layout prints a cell whose text wraps a line above the row's other cells
    const json = challenge(
      'text-spaces-004-0.txt',
      /^部分公开.*$/m,
      '部分公开（区分处理的，只计这一情形，不计其他情形）   1\n      0   0   0   0   0   1',
    );
    assert.equal(json.applications?.partiallyGranted, undefined);
    assert.deepEqual(codesAt(json, 'partiallyGranted'), ['AMBIGUOUS_CELLS/error']);
    // one number a line (a cell per line) keeps its order
    const lines = challenge(
      'text-spaces-004-0.txt',
      /^部分公开.*$/m,
      '部分公开（区分处理的，只计这一情形，不计其他情形）\n1\n0\n0\n0\n0\n0\n1',
    );
    assert.deepEqual(lines.applications?.partiallyGranted, [1, 0, 0, 0, 0, 0, 1]);
  });
});

describe('pdftotext -layout: cells wrapped over lines (docs/parsing.md)', () => {
  const FILE = 'pdftotext-000-1.txt';
  // 部分公开's total cell wraps: its "0" sits on the label's first line, the rest on the next
  const PARTIAL = /^( *（二）部分公开[^\n]*?) {20,}0\n/m;

  test('numbers of a row over several lines are read in the order of their columns', () => {
    const json = challenge(FILE, PARTIAL, (m) => m);
    assert.deepEqual(json.applications?.partiallyGranted, [4, 0, 0, 0, 0, 0, 4]);
    assert.deepEqual(codesAt(json, 'partiallyGranted'), []);
  });

  test('a number sharing columns with one of another line leaves the row ambiguous', () => {
    // the wrapped 0 moved under the row's fourth number (0件 at the same columns)
    const json = challenge(FILE, PARTIAL, (m) => {
      const label = (PARTIAL.exec(m) as RegExpExecArray)[1] as string;
      // display columns aside, code units: line 97 prints 0件 at code unit 53
      return label + ' '.repeat(53 - label.length) + '0\n';
    });
    assert.equal(json.applications?.partiallyGranted, undefined);
    assert.deepEqual(codesAt(json, 'partiallyGranted'), ['AMBIGUOUS_CELLS/error']);
  });

  test('a "0" above a row and its "件" below, in one column, are a cell of that row', () => {
    const json = challenge(FILE, /^ *（三）不 +0 +0\n/m, (m) => m);
    assert.deepEqual(json.applications?.['refused.stateSecret'], [0, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(codesAt(json, 'refused.stateSecret'), []);
    // without the units below, nothing ties the numbers to the row under them
    const bare = challenge(FILE, /(^ *（三）不 +0 +0\n[^\n]*\n) +件 +件\n/m, '$1\n');
    assert.equal(bare.applications?.['refused.stateSecret'], undefined);
  });
});

describe('the applications table with 总计 as its first column (issue 13, session 7)', () => {
  /** Seed 003 with 总计 printed before 自然人 in the header and first in every row. */
  function totalFirst(text: string): string {
    return text
      .replace('自然人 | 法人或其他组织 | 总计 |', '总计 | 自然人 | 法人或其他组织 |')
      .replace(
        /^(.*?申请数量|.*?[)）][^|]*|.*?继续办理|.*?\d\.[^|]*?)((?: \| [0-9]+){6}) \| ([0-9]+) \|/gm,
        '$1 | $3$2 |',
      );
  }

  test('each row is read in the template order, the total moved last', () => {
    const text = totalFirst(SEED_003);
    assert.match(text, /一、本年新收政府信息公开申请数量 \| 11 \| 11 \| 0/);
    const json = toGoldenJson(parseReport(text));
    assert.deepEqual(json.applications, GOLDEN_003.applications);
    assert.deepEqual(
      json.issues.filter((i) => i.where === TableCode.APPLICATIONS),
      [],
    );
  });

  test('with 总计 and 自然人 wrapped in the header, identity 1 tells the total is first', () => {
    const text = totalFirst(SEED_003).replace('总计 | 自然人 |', '总 | 计 | 自 | 然 | 人 |');
    assert.doesNotMatch(text.slice(0, text.indexOf('一、本年新收')), /自然人|总计/);
    const json = toGoldenJson(parseReport(text));
    assert.deepEqual(json.applications, GOLDEN_003.applications);
    // a row where identity 1 holds neither way (a broken identity) leaves the template's order
    const broken = text.replace(/(四、结转下年度继续办理) \| 0 \| 0 \|/, '$1 | 0 | 5 |');
    const b = toGoldenJson(parseReport(broken));
    assert.deepEqual(b.applications?.newReceived, [11, 11, 0, 0, 0, 0, 0]);
    assert.ok(codesAt(b, 'newReceived').includes('ROW_TOTAL_MISMATCH/warning'));
  });

  test('a row of another count of cells cannot be reordered: the table is flagged', () => {
    const text = totalFirst(SEED_003).replace(
      /二、上年结转政府信息公开申请数量 \| 0 \| 0 \|/,
      '二、上年结转政府信息公开申请数量 | 0 |',
    );
    const json = toGoldenJson(parseReport(text));
    assert.deepEqual(codesAt(json, TableCode.APPLICATIONS), ['TABLE_LAYOUT_UNKNOWN/error']);
  });
});

describe('pdftotext -layout: a cell wrapped over three lines (issue 13, session 7)', () => {
  // LibreOffice's print of the filled template: 132 in full-width digits, too wide for its cell,
  // printed as "１ ３" above the row's line and "２" below it, in the 自然人 and 总计 columns
  const FILE = 'pdftotext-template-004-0.txt';

  test('the fragment below the row is not taken for the figure: the row is ambiguous', () => {
    const json = challenge(FILE, /^ +１ ３ +１ ３\n一、本年新收/m, (m) => m);
    assert.equal(json.applications?.newReceived, undefined);
    assert.deepEqual(codesAt(json, 'newReceived'), ['AMBIGUOUS_CELLS/error']);
    // (七)总计 prints 132 the same way; the rows between, on one line each, are read
    assert.deepEqual(codesAt(json, 'totalProcessed'), ['AMBIGUOUS_CELLS/error']);
    assert.deepEqual(json.applications?.carriedOver, [0, 0, 0, 0, 0, 0, 0]);
  });
});

describe('pdftotext -layout: a row whose label wraps over three lines (issue 13, session 7)', () => {
  // （六）其他处理's first row: its total's 无 on the label's first line, the other six on the
  // middle line after the label's second line (他处理 行政机关不再处理其政府信息公开)
  const FILE = 'pdftotext-template-000-0.txt';
  const MIDDLE = /^( +他处理 +行政机关不再处理其政府信息公开)((?: +无){6})$/m;

  test("the middle line's numbers complete the row, ordered by their columns", () => {
    const json = challenge(FILE, MIDDLE, (m) => m);
    assert.deepEqual(json.applications?.['otherDisposal.noCorrection'], [0, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(codesAt(json, 'otherDisposal.noCorrection'), []);
    assert.equal(
      json.issues.some((i) => i.code === IssueCode.EXTRA_ROW && /他处理/.test(i.message)),
      false,
    );
  });

  test('numbers that do not make up the row stay an extra row, and the row is flagged', () => {
    const json = challenge(FILE, MIDDLE, (m) => m.replace(/ +无$/, ''));
    assert.equal(json.applications?.['otherDisposal.noCorrection'], undefined);
    assert.deepEqual(codesAt(json, 'otherDisposal.noCorrection'), ['CELL_COUNT_MISMATCH/error']);
  });
});
