/** The parts every plain-text layout shares: the order of sections, headings and prose. */
import { TableCode, type SectionNumber } from '../../domain/codes';
import { toTraditional } from '../variants';
import { closingDate, OMITTED_TABLE_TEXT, type ReportDoc, title, titledOpening, truncated } from './doc';

export interface TextParts {
  /** Lines for a table (or the sentence that replaces an omitted one). */
  table(code: TableCode): string[];
  /** Paragraph lines as this layout prints prose. */
  paragraph(text: string): string[];
  /** The title lines (the tab layout breaks the title in two). */
  title(text: string): string[];
  /** Lines above the title: site chrome of a scraped page. */
  chrome?: string[];
  /** A section heading's lines (default: the heading as its own line). */
  heading?(text: string): string[];
}

/** A whole report as lines: title, opening, six sections, closing signature and date. */
export function textReport(doc: ReportDoc, parts: TextParts): string[] {
  const lines: string[] = [...(parts.chrome ?? [])];
  if (doc.titleLine) lines.push(...parts.title(title(doc)));
  if (doc.dateLabel) lines.push(`来源:${doc.agency.nameInText} 发布时间:${doc.publishedAt} 09:30`);
  if (!doc.titleLine) lines.push(...parts.paragraph(titledOpening(doc)));
  for (const p of doc.prose.opening) lines.push(...parts.paragraph(p));
  const heading = (n: SectionNumber) => {
    if (doc.headings) lines.push(...(parts.heading ? parts.heading(doc.headings[n]) : [doc.headings[n]]));
  };
  heading(1);
  for (const p of doc.prose.overview) lines.push(...parts.paragraph(p));
  const tableOrNote = (code: TableCode) => {
    if (doc.omit === code) lines.push(...parts.paragraph(OMITTED_TABLE_TEXT));
    else lines.push(...parts.table(code));
  };
  heading(2);
  tableOrNote(TableCode.ACTIVE_DISCLOSURE);
  heading(3);
  tableOrNote(TableCode.APPLICATIONS);
  // a page cut off inside the applications table: nothing after its last row is there
  if (truncated(doc)) return lines;
  heading(4);
  tableOrNote(TableCode.REVIEW_LITIGATION);
  heading(5);
  for (const p of doc.prose.problems) lines.push(...parts.paragraph(p));
  heading(6);
  for (const p of doc.prose.other) lines.push(...parts.paragraph(p));
  if (doc.dateClosing) {
    lines.push(...parts.paragraph(doc.agency.nameInText));
    lines.push(...parts.paragraph(closingDate(doc)));
  }
  return lines;
}

/** The report's text as published: in traditional characters when the variant asks. */
export function finish(doc: ReportDoc, text: string): string {
  return doc.variants?.traditional ? toTraditional(text) : text;
}

/** Header cells a table is found by: never spread over lines. */
const ANCHOR_WORDS = ['行政复议', '申请人情况', '信息内容', '勾稽关系', '第二十条'];

/** A header cell broken where a narrow column would wrap it (two parts, three when long). */
function wrap(cell: string): string[] {
  if (cell.length < 4 || ANCHOR_WORDS.some((w) => cell.includes(w))) return [cell];
  const k = cell.length >= 8 ? 3 : 2;
  const size = Math.ceil(cell.length / k);
  const out: string[] = [];
  for (let i = 0; i < cell.length; i += size) out.push(cell.slice(i, i + size));
  return out;
}

/** A header row spread over two or three lines (the variant `splitHeaders`): cell i of each line. */
export function splitHeaderRow(cells: readonly string[]): string[][] {
  const parts = cells.map(wrap);
  const n = Math.max(...parts.map((p) => p.length));
  return Array.from({ length: n }, (_, i) => parts.map((p) => p[i] ?? ''));
}
