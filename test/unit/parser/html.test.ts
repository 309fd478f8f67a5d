/** HTML pages: exact values through rowspan/colspan tables, GBK decoding, site chrome ignored. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { parse } from 'parse5';
import { decodeInput, htmlToText, parseReport, toGoldenJson } from '../../../src/parser';
import { resolveGrid } from '../../../src/parser/html';
import { metaCharset } from '../../../src/parser/decode';
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

  test('charset from meta charset and from http-equiv', () => {
    assert.equal(metaCharset('<meta charset="GBK">'), 'gb18030');
    assert.equal(
      metaCharset('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'),
      'gb18030',
    );
    assert.equal(metaCharset('<meta name="x" content="y">'), null);
  });

  test('GBK bytes without a declaration are still decoded (not UTF-8 → GB18030)', () => {
    const bytes = iconv.encode(
      '<html><body><p>绥中县2024年政府信息公开工作年度报告</p></body></html>',
      'gbk',
    );
    const d = decodeInput(bytes);
    assert.equal(d.charset, 'gb18030');
    assert.ok(d.text.includes('绥中县'));
  });

  test('a Content-Type charset wins over the bytes guess', () => {
    const bytes = iconv.encode('一、总体情况', 'gbk');
    assert.equal(decodeInput(bytes, { contentType: 'text/plain; charset=GBK' }).text, '一、总体情况');
  });

  test('a UTF-8 BOM is removed', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('一、总体情况')]);
    assert.equal(decodeInput(bytes).text, '一、总体情况');
  });
});
