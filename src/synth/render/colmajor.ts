/**
 * Column-major text, as PDF text extractors print a borderless table: one cell per line, each
 * table's header cells first, then its label column, then the numbers column by column (the
 * first column of every row, then the second…). Section two prints one such block per 第二十条
 * item; the review table is three labelled rows of five (column by column) or one row of fifteen.
 */
import { REVIEW_ROWS, RowCode, TableCode } from '../../domain/codes';
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

/** Labels of the review table's three rows, as a table printed with row labels names them. */
export const REVIEW_ROW_LABELS: Readonly<Record<string, string>> = {
  [RowCode.RECONSIDERATION]: '行政复议',
  [RowCode.LITIGATION_DIRECT]: '行政诉讼（未经复议直接起诉）',
  [RowCode.LITIGATION_AFTER_RECONSIDERATION]: '行政诉讼（复议后起诉）',
};

/** Labels, then the numbers column by column. */
function block(labels: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  const out = [...labels];
  const width = Math.max(0, ...rows.map((r) => r.length));
  for (let c = 0; c < width; c++) for (const r of rows) if (c < r.length) out.push(visible(r[c] as string));
  return out;
}

function active(doc: ReportDoc): string[] {
  const out: string[] = [];
  let labels: string[] = [];
  let rows: string[][] = [];
  const flush = () => {
    out.push(...block(labels, rows));
    labels = [];
    rows = [];
  };
  for (const item of activeItems(doc)) {
    if (item.kind === 'group') {
      flush();
      out.push(item.text);
    } else if (item.kind === 'header') out.push(...item.cells);
    else {
      labels.push(item.label);
      rows.push(item.values);
    }
  }
  flush();
  return out;
}

function applications(doc: ReportDoc): string[] {
  const out = [APP_HEADER_NOTE, '申请人情况', '自然人', '法人或其他组织', '总计'];
  out.push('商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他');
  const rows = appRows(doc);
  out.push(
    ...block(
      rows.flatMap((r) => r.labels),
      rows.map((r) => r.values),
    ),
  );
  return out;
}

function review(doc: ReportDoc): string[] {
  const values = reviewValues(doc);
  if (doc.reviewAsRows && doc.extraReviewCellAt === null) {
    const rows = REVIEW_ROWS.map((_, g) => values.slice(g * 5, g * 5 + 5));
    return [
      '类别',
      ...REVIEW_PARTS,
      ...block(
        REVIEW_ROWS.map((r) => REVIEW_ROW_LABELS[r] as string),
        rows,
      ),
    ];
  }
  return [
    '行政复议',
    '行政诉讼',
    ...REVIEW_PARTS,
    '未经复议直接起诉',
    '复议后起诉',
    ...REVIEW_PARTS,
    ...REVIEW_PARTS,
    ...values.map(visible),
  ];
}

export function renderColmajor(doc: ReportDoc): string {
  const lines = textReport(doc, {
    title: (t) => [t],
    paragraph: (p) => [p],
    table: (code) =>
      code === TableCode.ACTIVE_DISCLOSURE
        ? active(doc)
        : code === TableCode.APPLICATIONS
          ? applications(doc)
          : review(doc),
  });
  return finish(doc, `${lines.join('\n')}\n`);
}
