/**
 * `|`-separated text (seeds 000, 002, 003): one line per table row, label cells first, empty
 * trailing cells where a row is narrower than the table.
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
import { finish, splitHeaderRow, textReport } from './text-common';

const pad = (cells: number, width: number) => '|'.repeat(Math.max(0, width - cells));

/** A header row as one line, or spread over two or three (the variant `splitHeaders`). */
function header(doc: ReportDoc, cells: readonly string[], width: number): string[] {
  const rows = doc.variants?.splitHeaders ? splitHeaderRow(cells) : [cells];
  return rows.map((r) => `${r.join(' | ')} | ${pad(r.length, width)}`);
}

function active(doc: ReportDoc): string[] {
  return activeItems(doc).flatMap((item) => {
    if (item.kind === 'group') return [`${item.text} | |||`];
    if (item.kind === 'header') return header(doc, item.cells, 4);
    return [`${[item.label, ...item.values.map(visible)].join(' | ')} | ${pad(item.values.length + 1, 4)}`];
  });
}

function applications(doc: ReportDoc): string[] {
  const out = [
    ...header(doc, [APP_HEADER_NOTE, '申请人情况'], 10),
    ...header(doc, ['自然人', '法人或其他组织', '总计'], 10),
    ...header(doc, ['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'], 10),
  ];
  for (const row of appRows(doc)) {
    const cells = [...row.labels, ...row.values.map(visible)];
    out.push(`${cells.join(' | ')} | ${pad(cells.length, 10)}`);
  }
  return out;
}

function review(doc: ReportDoc): string[] {
  return [
    ...header(doc, ['行政复议', '行政诉讼'], 15),
    ...header(doc, [...REVIEW_PARTS, '未经复议直接起诉', '复议后起诉'], 15),
    ...header(doc, [...REVIEW_PARTS, ...REVIEW_PARTS], 15),
    `${reviewValues(doc).map(visible).join(' | ')} |`,
  ];
}

export function renderPipe(doc: ReportDoc): string {
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
