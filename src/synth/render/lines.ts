/**
 * One cell per line (seed 001): a scraped page whose table cells each became a line, blank cells
 * a no-break space, header cells broken over lines (商业 / 企业), an empty line between lines.
 */
import { TableCode } from '../../domain/codes';
import {
  activeItems,
  APP_HEADER_NOTE,
  appRows,
  REVIEW_PARTS,
  type ReportDoc,
  reviewValues,
  visible,
} from './doc';
import { finish, textReport } from './text-common';

const SPLIT_PARTS = ['结果\n维持', '结果\n纠正', '其他\n结果', '尚未\n审结', '总计'];

function active(doc: ReportDoc): string[] {
  const out: string[] = [];
  for (const item of activeItems(doc)) {
    if (item.kind === 'group') out.push(item.text);
    else if (item.kind === 'header') out.push(...item.cells);
    else out.push(item.label, ...item.values.map(visible));
  }
  return out;
}

function applications(doc: ReportDoc): string[] {
  const out = [APP_HEADER_NOTE, '申请人情况', '自然人', '法人或其他组织', '总计'];
  out.push('商业\n企业', '科研\n机构', '社会公益组织', '法律服务机构', '其他');
  for (const row of appRows(doc)) out.push(...row.labels, ...row.values.map(visible));
  return out;
}

function review(doc: ReportDoc): string[] {
  return [
    '行政复议',
    '行政诉讼',
    ...REVIEW_PARTS,
    '未经复议直接起诉',
    '复议后起诉',
    ...SPLIT_PARTS,
    ...SPLIT_PARTS,
    ...reviewValues(doc).map(visible),
  ];
}

export function renderLines(doc: ReportDoc, blankBetween: boolean): string {
  const lines = textReport(doc, {
    chrome: ['进入无障碍模式', '政府信息公开'],
    title: (t) => [t],
    paragraph: (p) => [p],
    table: (code) =>
      code === TableCode.ACTIVE_DISCLOSURE
        ? active(doc)
        : code === TableCode.APPLICATIONS
          ? applications(doc)
          : review(doc),
  });
  return finish(doc, `${lines.join(blankBetween ? '\n\n' : '\n')}\n`);
}
