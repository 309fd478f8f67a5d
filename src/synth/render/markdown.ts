/**
 * What PDF-to-markdown converters and OCR services print. Markdown: pipe tables with `|---|`
 * delimiter rows, sometimes under a placeholder header (`数据1 … 数据6`), rows broken into
 * fragments (a row over two lines, the label apart from its numbers), the header repeated
 * mid-table where a page broke, placeholder rows (`- | -`), cells with notes (`22（其中修订16件）`
 * is 22), tables captioned 表一/表二/表三, headings as `##` or bold. OCR (`ocr`): markdown or
 * plain text with cells apart by spaces, row labels misread (../ocr.ts).
 *
 * Headings are printed with their markup; what a reader gives as the printed title is the
 * heading without it (`## 一、总体情况` → `一、总体情况`).
 */
import { TableCode } from '../../domain/codes';
import type { Rng } from '../prng';
import {
  activeItems,
  APP_HEADER_NOTE,
  appRows,
  type PrintedCell,
  REVIEW_PARTS,
  type ReportDoc,
  reviewCells,
} from './doc';
import { finish, splitHeaderRow, textReport } from './text-common';

interface Row {
  cells: string[];
  kind: 'header' | 'group' | 'data';
  /** Label cells at the start of a data row. */
  labels: number;
  /** No blank cell: breaking it into fragments keeps every cell (a blank at a fragment's end would be lost). */
  breakable: boolean;
}

const CAPTIONS: Readonly<Record<TableCode, string>> = {
  [TableCode.ACTIVE_DISCLOSURE]: '表一：主动公开政府信息情况',
  [TableCode.APPLICATIONS]: '表二：收到和处理政府信息公开申请情况',
  [TableCode.REVIEW_LITIGATION]: '表三：政府信息公开行政复议、行政诉讼情况',
};

interface Style {
  plain: boolean;
  heading: 'hash' | 'bold' | 'plain';
  captions: boolean;
}

const data = (labels: readonly string[], cells: readonly PrintedCell[]): Row => ({
  cells: [...labels, ...cells.map((c) => c.text)],
  kind: 'data',
  labels: labels.length,
  breakable: cells.every((c) => !c.blank),
});

function headerRows(doc: ReportDoc, cells: readonly string[]): Row[] {
  const rows = doc.variants?.splitHeaders ? splitHeaderRow(cells) : [[...cells]];
  return rows.map((r) => ({ cells: r, kind: 'header' as const, labels: 0, breakable: false }));
}

function activeRows(doc: ReportDoc, rng: Rng): Row[] {
  const out: Row[] = [];
  for (const item of activeItems(doc)) {
    if (item.kind === 'group') out.push({ cells: [item.text], kind: 'group', labels: 0, breakable: false });
    else if (item.kind === 'header') out.push(...headerRows(doc, item.cells));
    else {
      const row = data([item.label], item.cells);
      // a count of documents with a note on it, as reports print them
      const first = item.cells[0];
      if (
        item.code &&
        ['regulations', 'normativeDocuments'].includes(item.code) &&
        first &&
        first.value >= 2
      ) {
        if (rng.chance(0.3)) row.cells[1] = `${first.text}（其中修订${rng.int(1, first.value - 1)}件）`;
      }
      out.push(row);
    }
  }
  return out;
}

function applicationRows(doc: ReportDoc): Row[] {
  return [
    ...headerRows(doc, [APP_HEADER_NOTE, '申请人情况']),
    ...headerRows(doc, ['自然人', '法人或其他组织', '总计']),
    ...headerRows(doc, ['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他']),
    ...appRows(doc).map((r) => data(r.labels, r.cells)),
  ];
}

function reviewRows(doc: ReportDoc): Row[] {
  return [
    ...headerRows(doc, ['行政复议', '行政诉讼']),
    ...headerRows(doc, [...REVIEW_PARTS, '未经复议直接起诉', '复议后起诉']),
    ...headerRows(doc, [...REVIEW_PARTS, ...REVIEW_PARTS]),
    data([], reviewCells(doc)),
  ];
}

const mdLine = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;

