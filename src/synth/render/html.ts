/**
 * A government web page (fixtures test/fixtures/html): site chrome around a content block, the
 * tables as <table> with rowspan/colspan headers, &nbsp; or empty cells for blanks; some pages in
 * GBK. The review table is sometimes three labelled rows of five.
 */
import iconv from 'iconv-lite';
import { REVIEW_ROWS, RowCode, TableCode } from '../../domain/codes';
import {
  activeItems,
  APP_GROUPS,
  APP_HEADER_NOTE,
  appRows,
  closingDate,
  OMITTED_TABLE_TEXT,
  REVIEW_PARTS,
  type ReportDoc,
  reviewValues,
  title,
  titledOpening,
  truncated,
} from './doc';
import { toTraditional } from '../variants';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const td = (text: string, attrs = '') =>
  `<td${attrs} valign="middle">${text === '\u00a0' ? '&nbsp;' : esc(text)}</td>`;

/** A row's value cells; an empty cell survives only in a row that also prints a digit. */
function valueCells(values: readonly string[], width = values.length): string {
  const hasDigit = values.some((v) => /[0-9０-９]/.test(v));
  return values
    .map((v, i) => {
      // the last cell spans what the row leaves of the table's width
      const span =
        i === values.length - 1 && width > values.length ? ` colspan="${width - values.length + 1}"` : '';
      return td(v === '' && !hasDigit ? '\u00a0' : v, span);
    })
    .join('');
}

export function active(doc: ReportDoc): string {
  const rows = activeItems(doc).map((item) => {
    if (item.kind === 'group') return `<tr>${td(item.text, ' colspan="4"')}</tr>`;
    if (item.kind === 'header') {
      const cells = item.cells.slice(1);
      const last = cells.length - 1;
      const heads = cells.map((c, i) =>
        td(c, i === last && cells.length < 3 ? ` colspan="${4 - cells.length}"` : ''),
      );
      return `<tr>${td('信息内容')}${heads.join('')}</tr>`;
    }
    return `<tr>${td(item.label)}${valueCells(item.values, 3)}</tr>`;
  });
  return `<table border="1" cellspacing="0" width="100%"><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

/**
 * `width`: the value columns a row short of cells still spans (its last cell merged over the rest,
 * as Word prints a row whose cell was deleted); unset, a short row just ends, as in a web page.
 */
export function applications(doc: ReportDoc, width?: number): string {
  const out = [
    `<tr><td rowspan="3" colspan="3" valign="middle"><p style="text-align:center">${esc(APP_HEADER_NOTE)}</p></td>${td('申请人情况', ' colspan="7"')}</tr>`,
    `<tr>${td('自然人', ' rowspan="2"')}${td('法人或其他组织', ' colspan="5"')}${td('总计', ' rowspan="2"')}</tr>`,
    `<tr><td valign="middle">商业<br>企业</td><td valign="middle">科研<br>机构</td>${td('社会公益组织')}${td('法律服务机构')}${td('其他')}</tr>`,
  ];
  for (const row of appRows(doc)) {
    let label: string;
    const own = row.own;
    if (
      row.code === null ||
      row.code === RowCode.NEW_RECEIVED ||
      row.code === RowCode.CARRIED_OVER ||
      row.code === RowCode.CARRIED_FORWARD
    ) {
      label = td(own, ' colspan="3"');
    } else {
      const groups = row.kind === 'row' ? APP_GROUPS.filter((g) => g.first === row.code) : [];
      label = groups.map((g) => td(g.label, ` rowspan="${g.rows(doc.form)}"`)).join('');
      const inSubGroup = /^refused\.|^unableToProvide\.|^notProcessed\.|^otherDisposal\./.test(row.code);
      label += inSubGroup ? td(own) : td(own, ' colspan="2"');
    }
    out.push(`<tr>${label}${valueCells(row.values, Math.max(width ?? 0, row.values.length))}</tr>`);
  }
  return `<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" width="100%"><tbody>\n${out.join('\n')}\n</tbody></table>`;
}

