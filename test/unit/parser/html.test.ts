/**
 * HTML pages to text (src/parser/html.ts): exact values through rowspan/colspan tables, site chrome
 * ignored, and HTML as Word writes it. Decoding the bytes is test/unit/parser/decode.test.ts.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'parse5';
import { decodeInput, htmlToText, parseReport, toGoldenJson } from '../../../src/parser';
import { htmlTablesInText, resolveGrid } from '../../../src/parser/html';
import { type Golden } from '../../support/golden';

const DIR = join(__dirname, '..', '..', 'fixtures', 'html');

/** An HTML fixture's expected reading: a golden file with the page's charset. */
type Expected = Golden & { charset: string; mustNotContain: string[] };

const fixtures = readdirSync(DIR)
  .filter((f) => f.endsWith('.expected.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Expected);

test('there are at least two HTML fixtures, one of them GBK', () => {
  assert.ok(fixtures.length >= 2);
  assert.ok(fixtures.some((f) => f.charset === 'gb18030'));
});

for (const exp of fixtures) {
  describe(`HTML fixture ${exp.file}`, () => {
    const bytes = readFileSync(join(DIR, exp.file));
    const report = parseReport(bytes, { fileName: exp.file });
    const json = toGoldenJson(report);

    test('decodes with the declared charset', () => {
      assert.equal(decodeInput(bytes, { fileName: exp.file }).charset, exp.charset);
      assert.ok(report.sourceText.includes(exp.agency.nameInText));
    });

    test('year, form, agency, publication date', () => {
      assert.equal(report.year, exp.year);
      assert.equal(report.formVersion, exp.formatVersion);
      assert.equal(report.agency.nameInText, exp.agency.nameInText);
      assert.equal(report.publishedAt, exp.publishedAt);
    });

    test('sections and their text', () => {
      assert.deepEqual(json.sectionTitles, exp.sectionTitles);
      if (exp.printedTitles) assert.deepEqual(json.printedTitles, exp.printedTitles);
      for (const [n, phrases] of Object.entries(exp.sectionContains)) {
        const s = report.sections.find((x) => x.number === Number(n));
        assert.ok(s, `section ${n}`);
        for (const p of phrases) assert.ok(s.text.includes(p), `section ${n} contains ${p}`);
      }
    });

    test('exact table values', () => {
      assert.deepEqual(json.activeDisclosure, exp.activeDisclosure);
      assert.deepEqual(json.applications, exp.applications);
      assert.deepEqual(json.reviewLitigation, exp.reviewLitigation);
      assert.deepEqual(json.applicationColumns, exp.applicationColumns);
    });

    test('exactly the expected issues', () => {
      assert.deepEqual(
        report.issues.map((i) => `${i.code}@${i.where}`).sort(),
        exp.expectedIssues.map((i) => `${i.code}@${i.where}`).sort(),
      );
    });

    test('navigation, sidebars, footers and scripts are not in the text', () => {
      for (const s of exp.mustNotContain) assert.ok(!report.sourceText.includes(s), `text has no ${s}`);
      assert.ok(!report.sourceText.includes('document.write'));
      for (const section of report.sections) {
        assert.ok(!section.text.includes('打印本页'), `section ${section.number} has no page chrome`);
      }
    });
  });
}

describe('HTML pieces', () => {
  test('rowspan/colspan resolve to grid columns', () => {
    const doc = parse(
      '<table><tr><td rowspan="2" colspan="2">A</td><td colspan="3">B</td></tr>' +
        '<tr><td>c</td><td>d</td><td>e</td></tr><tr><td>f</td><td>g</td><td>h</td></tr></table>',
    );
    const html = doc.childNodes[0];
    assert.ok(html && 'childNodes' in html);
    const body = html.childNodes[1];
    assert.ok(body && 'childNodes' in body);
    const table = body.childNodes[0];
    assert.ok(table && 'tagName' in table && table.tagName === 'table');
    const grid = resolveGrid(table);
    assert.deepEqual(
      grid.map((row) => row.map((c) => `${c.text}@${c.col}`)),
      [
        ['A@0', 'B@2'],
        ['c@2', 'd@3', 'e@4'],
        ['f@0', 'g@1', 'h@2'],
      ],
    );
  });

  test('absurd spans are capped, not allocated', () => {
    const text = htmlToText(
      '<table><tr><td rowspan="65534" colspan="99999">x</td><td>1</td></tr><tr><td>2</td></tr></table>',
    );
    assert.equal(text, 'x | 1\n2');
  });

  test('empty cells are blanks in numeric rows and dropped in header rows', () => {
    const text = htmlToText(
      '<table><tr><td></td><td>自然人</td></tr><tr><td>规章</td><td></td><td>3</td></tr></table>',
    );
    assert.equal(text, '自然人\n规章 | \u00a0 | 3');
  });

  test('script, style, nav and chrome classes are dropped; blocks become lines', () => {
    const text = htmlToText(
      '<body><nav>首页</nav><div class="top-nav">菜单</div><script>var a="x"</script><style>p{}</style>' +
        '<div id="zoom"><p>第一段</p><p>第二<b>段</b><br>换行</p></div><div class="footer">版权</div></body>',
    );
    assert.equal(text, '第一段\n第二段\n换行');
  });

  test('a table that holds tables is layout: its cells are blocks', () => {
    const text = htmlToText(
      '<table><tr><td><p>标题</p><table><tr><td>规章</td><td>1</td></tr></table></td></tr></table>',
    );
    assert.equal(text, '标题\n规章 | 1');
  });

  test('deep nesting does not overflow the stack', () => {
    const depth = 50_000;
    const text = htmlToText(`${'<div>'.repeat(depth)}深${'</div>'.repeat(depth)}`);
    assert.equal(text, '深');
  });
});

/*
 * HTML as Word writes it ("Save as Web Page", or pasted from Word into a site's editor): labels
 * split over <span>s, source lines wrapped inside words, empty cells as <o:p>&nbsp;</o:p> or
 * <o:p></o:p>, mso- styles, <![if !supportLists]> conditional comments and the trailing
 * <![if !supportMisalignedColumns]> row. Each reads as the text Word shows.
 */
const NBSP = '\u00a0';

/** A page as Word's HTML export frames it: Office namespaces, an XML island, a commented style block. */
function wordPage(body: string): string {
  return `<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">
<head><meta http-equiv=Content-Type content="text/html; charset=utf-8"><meta name=Generator content="Microsoft Word 15 (filtered)">
<!--[if gte mso 9]><xml><o:DocumentProperties><o:Author>办公室</o:Author></o:DocumentProperties></xml><![endif]-->
<style><!-- p.MsoNormal, li.MsoNormal {mso-style-parent:""; margin:0cm; font-size:10.5pt;} --></style></head>
<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'><div class=WordSection1 style='layout-grid:15.6pt'>
${body}
</div></body></html>`;
}

/** A table cell as Word writes it. */
const td = (inner: string, attrs = '') =>
  `<td width=57 valign=top ${attrs} style='width:42.5pt;border:solid windowtext 1.0pt;mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt'>
<p class=MsoNormal align=center style='text-align:center'>${inner}</p></td>`;
const num = (n: number) => td(`<span lang=EN-US style='font-size:10.0pt'>${n}<o:p></o:p></span>`);
const nbspCell = td(`<span lang=EN-US style='font-size:10.0pt'><o:p>&nbsp;</o:p></span>`);
const emptyCell = td(`<span lang=EN-US style='font-size:10.0pt'><o:p></o:p></span>`);
const label = (text: string, attrs = '') =>
  td(`<span style='font-family:宋体'>${text}<o:p></o:p></span>`, attrs);

const table = (rows: string[]) =>
  `<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;border:none;mso-yfti-tbllook:1184'>
${rows.map((r, i) => `<tr style='mso-yfti-irow:${i}'>${r}</tr>`).join('\n')}
<![if !supportMisalignedColumns]><tr height=0><td width=120 style='border:none'></td><td width=57 style='border:none'></td><td width=57 style='border:none'></td><td width=57 style='border:none'></td></tr><![endif]>
</table>`;

const lines = (html: string) => htmlToText(wordPage(html)).split('\n');

describe('HTML written by Word', () => {
  test('a source line wrapped inside a word joins without a space; across spans too', () => {
    const got =
      lines(`<p class=MsoNormal align=center style='text-align:center'><b><span style='font-size:18.0pt;font-family:宋体'>某某县<span lang=EN-US>2023</span>年政府信息公开工作年度报
告<o:p></o:p></span></b></p>
<p class=MsoNormal><span style='font-family:宋体'>全年共收到政府信息公开申请</span><span
lang=EN-US>12</span><span style='font-family:宋体'>件，均在法定</span>
<span style='font-family:宋体'>期限内答复。<o:p></o:p></span></p>`);
    assert.deepEqual(got, [
      '某某县2023年政府信息公开工作年度报告',
      '全年共收到政府信息公开申请12件，均在法定期限内答复。',
    ]);
  });

  test('a line break between Latin words or digits still separates them', () => {
    const got = lines(`<p class=MsoNormal><span lang=EN-US>Microsoft
Word</span> <span lang=EN-US>2023
12</span></p>`);
    assert.deepEqual(got, ['Microsoft Word 2023 12']);
  });

  test('a label split over spans with mso- styles reads as one label', () => {
    const got = lines(
      table([
        `${label('（三）不予', 'rowspan=2')}${td(`<span style='font-family:宋体'>1.</span><span style='font-family:宋体;mso-hansi-font-family:Calibri'>属于</span><span style='font-family:宋体'>国家秘密<o:p></o:p></span>`)}${num(3)}${num(3)}`,
        `${label('2.其他法律行政法规禁止公开')}${num(1)}${num(1)}`,
      ]),
    );
    assert.deepEqual(got, ['（三）不予 | 1.属于国家秘密 | 3 | 3', '2.其他法律行政法规禁止公开 | 1 | 1']);
  });

  test('empty cells as <o:p>&nbsp;</o:p> and <o:p></o:p> are blank cells in place, in a row with numbers', () => {
    const got = lines(
      table([`${label('1.本机关不掌握相关政府信息')}${num(4)}${nbspCell}${emptyCell}${num(4)}`]),
    );
    assert.deepEqual(got, [`1.本机关不掌握相关政府信息 | 4 | ${NBSP} | ${NBSP} | 4`]);
  });

  test('a row of blanks only (no digit) keeps every cell, <o:p></o:p> ones included', () => {
    const got = lines(
      table([
        `${label('1.本机关不掌握相关政府信息')}${num(4)}${num(0)}${num(4)}`,
        `${label('2.没有现成信息需要另行制作')}${nbspCell}${emptyCell}${nbspCell}`,
      ]),
    );
    assert.equal(got[1], `2.没有现成信息需要另行制作 | ${NBSP} | ${NBSP} | ${NBSP}`);
  });

  test('a row Word left wholly empty keeps its blanks where the table holds numbers', () => {
    const got = lines(
      table([
        `${label('1.本机关不掌握相关政府信息')}${num(4)}${num(0)}${num(4)}`,
        `${label('2.没有现成信息需要另行制作')}${emptyCell}${emptyCell}${emptyCell}`,
      ]),
    );
    assert.equal(got[1], `2.没有现成信息需要另行制作 | ${NBSP} | ${NBSP} | ${NBSP}`);
  });

  test('a row left empty keeps its blanks even under columns where no row prints a digit', () => {
    // a small body: only the natural-person and total columns ever hold a number
    const got = lines(
      table([
        `${label('一、本年新收政府信息公开申请数量')}${num(1)}${emptyCell}${num(1)}`,
        `${label('二、上年结转政府信息公开申请数量')}${emptyCell}${emptyCell}${emptyCell}`,
      ]),
    );
    assert.equal(got[1], `二、上年结转政府信息公开申请数量 | ${NBSP} | ${NBSP} | ${NBSP}`);
  });

  test('a table without numbers: the empty row under its headers is a row of blanks (a review table left blank)', () => {
    const head = (text: string, attrs = '') => label(text, attrs);
    const got = lines(
      table([
        `${head('行政复议', 'colspan=2')}${head('行政诉讼', 'colspan=2')}`,
        `${head('结果维持', 'rowspan=2')}${head('总计', 'rowspan=2')}${head('未经复议直接起诉', 'colspan=2')}`,
        `${head('结果维持')}${head('总计')}`,
        `${emptyCell}${emptyCell}${emptyCell}${emptyCell}`,
      ]),
    );
    assert.equal(got[3], [NBSP, NBSP, NBSP, NBSP].join(' | '));
    assert.equal(got.length, 4, 'the column-fixing row after it stays out');
  });

  test('a header row with an empty corner is not made a row of blanks', () => {
    const got = lines(
      table([
        `${emptyCell}${label('自然人')}${label('商业企业')}${label('总计')}`,
        `${label('一、本年新收政府信息公开申请数量')}${num(4)}${num(0)}${num(4)}`,
      ]),
    );
    assert.equal(got[0], '自然人 | 商业企业 | 总计');
  });

  test('list numbers in <![if !supportLists]> read as printed; empty paragraphs and the column-fixing row vanish', () => {
    const got =
      lines(`<p class=MsoListParagraph style='margin-left:18.0pt;text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span lang=EN-US><span style='mso-list:Ignore'>（一）<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span></span><![endif]><span style='font-family:宋体'>主动公开情况</span></p>
<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>
<p class=MsoNormal><o:p></o:p></p>
${table([`${label('行政许可')}${num(12)}`])}`);
    assert.deepEqual(got, ['（一） 主动公开情况', '行政许可 | 12']);
  });
});

describe('HTML tables inside markdown (MinerU, Marker)', () => {
  test('each <table> is rendered as rows of cells on lines of their own; the text around it is kept', () => {
    const md = [
      '## 二、主动公开政府信息情况',
      '',
      '<html><body><table><tr><td colspan="2">第二十条第（五）项</td></tr><tr><td>行政许可</td><td>12</td></tr></table></body></html>',
      '',
      '## 三、收到和处理',
    ].join('\n');
    const lines = htmlTablesInText(md)
      .split('\n')
      .filter((l) => l.trim() !== '');
    assert.deepEqual(lines, [
      '## 二、主动公开政府信息情况',
      '第二十条第（五）项',
      '行政许可 | 12',
      '## 三、收到和处理',
    ]);
    assert.equal(htmlTablesInText('no tables here'), 'no tables here');
    // an unclosed table is left as printed
    assert.equal(htmlTablesInText('a <table><tr><td>1'), 'a <table><tr><td>1');
  });

  test('a markdown report with HTML tables reads to its seed golden values', () => {
    const golden = JSON.parse(
      readFileSync(
        join(__dirname, '..', '..', 'fixtures', 'corpus', 'golden', '002_3d44559d993b5fb4.json'),
        'utf8',
      ),
    ) as Golden;
    const json = toGoldenJson(
      parseReport(readFileSync(join(__dirname, '..', '..', 'fixtures', 'challenge', 'md-html-002-0.md'))),
    );
    assert.deepEqual(json.activeDisclosure, golden.activeDisclosure);
    assert.deepEqual(json.applications, golden.applications);
    assert.deepEqual(json.reviewLitigation, golden.reviewLitigation);
  });
});

describe('the applications table printed transposed (issue 13, session 7)', () => {
  const CHALLENGE = join(__dirname, '..', '..', 'fixtures', 'challenge');
  const golden = (seed: string) =>
    JSON.parse(
      readFileSync(join(__dirname, '..', '..', 'fixtures', 'corpus', 'golden', seed), 'utf8'),
    ) as Golden;

  test('applicants as rows, the template rows as columns: read as the template lays it out', () => {
    const html = readFileSync(join(CHALLENGE, 'html-gov-003-1.html'), 'utf8');
    assert.match(html, /<td>法人或其他组织（商业企业）<\/td>/);
    const text = htmlToText(html);
    assert.match(text, /^自然人 \| 法人或其他组织（商业企业） \|.* \| 总计$/m);
    assert.match(text, /^1\.属于国家秘密 \| \/ \| \/ \| \/ \| 0 \| 0 \| 0 \| 0$/m);
    const json = toGoldenJson(parseReport(text));
    assert.deepEqual(json.applications, golden('003_046dc01fb9bbe87a.json').applications);
  });

  test('a wide table without the applicants as row labels is left as printed', () => {
    const cells = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('');
    const heads = [
      '一、本年新收',
      '二、上年结转',
      '（一）予以公开',
      '（二）部分公开',
      '四、结转下年度继续办理',
    ];
    const html = `<table><tr><td>项目</td>${cells(12, (i) => `<td>${heads[i % 5]}</td>`)}</tr>${cells(
      7,
      (r) => `<tr><td>第${r}类</td>${cells(12, () => '<td>1</td>')}</tr>`,
    )}</table>`;
    assert.match(htmlToText(html), /^项目 \| 一、本年新收 \|/);
  });
});
