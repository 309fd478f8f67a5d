/** The parts every plain-text layout shares: the order of sections, headings and prose. */
import { TableCode, type SectionNumber } from '../../domain/codes';
import { chineseDate, OMITTED_TABLE_TEXT, type ReportDoc, title, titledOpening } from './doc';

export interface TextParts {
  /** Lines for a table (or the sentence that replaces an omitted one). */
  table(code: TableCode): string[];
  /** Paragraph lines as this layout prints prose. */
  paragraph(text: string): string[];
  /** The title lines (the tab layout breaks the title in two). */
  title(text: string): string[];
  /** Lines above the title: site chrome of a scraped page. */
  chrome?: string[];
}

/** A whole report as lines: title, opening, six sections, closing signature and date. */
export function textReport(doc: ReportDoc, parts: TextParts): string[] {
  const lines: string[] = [...(parts.chrome ?? [])];
  if (doc.titleLine) lines.push(...parts.title(title(doc)));
  if (doc.dateLabel) lines.push(`来源:${doc.agency.nameInText} 发布时间:${doc.publishedAt} 09:30`);
  if (!doc.titleLine) lines.push(...parts.paragraph(titledOpening(doc)));
  for (const p of doc.prose.opening) lines.push(...parts.paragraph(p));
  const heading = (n: SectionNumber) => {
    if (doc.headings) lines.push(doc.headings[n]);
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
  heading(4);
  tableOrNote(TableCode.REVIEW_LITIGATION);
  heading(5);
  for (const p of doc.prose.problems) lines.push(...parts.paragraph(p));
  heading(6);
  for (const p of doc.prose.other) lines.push(...parts.paragraph(p));
  if (doc.dateClosing) {
    lines.push(...parts.paragraph(doc.agency.nameInText));
    lines.push(...parts.paragraph(chineseDate(doc.publishedAt)));
  }
  return lines;
}
