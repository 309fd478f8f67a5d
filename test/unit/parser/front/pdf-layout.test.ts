/**
 * The PDF layout rules (src/parser/front/pdf-layout.ts) on page geometry given as numbers, one
 * rule at a time: what a table without rules needs (blank cells where its columns are certain,
 * wrapped labels joined back whatever their vertical alignment, group columns kept apart), what a
 * ruled table needs (cells spanning rows and columns, blanks, an edge lost at a page break), and
 * the page's chrome and paragraphs. pdf-front.test.ts and pdf-corpus.test.ts read real PDFs.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  isPageNumber,
  layoutPages,
  type PageContent,
  type Segment,
  type TextPiece,
} from '../../../../src/parser/front/pdf-layout';

const SIZE = 10;
const em = (s: string) => [...s].reduce((n, c) => n + (c.charCodeAt(0) >= 0x2e80 ? 1 : 0.5), 0);

/** A piece of text at (x, baseline) as a PDF prints it: each character one em wide, or half. */
const piece = (x: number, baseline: number, str: string, size = SIZE): TextPiece => ({
  str,
  x,
  baseline,
  width: em(str) * size,
  size,
});

function page(pieces: TextPiece[], segments: Segment[] = [], n = 1): PageContent {
  return { page: n, width: 595, height: 842, pieces, segments };
}

const NB = '\u00a0';
const text = (pages: PageContent[]) => layoutPages(pages).lines.map((l) => l.cells.map((c) => c.text));

/** Seven value columns from x = 300, 30 points apart, left-aligned. */
const COLS = [300, 330, 360, 390, 420, 450, 480];
const row = (y: number, label: string, values: Array<string | null>, labelX = 80) => [
  piece(labelX, y, label),
  ...values.flatMap((v, k) => (v === null ? [] : [piece(COLS[k] as number, y, v)])),
];

describe('tables without rules', () => {
  test('blank cells are filled where the columns are certain, and only there', () => {
    const lines = text([
      page([
        ...row(100, '一、本年新收', ['5', '1', '0', '0', '0', '0', '6']),
        ...row(120, '二、上年结转', ['1', '0', '0', '0', '0', '0', '1']),
        ...row(140, '(一)予以公开', ['3', '1', '0', '0', '0', '0', '4']),
        // blanks before, between and after the printed values (the total is printed)
        ...row(160, '(二)部分公开', [null, '2', null, '1', null, null, '3']),
        // one value centred over several columns: no column holds it
        piece(80, 180, '行政许可'),
        piece(345, 180, '12345678'),
      ]),
    ]);
    assert.deepEqual(lines[3], ['(二)部分公开', NB, '2', NB, '1', NB, NB, '3']);
    assert.deepEqual(lines[4], ['行政许可', '12345678']);
  });

  test('blanks are never filled from another table (across a section heading)', () => {
    const lines = text([
      page([
        ...row(100, '一、本年新收', ['5', '1', '0', '0', '0', '0', '6']),
        ...row(120, '二、上年结转', ['1', '0', '0', '0', '0', '0', '1']),
        ...row(140, '四、结转下年度', ['3', '1', '0', '0', '0', '0', '4']),
        piece(80, 170, '四、政府信息公开行政复议、行政诉讼情况'),
        // a review row of five, whose values happen to sit in columns of the table above
        ...row(200, '行政复议', ['1', null, '2', null, '3']),
      ]),
    ]);
    assert.deepEqual(lines[4], ['行政复议', '1', '2', '3']);
  });

  test('numbers apart by a space are cells; a label keeps its trailing numbers apart', () => {
    const lines = text([page([piece(80, 100, '(七)总计 12 0 3'), piece(300, 120, '29 0')])]);
    assert.deepEqual(lines, [
      ['(七)总计', '12', '0', '3'],
      ['29', '0'],
    ]);
  });

  // a label column 14 characters wide (x 80–220), the numbers from x 300
  const LABEL = '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请';
  const wrap = [LABEL.slice(0, 14), LABEL.slice(14, 28), LABEL.slice(28)];
  const widest = (y: number) => piece(80, y, '2.没有现成信息需要另行制作啊');

  test('a label wrapped below its numbers (top-aligned) is one cell', () => {
    const lines = text([
      page([
        ...row(80, widest(80).str, ['1', '0', '0', '0', '0', '0', '1']),
        ...row(100, wrap[0] as string, ['2', '0', '0', '0', '0', '0', '2']),
        piece(80, 113, wrap[1] as string),
        piece(80, 126, wrap[2] as string),
        ...row(146, '3.其他', ['1', '0', '0', '0', '0', '0', '1']),
      ]),
    ]);
    assert.deepEqual(lines[1], [LABEL, '2', '0', '0', '0', '0', '0', '2']);
    assert.deepEqual(lines[2], ['3.其他', '1', '0', '0', '0', '0', '0', '1']);
  });

  test('a label centred on its numbers, odd or even number of lines, is one cell', () => {
    const lines = text([
      page([
        ...row(60, widest(60).str, ['1', '0', '0', '0', '0', '0', '1']),
        // three lines, the numbers on the middle one
        piece(80, 87, wrap[0] as string),
        ...row(100, wrap[1] as string, ['2', '0', '0', '0', '0', '0', '2']),
        piece(80, 113, wrap[2] as string),
        // two lines, the numbers between them; then a row right below
        piece(80, 140, '5.要求行政机关确认或重新出具'),
        ...row(146.5, '', ['3', '0', '0', '0', '0', '0', '3']).slice(1),
        piece(80, 153, '已获取信息'),
        ...row(173, '6.其他', ['1', '0', '0', '0', '0', '0', '1']),
      ]),
    ]);
    assert.deepEqual(lines[1], [LABEL, '2', '0', '0', '0', '0', '0', '2']);
    assert.deepEqual(lines[2], ['5.要求行政机关确认或重新出具已获取信息', '3', '0', '0', '0', '0', '0', '3']);
    assert.deepEqual(lines[3], ['6.其他', '1', '0', '0', '0', '0', '0', '1']);
  });

  test("a group label on a row's line is not taken for the row's label", () => {
    // (六)其他处理 in a narrow column at x 40, centred on its rows; the row's label is centred too
    const lines = text([
      page([
        ...row(60, widest(60).str, ['1', '0', '0', '0', '0', '0', '1']),
        piece(80, 87, '2.申请人逾期未按收费通知要求'),
        piece(40, 93, '(六)其'),
        ...row(100, '', ['4', '0', '0', '0', '0', '0', '4']).slice(1),
        piece(40, 100, '他处理'),
        piece(80, 113, '缴纳费用、行政机关不再处理'),
      ]),
    ]);
    const joined = lines.find((l) => l.includes('4'));
    assert.deepEqual(joined, [
      '他处理',
      '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理',
      '4',
      '0',
      '0',
      '0',
      '0',
      '0',
      '4',
    ]);
  });
});