/** A row over two lines: the labels apart from the numbers, or the numbers broken after some of them. */
function fragments(rng: Rng, row: Row): string[][] {
  const values = row.cells.length - row.labels;
  if (row.labels > 0 && (values < 2 || rng.chance(0.5))) {
    return [row.cells.slice(0, row.labels), row.cells.slice(row.labels)];
  }
  const cut = row.labels + rng.int(1, values - 1);
  return [row.cells.slice(0, cut), row.cells.slice(cut)];
}

function markdownTable(rng: Rng, rows: readonly Row[]): string[] {
  const width = Math.max(...rows.map((r) => r.cells.length));
  const pad = (cells: readonly string[]) => [...cells, ...Array<string>(width - cells.length).fill('')];
  const placeholder = rng.chance(0.35);
  const out: string[] = [];
  const delimiter = `|${'---|'.repeat(width)}`;
  const body = [...rows];
  if (placeholder) out.push(mdLine(Array.from({ length: width }, (_, i) => `数据${i + 1}`)), delimiter);
  else out.push(mdLine(pad((body.shift() as Row).cells)), delimiter);
  const dataAt = body.map((r, i) => (r.kind === 'data' ? i : -1)).filter((i) => i >= 0);
  // a page break: the header printed again before a later row
  const repeatBefore = dataAt.length > 4 && rng.chance(0.3) ? rng.pick(dataAt.slice(2)) : -1;
  const placeholderAfter = dataAt.length > 1 && rng.chance(0.25) ? rng.pick(dataAt) : -1;
  // what a page break repeats: the header rows the table starts with
  const firstData = rows.findIndex((r) => r.kind === 'data');
  const headers = rows.slice(0, firstData < 0 ? rows.length : firstData).filter((r) => r.kind === 'header');
  body.forEach((row, i) => {
    if (i === repeatBefore) for (const h of headers) out.push(mdLine(pad(h.cells)));
    if (row.kind === 'data' && row.breakable && row.cells.length >= 2 && rng.chance(0.15)) {
      for (const f of fragments(rng, row)) out.push(mdLine(f));
    } else out.push(mdLine(pad(row.cells)));
    if (i === placeholderAfter) out.push('| - | - |');
  });
  return out;
}

/** OCR plain text: cells apart by two spaces, one row a line. */
function plainTable(rows: readonly Row[]): string[] {
  return rows.map((r) => r.cells.join('  '));
}

function render(doc: ReportDoc, rng: Rng, style: Style): string {
  const table = (code: TableCode): string[] => {
    const rows =
      code === TableCode.ACTIVE_DISCLOSURE
        ? activeRows(doc, rng)
        : code === TableCode.APPLICATIONS
          ? applicationRows(doc)
          : reviewRows(doc);
    const lines = style.plain ? plainTable(rows) : markdownTable(rng, rows);
    return [...(style.captions ? [CAPTIONS[code], ''] : []), ...lines, ''];
  };
  const lines = textReport(doc, {
    title: (t) => [style.plain ? t : `# ${t}`, ''],
    paragraph: (p) => [p, ''],
    heading: (h) => [style.heading === 'hash' ? `## ${h}` : style.heading === 'bold' ? `**${h}**` : h, ''],
    table,
  });
  return finish(doc, `${lines.join('\n').replace(/\n+$/, '')}\n`);
}

function drawStyle(rng: Rng, doc: ReportDoc, plain: boolean): Style {
  return {
    plain,
    heading: plain
      ? 'plain'
      : rng.weighted([
          ['hash', 0.5],
          ['bold', 0.25],
          ['plain', 0.25],
        ] as const),
    // a caption would be read as the heading of a report that prints none
    captions: doc.headings !== null && rng.chance(0.5),
  };
}

export function renderMarkdown(doc: ReportDoc, rng: Rng): string {
  return render(doc, rng, drawStyle(rng, doc, false));
}

/** OCR output: markdown (as a markdown-emitting OCR service) or plain text, with misread labels. */
export function renderOcr(doc: ReportDoc, rng: Rng): string {
  return render(doc, rng, drawStyle(rng, doc, rng.chance(0.4)));
}
