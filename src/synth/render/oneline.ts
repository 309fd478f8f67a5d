/**
 * One-line text, as crawlers that strip every tag leave a page: the whole report body on one
 * line, table cells joined with no separator at all (`行政规范性文件898989`, a review row of
 * fifteen numbers glued), the site's chrome mixed in (`当前位置：首页 > 政务公开 > 年度报告 文字版
 * 文件下载`). Numbers are plain digits (compose.ts: no blanks, separators or 万); a change of the
 * 2019 form keeps its sign (`减3`, `-3`, `增3`), which separates it from the digits before.
 */
import { TableCode } from '../../domain/codes';
import { activeItems, APP_HEADER_NOTE, appRows, REVIEW_PARTS, type ReportDoc, reviewValues } from './doc';
import { finish, textReport } from './text-common';
import type { Rng } from '../prng';

const CHROME_BEFORE = [
  '当前位置：首页 > 政务公开 > 年度报告 文字版 文件下载',
  '当前位置：首页 > 政府信息公开 > 政府信息公开年度报告 【字体：大 中 小】 文字版 文件下载',
  '首页 > 政务公开 > 法定主动公开内容 > 年度报告 打印 文字版 文件下载',
];
const CHROME_AFTER = ['【打印本页】【关闭窗口】', '扫一扫在手机打开当前页 打印 关闭', ''];

function active(doc: ReportDoc): string {
  return activeItems(doc)
    .map((item) => {
      if (item.kind === 'group') return item.text;
      if (item.kind === 'header') return item.cells.join('');
      return `${item.label}${item.values.join('')}`;
    })
    .join('');
}

function applications(doc: ReportDoc): string {
  const header = [APP_HEADER_NOTE, '申请人情况', '自然人', '法人或其他组织', '总计'];
  header.push('商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他');
  return (
    header.join('') +
    appRows(doc)
      .map((r) => `${r.labels.join('')}${r.values.join('')}`)
      .join('')
  );
}

function review(doc: ReportDoc): string {
  const header = [
    '行政复议',
    '行政诉讼',
    ...REVIEW_PARTS,
    '未经复议直接起诉',
    '复议后起诉',
    ...REVIEW_PARTS,
    ...REVIEW_PARTS,
  ];
  return header.join('') + reviewValues(doc).join('');
}

export function renderOneline(doc: ReportDoc, rng: Rng): string {
  const before = rng.pick(CHROME_BEFORE);
  const after = rng.pick(CHROME_AFTER);
  const lines = textReport(doc, {
    title: (t) => [t],
    paragraph: (p) => [p],
    table: (code) => [
      code === TableCode.ACTIVE_DISCLOSURE
        ? active(doc)
        : code === TableCode.APPLICATIONS
          ? applications(doc)
          : review(doc),
    ],
  });
  // the title and the date line are elements of their own on the page (a space between), the body one text
  const head: string[] = [];
  let k = 0;
  if (doc.titleLine) head.push(lines[k++] as string);
  if (doc.dateLabel) head.push(lines[k++] as string);
  const body = lines.slice(k).join('');
  return finish(doc, `${[before, ...head, body, after].filter((s) => s.length > 0).join(' ')}\n`);
}