/** The four edges of each cell of a grid (as Chromium strokes every cell), top-left coordinates. */
function grid(xs: number[], ys: number[], skip: (col: number, row: number, edge: 'top' | 'left') => boolean) {
  const segs: Segment[] = [];
  for (let r = 0; r + 1 < ys.length; r++) {
    for (let c = 0; c + 1 < xs.length; c++) {
      const [x0, x1, y0, y1] = [xs[c] as number, xs[c + 1] as number, ys[r] as number, ys[r + 1] as number];
      if (!skip(c, r, 'top')) segs.push({ x1: x0, y1: y0, x2: x1, y2: y0 });
      if (!skip(c, r, 'left')) segs.push({ x1: x0, y1: y0, x2: x0, y2: y1 });
      if (c + 2 === xs.length) segs.push({ x1, y1: y0, x2: x1, y2: y1 });
      if (r + 2 === ys.length) segs.push({ x1: x0, y1, x2: x1, y2: y1 });
    }
  }
  return segs;
}

describe('tables ruled between their columns only', () => {
  // no horizontal rule meets these: no grid; the rules still say where a cell ends
  const vrule = (x: number): Segment => ({ x1: x, y1: 80, x2: x, y2: 200 });
  const header = () => [piece(80, 100, '信息内容'), piece(300, 100, '本年制发'), piece(342, 100, '本年废止')];
  test('words on either side of a column rule are two cells, however close', () => {
    assert.deepEqual(text([page(header(), [vrule(70), vrule(341), vrule(400)])])[0], [
      '信息内容',
      '本年制发',
      '本年废止',
    ]);
  });
  test('without the rule the same words are one cell (a gap of a fifth of an em)', () => {
    assert.deepEqual(text([page(header())])[0], ['信息内容', '本年制发本年废止']);
  });
});

describe('tables ruled between their rows only', () => {
  // a short first line of a label that a wider label's column would not call full
  const pieces = () => [
    ...row(100, '2.没有现成信息需要另行制作', ['0', '0', '0', '0', '0', '0', '0']),
    ...row(130, '1.本机关', ['1', '0', '0', '0', '0', '0', '1']),
    piece(80, 142, '不掌握相关政府信息'),
    ...row(170, '3.补正后申请内容仍不明确', ['0', '0', '0', '0', '0', '0', '0']),
  ];
  const hrule = (y: number): Segment => ({ x1: 70, y1: y, x2: 520, y2: y });
  const rules = [hrule(88), hrule(118), hrule(150), hrule(158), hrule(180)];
  test('the lines of a label between the same two rules are one cell', () => {
    const lines = text([page(pieces(), rules)]);
    assert.deepEqual(lines[1], ['1.本机关不掌握相关政府信息', '1', '0', '0', '0', '0', '0', '1']);
    assert.equal(lines.length, 3);
  });
  test('without the rules the short line is not taken for a wrapped one', () => {
    const lines = text([page(pieces())]);
    assert.deepEqual(lines[1]?.[0], '1.本机关');
    assert.ok(lines.some((l) => l.join() === '不掌握相关政府信息'));
  });
  test('a band holding several rows (a 三线表 body) joins nothing', () => {
    const lines = text([page(pieces(), [hrule(88), hrule(180)])]);
    assert.deepEqual(lines[1]?.[0], '1.本机关');
  });
});