export function review(doc: ReportDoc): string {
  const values = reviewValues(doc);
  let rows: string[];
  if (doc.reviewAsRows && doc.extraReviewCellAt === null) {
    const names: Record<string, string> = {
      [RowCode.RECONSIDERATION]: '行政复议',
      [RowCode.LITIGATION_DIRECT]: '行政诉讼(未经复议直接起诉)',
      [RowCode.LITIGATION_AFTER_RECONSIDERATION]: '行政诉讼(复议后起诉)',
    };
    rows = [`<tr>${td('类别')}${REVIEW_PARTS.map((p) => td(p)).join('')}</tr>`];
    REVIEW_ROWS.forEach((row, g) => {
      rows.push(`<tr>${td(names[row] as string)}${valueCells(values.slice(g * 5, g * 5 + 5))}</tr>`);
    });
  } else {
    rows = [
      `<tr>${td('行政复议', ' colspan="5"')}${td('行政诉讼', ' colspan="10"')}</tr>`,
      `<tr>${REVIEW_PARTS.map((p) => td(p, ' rowspan="2"')).join('')}${td('未经复议直接起诉', ' colspan="5"')}${td('复议后起诉', ' colspan="5"')}</tr>`,
      `<tr>${[...REVIEW_PARTS, ...REVIEW_PARTS].map((p) => td(p)).join('')}</tr>`,
      `<tr>${valueCells(values)}</tr>`,
    ];
  }
  return `<table border="1" cellspacing="0" width="100%"><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

export function renderHtml(doc: ReportDoc): Buffer {
  const t = title(doc);
  const p = (text: string) => `<p style="text-indent:2em">${esc(text)}</p>`;
  const body: string[] = [];
  if (!doc.titleLine) body.push(p(titledOpening(doc)));
  for (const x of doc.prose.opening) body.push(p(x));
  const heading = (n: 1 | 2 | 3 | 4 | 5 | 6) => {
    if (doc.headings) body.push(`<p><strong>${esc(doc.headings[n])}</strong></p>`);
  };
  const table = (code: TableCode, render: () => string) =>
    body.push(doc.omit === code ? p(OMITTED_TABLE_TEXT) : render());
  heading(1);
  for (const x of doc.prose.overview) body.push(p(x));
  heading(2);
  table(TableCode.ACTIVE_DISCLOSURE, () => active(doc));
  heading(3);
  // a page cut off inside the applications table: nothing after its last row is there
  const cut = truncated(doc);
  if (cut) body.push(applications(doc).replace(/\n<\/tbody><\/table>$/, ''));
  else {
    table(TableCode.APPLICATIONS, () => applications(doc));
    heading(4);
    table(TableCode.REVIEW_LITIGATION, () => review(doc));
    heading(5);
    for (const x of doc.prose.problems) body.push(p(x));
    heading(6);
    for (const x of doc.prose.other) body.push(p(x));
    if (doc.dateClosing) {
      body.push(`<p style="text-align:right">${esc(doc.agency.nameInText)}</p>`);
      body.push(`<p style="text-align:right">${closingDate(doc)}</p>`);
    }
  }
  const charset = doc.gbk ? 'gbk' : 'utf-8';
  const page = `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="${charset}"><meta name="viewport" content="width=device-width">
<title>${doc.titleLine ? esc(t) : '政府信息公开年度报告'}_${esc(doc.agency.manifestName)}</title>
<style>td{border:1px solid #000}</style><script src="/js/jquery.js"></script></head>
<body>
<div class="header"><div class="logo"><img src="/images/logo.png" alt="政府门户网站"></div></div>
<nav class="main-nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwgk/ndbg/">政府信息公开年度报告</a></li><li><a href="/">一、总体情况</a></li></ul></nav>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 年度报告</div>
<div class="container"><div class="main-right">
${doc.titleLine ? `<h1 class="article-title">${esc(t)}</h1>\n` : ''}<div class="article-info">${doc.dateLabel ? `<span>发布时间：${doc.publishedAt} 16:30</span>` : ''}<span>来源：${esc(doc.agency.nameInText)}</span></div>
<div class="TRS_Editor" id="zoom">
${body.join('\n')}
</div>
<div class="article-tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
</div></div>
<div class="footer"><p>主办单位：${esc(doc.agency.manifestName)}&#12288;&#12288;网站标识码：0000000000</p></div>
</body></html>
`;
  const printed = cut ? `${page.slice(0, page.indexOf('\n</div>\n<div class="article-tools">'))}\n` : page;
  const text = doc.variants?.traditional ? toTraditional(printed) : printed;
  return doc.gbk ? iconv.encode(text, 'gbk') : Buffer.from(text, 'utf8');
}
