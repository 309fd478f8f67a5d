/**
 * Tab-separated text from a PDF (seed 004): full-width punctuation, spaces around numbers in
 * prose, a title broken over two lines, row labels in a different column than the template's,
 * and a page break that splits a group label (`(五) 不予` / `予处理`).
 */
import { TableCode } from '../../domain/codes';
import type { Rng } from '../prng';
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

const FULL: Readonly<Record<string, string>> = { ',': '，', '(': '（', ')': '）', ':': '：', ';': '；' };

/** PDF text extraction: full-width punctuation and a space on each side of a number. */
function pdfProse(p: string): string {
  return p
    .replace(/[,():;]/g, (c) => FULL[c] ?? c)
    .replace(/(\d+)/g, ' $1 ')
    .replace(/ +/g, ' ')
    .trim();
}

/** A header line as printed, or spread over two or three lines (the variant `splitHeaders`). */
function header(doc: ReportDoc, line: string): string[] {
  if (!doc.variants?.splitHeaders) return [line];
  return splitHeaderRow(line.split('\t')).map((cells) => cells.join('\t'));
}

function active(doc: ReportDoc): string[] {
  return activeItems(doc).flatMap((item) => {
    if (item.kind === 'group') return [`${pdfProse(item.text)}\t\t\t`];
    const cells = item.kind === 'header' ? item.cells : [item.label, ...item.values.map(visible)];
    const line = [...cells, ...Array(Math.max(0, 4 - cells.length)).fill('')].join('\t');
    return item.kind === 'header' ? header(doc, line) : [line];
  });
}

function applications(doc: ReportDoc, rng: Rng): string[] {
  const out = [
    `${APP_HEADER_NOTE}\t申请人情况${'\t'.repeat(8)}`,
    `\t自然人\t法人或其他组织${'\t'.repeat(5)}总计\t\t`,
    `\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t\t\t`,
  ].flatMap((line) => header(doc, line));
  const breakAt = rng.chance(0.5) ? rng.int(5, 20) : -1;
  appRows(doc).forEach((row, i) => {
    // labels sit in columns 0–2 as the PDF's merged cells put them, not where the template does
    const shift = row.labels.length >= 2 ? 0 : rng.pick([0, 1, 2]);
    let labels = row.labels.map((l) => l.replace(/^(\(.\)|\d\.)/, '$1 '));
    if (i === breakAt && labels.length >= 2) {
      // a page break inside a merged label cell: its two halves land on either side of the break
      const group = labels[0] as string;
      const cut = Math.max(1, group.length - 2);
      out.push(
        `${group.slice(0, cut)}\t${labels.slice(1).join('\t')}\t${row.values.map(visible).join('\t')}\t`,
        '',
      );
      out.push(`\t${group.slice(cut)}`);
      return;
    }
    labels = [...Array(shift).fill(''), ...labels];
    out.push([...labels, ...row.values.map(visible)].join('\t'));
  });
  return out;
}

function review(doc: ReportDoc): string[] {
  return [
    ...[
      `行政复议${'\t'.repeat(5)}行政诉讼${'\t'.repeat(9)}`,
      `${REVIEW_PARTS.join('\t')}\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t`,
      `${'\t'.repeat(5)}${[...REVIEW_PARTS, ...REVIEW_PARTS].join('\t')}`,
    ].flatMap((line) => header(doc, line)),
    reviewValues(doc).map(visible).join('\t'),
  ];
}

export function renderTab(doc: ReportDoc, rng: Rng): string {
  const lines = textReport(doc, {
    title: (t) => {
      // `绥中县 2024 年政府信息公开` / `工作年度报告`
      const spaced = pdfProse(t);
      const k = spaced.indexOf('工作年度报告');
      return k > 0 ? ['', spaced.slice(0, k), '', spaced.slice(k), ''] : [spaced];
    },
    paragraph: (p) => [pdfProse(p), ''],
    table: (code) =>
      code === TableCode.ACTIVE_DISCLOSURE
        ? active(doc)
        : code === TableCode.APPLICATIONS
          ? applications(doc, rng)
          : review(doc),
  });
  return finish(doc, `${lines.join('\n')}\n`);
}