describe('ruled tables', () => {
  const xs = [60, 120, 260, 300, 340, 380];
  const ys = [100, 120, 140, 170, 190];

  test('a cell spanning rows is one cell on the first row it spans; blanks of a row of numbers are cells', () => {
    // column 0 spans rows 1–3 (no top edge on rows 2 and 3), row 0 is a header spanning columns 1–4
    const segs = grid(
      xs,
      ys,
      (c, r, e) => (c === 0 && e === 'top' && r >= 2) || (r === 0 && e === 'left' && c >= 2),
    );
    const lines = text([
      page(
        [
          piece(65, 115, '类别'),
          piece(125, 115, '申请人情况'),
          piece(65, 152, '三、本年'),
          piece(65, 165, '度办理结果'),
          piece(125, 135, '(一)予以公开'),
          piece(125, 153, '(二)部分公开(区分'),
          piece(125, 166, '处理的)'),
          piece(265, 135, '3'),
          piece(305, 135, '1'),
          piece(345, 135, '4'),
          piece(265, 159, '2'),
          piece(345, 159, '2'),
          piece(125, 185, '(三)不予公开'),
        ],
        segs,
      ),
    ]);
    assert.deepEqual(lines, [
      ['类别', '申请人情况'],
      ['三、本年度办理结果', '(一)予以公开', '3', '1', '4'],
      ['(二)部分公开(区分处理的)', '2', NB, '2'],
      ['(三)不予公开', NB, NB, NB],
    ]);
  });

  test('a row of nothing but empty cells right after the header is a row of blanks', () => {
    const segs = grid([60, 100, 140, 180], [100, 120, 140], () => false);
    const lines = text([
      page([piece(65, 115, '维持'), piece(105, 115, '纠正'), piece(145, 115, '总计')], segs),
    ]);
    assert.deepEqual(lines, [
      ['维持', '纠正', '总计'],
      [NB, NB, NB],
    ]);
  });

  test('full-width digits spaced out and wrapped inside one ruled cell are one figure', () => {
    // LibreOffice prints １３２ in a narrow cell as １ ３ (spaced glyphs) over ２
    const segs = grid([60, 260, 290, 320], [100, 130], () => false);
    const lines = text([
      page(
        [
          piece(65, 118, '一、本年新收'),
          piece(262, 110, '１'),
          piece(276, 110, '３'),
          piece(262, 124, '２'),
          piece(292, 118, '1'),
          piece(300, 118, '2'),
        ],
        segs,
      ),
    ]);
    assert.deepEqual(lines, [['一、本年新收', '１３２', '1 2']]);
  });

  test('a table broken across pages keeps its first row on the new page (no top edge drawn there)', () => {
    const segs = grid([60, 260, 300, 340, 380], [70, 90, 110], (_c, r, e) => r === 0 && e === 'top');
    const cells = layoutPages([
      page([piece(65, 85, '1.信访举报投诉类申请'), piece(265, 85, '11'), piece(345, 85, '3')], segs, 2),
    ]).lines;
    assert.deepEqual(
      cells.map((l) => l.cells.map((c) => c.text)),
      [['1.信访举报投诉类申请', '11', NB, '3']],
    );
    assert.deepEqual(cells[0]?.cells[1]?.box, { page: 2, x: 260, y: 70, width: 40, height: 20 });
  });
});

describe('page chrome and paragraphs', () => {
  test('page numbers in the margins and a header repeated on every page are dropped', () => {
    const pages = [1, 2, 3].map((n) =>
      page(
        [
          piece(200, 40, '某县2021年政府信息公开工作年度报告'),
          piece(80, 300, `第${n}页的正文`),
          piece(80, 420, String(n * 7)),
          piece(290, 810, `- ${n} -`),
        ],
        [],
        n,
      ),
    );
    assert.deepEqual(text(pages), [['第1页的正文'], ['7'], ['第2页的正文'], ['14'], ['第3页的正文'], ['21']]);
  });

  test('what a page number looks like', () => {
    for (const t of [
      '- 3 -',
      '— 4 —',
      '第3页',
      '第 3 页 共 10 页',
      '共10页',
      '3/10',
      '3 / 10',
      'Page 3 of 10',
      '-3-',
    ])
      assert.ok(isPageNumber(t), t);
    for (const t of ['3.其他', '2021年', '一、总体情况', '(三)'] as const) assert.ok(!isPageNumber(t), t);
  });

  test('lines of one paragraph are joined; a heading after a full line is not', () => {
    const full = '根据《中华人民共和国政府信息公开条例》要求,现向社会公布某县';
    const lines = text([
      page([
        piece(80, 100, full),
        piece(80, 118, '2021年政府信息公开工作年度报告。'),
        piece(80, 136, full),
        piece(80, 154, '一、总体情况'),
      ]),
    ]);
    assert.deepEqual(lines, [[`${full}2021年政府信息公开工作年度报告。`], [full], ['一、总体情况']]);
  });
});
